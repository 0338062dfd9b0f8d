package org.dataexplorer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * A small client for the data service under test. Paths are relative to the deployment
 * ({@code http://127.0.0.1:PORT/data/}); absolute paths and full URLs (e.g. a {@code next} link)
 * are accepted too. Every dataset created through {@link #upload} is remembered so a test class can
 * delete them afterwards.
 */
final class Http {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Bounds each wait of a streamed upload: for a write to go through, or for the next response bytes. */
    static final Duration STREAM_TIMEOUT = Duration.ofMinutes(10);

    private final URI base;
    private final HttpClient client;
    private final List<String> created = new ArrayList<>();

    Http(URL base) {
        try {
            this.base = base.toURI();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    URI base() {
        return base;
    }

    URI uri(String path) {
        return base.resolve(path);
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    /** GETs a link ({@code next}, {@code previous}) of a JSON reply, resolved against that reply's URI. */
    Reply follow(Reply from, String member) {
        JsonObject body = from.object();
        assertTrue(body.get(member) != null && body.get(member).getValueType() == JsonValue.ValueType.STRING,
                () -> "no " + member + " link in " + from.describe());
        return send(HttpRequest.newBuilder(URI.create(from.uri()).resolve(body.getString(member))).GET());
    }

    Reply delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    /** POST of an in-memory body; {@code headers} are name/value pairs. */
    Reply post(String path, byte[] body, String contentType, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    /**
     * Sends a request. A request that got no response byte at all on a pooled connection the
     * server had meanwhile closed (legal: HTTP lets a server close an idle persistent connection)
     * is sent once more, as browsers do; {@code UploadIT} checks separately that the server says
     * {@code Connection: close} when it means to close.
     */
    Reply send(HttpRequest.Builder request) {
        HttpRequest built = request.timeout(REQUEST_TIMEOUT).build();
        try {
            try {
                return exchange(built);
            } catch (IOException e) {
                if (!isStaleConnection(e)) {
                    throw e;
                }
                return exchange(built);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(built.method() + " " + built.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Reply exchange(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new Reply(request.method(), request.uri().toString(), response.statusCode(),
                response.headers().map(), response.body());
    }

    private static boolean isStaleConnection(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.EOFException
                    || (t.getMessage() != null && t.getMessage().contains("received no bytes"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * POSTs a body of unknown length with chunked transfer encoding, copying {@code body} through
     * a fixed buffer so that nothing but the buffer is held in memory. Blocks until the response.
     */
    Reply postStream(String path, InputStream body, String contentType) {
        return postStream(path, contentType, out -> body.transferTo(out));
    }

    /**
     * Like {@link #postStream(String, InputStream, String)}, with the body written by {@code writer};
     * {@code flush()} sends what was written so far. A response the server sends before the body
     * is complete (an early error) is returned, not lost.
     */
    Reply postStream(String path, String contentType, BodyWriter writer) {
        return RawHttp.postChunked(base, path, contentType, writer, STREAM_TIMEOUT.toMillis());
    }

    @FunctionalInterface
    interface BodyWriter {
        void write(OutputStream out) throws IOException;
    }

    /** Raw CSV upload to {@code POST /data/api/datasets}; asserts 201 and returns the summary. */
    JsonObject upload(String query, String csv) {
        return upload("api/datasets", query, csv.getBytes(StandardCharsets.UTF_8), "text/csv");
    }

    JsonObject upload(String path, String query, byte[] body, String contentType, String... headers) {
        String target = query == null || query.isEmpty() ? path : path + "?" + query;
        Reply reply = post(target, body, contentType, headers);
        return created(reply);
    }

    /** Asserts that {@code reply} is a 201 for a new dataset, remembers the id, returns the summary. */
    JsonObject created(Reply reply) {
        JsonObject summary = reply.expect(201);
        String id = summary.getString("id", null);
        assertNotNull(id, () -> "summary without id: " + reply.describe());
        created.add(id);
        String location = reply.header("Location");
        assertNotNull(location, () -> "201 without Location: " + reply.describe());
        assertEquals("/data/api/datasets/" + id, base.resolve(location).getPath(),
                () -> "Location of " + reply.describe());
        return summary;
    }

    void remember(String id) {
        created.add(id);
    }

    JsonObject summary(String id) {
        return get("api/datasets/" + id).expect(200);
    }

    List<JsonObject> list() {
        Reply reply = get("api/datasets");
        JsonObject body = reply.expect(200);
        assertTrue(body.containsKey("datasets"), () -> "list without datasets: " + reply.describe());
        return body.getJsonArray("datasets").getValuesAs(JsonObject.class);
    }

    Optional<JsonObject> findByName(String name) {
        return list().stream().filter(d -> name.equals(d.getString("name", null))).findFirst();
    }

    /** Polls the summary until the dataset is no longer ingesting, and returns it. */
    JsonObject awaitSettled(String id, Duration timeout) {
        return Poll.until(timeout, "dataset " + id + " leaves status ingesting",
                () -> summary(id), s -> !"ingesting".equals(s.getString("status", "")));
    }

    /** Every row of a dataset of at most 1000 rows, from {@code GET /data/data/{id}?pageSize=1000}. */
    JsonObject allRows(String id) {
        JsonObject page = get("data/" + id + "?pageSize=1000").expect(200);
        assertTrue(page.getJsonArray("rows").size() == page.getJsonNumber("count").longValue(),
                () -> "not all rows on one page: " + page);
        return page;
    }

    /** Deletes every dataset this client created; a dataset already gone is fine. */
    void deleteCreated() {
        for (String id : created) {
            Reply reply = delete("api/datasets/" + id);
            assertTrue(reply.status() == 204 || reply.status() == 404,
                    () -> "cleanup failed: " + reply.describe());
        }
        created.clear();
    }

    static List<String> names(JsonObject withColumns) {
        List<String> names = new ArrayList<>();
        for (JsonValue column : withColumns.getJsonArray("columns")) {
            names.add(column.getValueType() == JsonValue.ValueType.STRING
                    ? JsonText.text(column)
                    : column.asJsonObject().getString("name"));
        }
        return names;
    }
}
