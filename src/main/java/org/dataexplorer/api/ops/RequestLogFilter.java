package org.dataexplorer.api.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.dataexplorer.api.DataService;
import org.dataexplorer.api.DataServiceLifecycle;
import org.dataexplorer.api.problems.Problem;
import org.dataexplorer.api.problems.ProblemJson;
import org.dataexplorer.api.security.Principals;
import org.dataexplorer.ingest.ReadPriority;
import org.dataexplorer.ops.AccessLog;
import org.dataexplorer.ops.EndpointKind;
import org.dataexplorer.ops.OpsService;
import org.dataexplorer.security.Principal;

/**
 * First filter of the application: gives every request an id ({@code X-Request-Id}, taken from the
 * request when it is a sane token, else generated, and echoed back), refuses uploads and deletes in
 * read-only mode, and when the request is done (also after async processing, as uploads are) writes one
 * access log line to the {@value #ACCESS_LOGGER} logger (from a background writer, {@link AccessLog}) and records the request's latency.
 */
public final class RequestLogFilter extends HttpFilter {

    public static final String ACCESS_LOGGER = AccessLog.LOGGER;
    public static final String HEADER = "X-Request-Id";
    /** The request attribute holding the request id, for other parts that log. */
    public static final String ATTRIBUTE = "org.dataexplorer.requestId";
    /**
     * A request attribute holding a {@link LongSupplier} of the body bytes read so far, set by code that reads
     * the body itself (uploads); the access log's {@code in} is then what was read, not the declared length
     * (a chunked upload declares none).
     */
    public static final String BYTES_READ = "org.dataexplorer.requestBytesRead";

    private static final long serialVersionUID = 1L;
    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private transient OpsService ops;
    private transient ReadPriority readPriority;

    @Override
    public void init() {
        DataService service = DataServiceLifecycle.of(getServletContext());
        ops = service.ops();
        readPriority = service.ingest().readPriority();
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long start = System.nanoTime();
        String id = requestId(request.getHeader(HEADER));
        request.setAttribute(ATTRIBUTE, id);
        response.setHeader(HEADER, id);
        String path = pathOf(request);
        EndpointKind kind = EndpointKind.of(request.getMethod(), path);
        Exchange exchange = new Exchange(id, request.getMethod(), path, kind, start);
        CountingResponse counting = new CountingResponse(response);
        if (ops.readOnly() && (kind == EndpointKind.UPLOAD || isWrite(request.getMethod()))) {
            refuseReadOnly(counting);
            exchange.finish(request, counting);
            return;
        }
        boolean async = false;
        // Reads of datasets go before ingest work (ReadPriority); long exports and uploads are not such reads.
        boolean read = kind.isQuery();
        if (read) {
            readPriority.readStarted();
        }
        try {
            chain.doFilter(request, counting);
            async = request.isAsyncStarted();
            if (async) {
                request.getAsyncContext().addListener(new Finisher(exchange, request, counting));
            }
        } finally {
            if (read) {
                readPriority.readFinished();
            }
            if (!async) {
                exchange.finish(request, counting);
            }
        }
    }

    private static boolean isWrite(String method) {
        return switch (method) {
            case "DELETE", "PUT", "PATCH" -> true;
            default -> false;
        };
    }

    private static void refuseReadOnly(HttpServletResponse response) throws IOException {
        Problem problem = Problem.of(503, "Read-only mode",
                "The service is in read-only mode: uploads and deletes are refused for now; reads work");
        byte[] body = ProblemJson.toJson(problem).getBytes(StandardCharsets.UTF_8);
        response.setStatus(503);
        response.setHeader("Retry-After", "60");
        response.setContentType(Problem.MEDIA_TYPE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    static String requestId(String given) {
        if (given != null && SANE_ID.matcher(given).matches()) {
            return given;
        }
        return randomId().toString();
    }

    /**
     * A version 4 UUID from {@link ThreadLocalRandom}: a request id needs to be unique, not unguessable, and
     * {@code UUID.randomUUID()} would make every request take SecureRandom's lock.
     */
    private static UUID randomId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }

    private static String pathOf(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
        return path.isEmpty() ? "/" : path;
    }

    /** One request's facts, logged once. */
    private final class Exchange {
        private final String id;
        private final String method;
        private final String path;
        private final EndpointKind kind;
        private final long start;
        private boolean done;

        Exchange(String id, String method, String path, EndpointKind kind, long start) {
            this.id = id;
            this.method = method;
            this.path = path;
            this.kind = kind;
            this.start = start;
        }

        synchronized void finish(HttpServletRequest request, CountingResponse response) {
            if (done) {
                return;
            }
            done = true;
            long nanos = System.nanoTime() - start;
            int status = response.getStatus();
            ops.metrics().request(kind, status, nanos);
            AccessLog log = ops.accessLog();
            if (log.enabled()) {
                Principal principal = Principals.of(request);
                String user = principal == null || principal.user() == null ? request.getRemoteUser() : principal.user();
                long tenths = (nanos + 50_000) / 100_000;
                String line = "request id=" + id + " user=" + (user == null ? "-" : user) + " method=" + method
                        + " route=" + EndpointKind.route(path) + " kind=" + kind.tag() + " status=" + status
                        + " ms=" + tenths / 10 + "." + tenths % 10
                        + " in=" + bytesIn(request) + " out=" + response.bytesWritten();
                log.add(line);
            }
        }
    }

    private static long bytesIn(HttpServletRequest request) {
        return request.getAttribute(BYTES_READ) instanceof LongSupplier read ? read.getAsLong()
                : Math.max(request.getContentLengthLong(), 0);
    }

    private static final class Finisher implements AsyncListener {
        private final Exchange exchange;
        private final HttpServletRequest request;
        private final CountingResponse response;

        Finisher(Exchange exchange, HttpServletRequest request, CountingResponse response) {
            this.exchange = exchange;
            this.request = request;
            this.response = response;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            exchange.finish(request, response);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            exchange.finish(request, response);
        }

        @Override
        public void onError(AsyncEvent event) {
            exchange.finish(request, response);
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }
    }
}
