package org.dataexplorer.api.upload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.dataexplorer.api.DataService;
import org.dataexplorer.api.DataServiceLifecycle;
import org.dataexplorer.api.json.JsonWriter;
import org.dataexplorer.api.ops.RequestLogFilter;
import org.dataexplorer.api.problems.Problem;
import org.dataexplorer.api.problems.ProblemJson;
import org.dataexplorer.api.problems.Problems;
import org.dataexplorer.api.resources.DatasetViews;
import org.dataexplorer.api.security.UploadAdmission;
import org.dataexplorer.ingest.IngestFailure;
import org.dataexplorer.ingest.IngestOptions;
import org.dataexplorer.ingest.Upload;
import org.dataexplorer.ingest.upload.MultipartSink;
import org.dataexplorer.store.DatasetManifest;

/**
 * Takes {@code POST /api/datasets} and {@code POST /parse-csv} before JAX-RS sees them, and reads the
 * body with servlet async I/O so an upload of any size streams to disk through a fixed buffer.
 * Other methods pass on to JAX-RS.
 */
public final class UploadFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private transient DataService service;
    private transient DatasetViews views;

    /** Where upload bodies are read; null: on the container's threads. */
    private transient Executor receivers;

    @Override
    public void init() {
        service = DataServiceLifecycle.of(getServletContext());
        views = new DatasetViews(service);
        // Jetty lets the body be read on the application's own threads (the ITs, RealServersIT and the load test
        // run it so). In Tomcat 10.1, idle and cut-off uploads read that way were no longer answered (408, 400),
        // so there the container's threads read.
        String server = String.valueOf(getServletContext().getServerInfo()).toLowerCase(Locale.ROOT);
        receivers = server.contains("jetty") ? service.ingest().receivers() : null;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!"POST".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        Upload upload;
        boolean wait;
        UploadAdmission.Ticket ticket = null;
        try {
            Map<String, String> query = QueryString.parse(request.getQueryString());
            wait = !query.containsKey("wait") || UploadOptionsParser.bool("wait", query.get("wait"));
            long declared = request.getContentLengthLong();
            if (declared > service.config().maxUploadBytes()) {
                refuseTooLarge(request, response, declared);
                return;
            }
            ticket = UploadAdmission.admit(request, service);
            IngestOptions options = UploadOptionsParser.parse(query, ticket.owner(), gzipDeclared(request));
            upload = service.ingest().begin(options, multipartBoundary(request), ticket.allowance());
        } catch (UploadAdmission.Refused refused) {
            // Per-user upload slots (429) or the storage quota (507), decided before any byte is read.
            response.setHeader("Connection", "close");
            if (refused.retryAfterSeconds() > 0) {
                response.setHeader("Retry-After", Long.toString(refused.retryAfterSeconds()));
            }
            sendProblem(response, refused.problem());
            return;
        } catch (IngestFailure failure) {
            if (ticket != null) {
                ticket.release();
            }
            // The body is left unread, so the container closes the connection: say so to keep-alive clients.
            response.setHeader("Connection", "close");
            if (failure.kind() == IngestFailure.Kind.BUSY) {
                response.setHeader("Retry-After", "5");
            }
            sendProblem(response, Problems.from(failure));
            return;
        } catch (IOException | RuntimeException e) {
            if (ticket != null) {
                ticket.release();
            }
            throw e;
        }
        request.setAttribute(RequestLogFilter.BYTES_READ, (LongSupplier) upload::bytesReceived);
        UploadAdmission.Ticket admitted = ticket;
        upload.result().whenComplete((manifest, error) -> admitted.release());
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        UploadReader reader = new UploadReader(upload, async, request.getInputStream(), wait, receivers,
                outcome -> respond(outcome, admitted));
        request.getInputStream().setReadListener(reader);
        reader.answerOnEarlyFailure();
    }

    /**
     * Answers 413 from the declared length, before reading the body, then reads and drops a body of at
     * most {@link BodyDrain#MAX_BYTES}. A browser reads the answer only once it has sent the whole body: a
     * connection closed on unread bytes ends with a TCP reset, which discards the answer on its way, and the
     * page sees a network error. A larger body is not worth reading: the connection closes after the answer
     * (clients that read while they send, like curl, still get it; the explorer page checks the size first).
     */
    private void refuseTooLarge(HttpServletRequest request, HttpServletResponse response, long declared)
            throws IOException {
        response.setHeader("Connection", "close");
        sendProblem(response, Problems.from(IngestFailure.tooLarge("The upload is " + declared
                + " bytes; the limit is " + service.config().maxUploadBytes() + " bytes")));
        response.flushBuffer();
        if (declared > BodyDrain.MAX_BYTES) {
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(service.config().uploadIdleTimeout().toMillis());
        BodyDrain.start(async, request.getInputStream());
    }

    private static boolean gzipDeclared(HttpServletRequest request) {
        String encoding = request.getHeader("Content-Encoding");
        if (encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("identity")) {
            return false;
        }
        if (encoding.trim().equalsIgnoreCase("gzip") || encoding.trim().equalsIgnoreCase("x-gzip")) {
            return true;
        }
        throw IngestFailure.badOption("Content-Encoding", "Content-Encoding '" + encoding + "' is not supported; use gzip or none");
    }

    private static String multipartBoundary(HttpServletRequest request) {
        String type = request.getContentType();
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            String boundary = MultipartSink.boundaryOf(type);
            if (boundary == null) {
                throw IngestFailure.badOption("Content-Type", "multipart/form-data needs a boundary parameter");
            }
            return boundary;
        }
        return null;
    }

    /** Called once per upload, from whichever thread finishes it. */
    private void respond(UploadReader.Outcome outcome, UploadAdmission.Ticket ticket) {
        if (outcome.failure() != null || outcome.manifest() != null) {
            // The upload is over: give the user's slot back before answering, so their next upload may start.
            ticket.release();
        }
        AsyncContext async = outcome.async();
        HttpServletResponse response = (HttpServletResponse) async.getResponse();
        try {
            if (outcome.failure() != null) {
                response.setHeader("Connection", "close");
                if (outcome.failure().kind() == IngestFailure.Kind.STORAGE_FULL) {
                    response.setHeader("Retry-After", "60");
                }
                sendProblem(response, ticket.translate(outcome.failure(), Problems.from(outcome.failure())));
            } else {
                HttpServletRequest request = (HttpServletRequest) async.getRequest();
                String location = request.getContextPath() + "/api/datasets/" + outcome.id();
                DatasetManifest manifest = outcome.manifest() != null ? outcome.manifest()
                        : service.catalog().get(outcome.id()).orElseThrow();
                byte[] body = JsonWriter.toJson(views.summary(manifest)).getBytes(StandardCharsets.UTF_8);
                response.setStatus(HttpServletResponse.SC_CREATED);
                response.setHeader("Location", location);
                response.setContentType("application/json");
                response.setContentLength(body.length);
                response.getOutputStream().write(body);
            }
        } catch (IOException | RuntimeException e) {
            // The client is gone; nothing left to tell it.
        } finally {
            async.complete();
        }
    }

    private static void sendProblem(HttpServletResponse response, Problem problem) throws IOException {
        byte[] body = ProblemJson.toJson(problem).getBytes(StandardCharsets.UTF_8);
        response.setStatus(problem.status());
        response.setContentType(Problem.MEDIA_TYPE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
