package org.dataexplorer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code etc/nginx/data.conf} and {@code data-http.conf} in a real nginx (Debian's {@code /usr/sbin/nginx})
 * in front of the real WAR in token mode, with a browser JWT: a generated 105 MB upload streams through
 * (the service lists the dataset with bytes received while the client is still sending, and nginx's
 * {@code client_body_temp_path} stays empty), the dataset is ready with every row, and a page and a full
 * export come back through nginx without anything in its {@code proxy_temp_path}. The shipped files are
 * used as they are; only the upstream's address in {@code data-http.conf} is pointed at the test's service.
 * Skips with a reason without nginx, unless {@code CI=true}.
 */
@ExtendWith(SharedService.class)
class NginxProxyIT {

    private static final Path NGINX = Path.of(System.getProperty("nginx.binary", "/usr/sbin/nginx"));
    private static final Path CONF = Path.of("etc", "nginx").toAbsolutePath();
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String USER = "nginx-it-user";

    /** Rows of {@link #writeRows}: 95 bytes each, about 105 MB. */
    private static final int ROWS = 1_100_000;
    private static final byte[] HEADER = "id,grp,amount,label\n".getBytes(StandardCharsets.US_ASCII);
    private static final int ROW_BYTES = 95;
    private static final int LABEL_CHARS = ROW_BYTES - (10 + 1 + 2 + 1 + 7 + 1 + 1);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void uploadsPagesAndExportsStreamThroughNginx(SharedService.Handle shared) throws Exception {
        ServiceProcess.require(Files.isExecutable(NGINX), "NginxProxyIT", "nginx is not installed (" + NGINX
                + "; Debian: nginx)");
        ServiceProcess service = shared.get();
        try (Nginx nginx = Nginx.start(ServiceProcess.fresh("nginx-it"), service.port, this)) {
            String token = jwt(service.jwtSecret, USER, "read write", Instant.now().getEpochSecond() + 900);

            HttpResponse<String> anonymous = get(nginx.uri("api/datasets"), null, Map.of());
            assertEquals(401, anonymous.statusCode(), anonymous.body());
            assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
            HttpResponse<String> named = get(nginx.uri("api/datasets"), token, Map.of("X-Request-Id", "it-nginx-1"));
            assertEquals("it-nginx-1", named.headers().firstValue("X-Request-Id").orElse(null));
            assertTrue(get(nginx.uri("api/datasets"), token, Map.of()).headers().firstValue("X-Request-Id")
                    .orElse("").matches("[0-9a-f]{32}"), "nginx's $request_id is passed to the service");
            // data.conf drops X-Data-User: with a JWT the service would answer it with 400.
            HttpResponse<String> acting = get(nginx.uri("api/datasets"), token, Map.of("X-Data-User", "someone"));
            assertEquals(200, acting.statusCode(), acting.body());

            String id = streamedUpload(nginx, token);

            JsonObject ready = poll("the upload is ingested", () -> summary(nginx, token, id),
                    s -> !"ingesting".equals(s.getString("status")));
            assertEquals("ready", ready.getString("status"), ready::toString);
            assertEquals(ROWS, ready.getJsonNumber("rowCount").longValue());
            assertEquals(HEADER.length + (long) ROWS * ROW_BYTES, ready.getJsonNumber("bytesReceived").longValue());

            HttpResponse<String> page = get(nginx.uri("data/" + id + "?page=5000&pageSize=3"), token, Map.of());
            assertEquals(200, page.statusCode(), page.body());
            JsonObject rows = json(page.body());
            assertEquals(ROWS, rows.getJsonNumber("count").longValue());
            List<Long> ids = rows.getJsonArray("rows").stream()
                    .map(r -> r.asJsonArray().getJsonNumber(0).longValue()).toList();
            assertEquals(List.of(1_000_014_997L, 1_000_014_998L, 1_000_014_999L), ids);
            assertEquals(label(14_997), rows.getJsonArray("rows").getJsonArray(0).getString(3));

            streamedExport(nginx, token, id);

            HttpURLConnection chunked = open(nginx.uri("api/datasets?name=chunked-through-nginx"), token);
            chunked.setChunkedStreamingMode(8192);
            try (OutputStream out = chunked.getOutputStream()) {
                out.write(HEADER);
                writeRows(out, 0, 10_000);
            }
            assertEquals(201, chunked.getResponseCode(), () -> errorBody(chunked));
            try (InputStream in = chunked.getInputStream()) {
                assertEquals(10_000, json(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .getJsonNumber("rowCount").longValue());
            }
            assertEquals(List.of(), nginx.tempFiles(), "nginx wrote temporary files");

            HttpResponse<String> deleted = http.send(HttpRequest.newBuilder(nginx.uri("api/datasets/" + id))
                    .DELETE().header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(204, deleted.statusCode(), deleted.body());
        }
    }

    /** Sends half the file, checks the service is already receiving it and nginx has nothing on disk,
     * then sends the rest. */
    private String streamedUpload(Nginx nginx, String token) throws Exception {
        String name = "through-nginx-" + Long.toString(System.nanoTime(), 36);
        long length = HEADER.length + (long) ROWS * ROW_BYTES;
        CountDownLatch halfSent = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread client = new Thread(() -> {
            try {
                HttpURLConnection c = open(nginx.uri("api/datasets?wait=false&name=" + name), token);
                c.setFixedLengthStreamingMode(length);
                try (OutputStream out = c.getOutputStream()) {
                    out.write(HEADER);
                    writeRows(out, 0, ROWS / 2);
                    out.flush();
                    halfSent.countDown();
                    if (!goOn.await(2 * TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                        throw new IllegalStateException("never told to send the second half");
                    }
                    writeRows(out, ROWS / 2, ROWS);
                }
                int status = c.getResponseCode();
                outcome.set(status == 201 ? new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                        : new IllegalStateException(status + " " + errorBody(c)));
            } catch (IOException | InterruptedException | RuntimeException e) {
                outcome.set(e);
            }
        }, "upload-through-nginx");
        AtomicInteger mostTempFiles = new AtomicInteger();
        Thread watcher = new Thread(() -> {
            while (client.isAlive()) {
                mostTempFiles.accumulateAndGet(nginx.clientBodyFiles().size(), Math::max);
                sleep(20);
            }
        }, "client-body-temp-watcher");
        client.start();
        watcher.start();
        try {
            assertTrue(halfSent.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "the first half was not sent: " + outcome);
            JsonObject receiving = poll("the service receives the upload while the client still sends it",
                    () -> {
                        if (outcome.get() != null) {
                            fail("the upload ended before its second half was sent: " + outcome.get());
                        }
                        List<Path> spooled = nginx.clientBodyFiles();
                        if (!spooled.isEmpty()) {
                            fail("nginx spooled the upload to client_body_temp_path: " + spooled);
                        }
                        return findByName(nginx, token, name).orElse(JsonValue.EMPTY_JSON_OBJECT);
                    },
                    d -> d.containsKey("bytesReceived") && d.getJsonNumber("bytesReceived").longValue() > 0);
            assertTrue(receiving.getJsonNumber("bytesReceived").longValue() < length);
            assertEquals(List.of(), nginx.clientBodyFiles(), "nginx spooled the upload to client_body_temp_path");
        } finally {
            goOn.countDown();
            client.join(TIMEOUT.toMillis());
            watcher.join(TIMEOUT.toMillis());
        }
        if (!(outcome.get() instanceof String body)) {
            throw new AssertionError("the upload through nginx failed: " + outcome.get(),
                    outcome.get() instanceof Throwable t ? t : null);
        }
        assertEquals(0, mostTempFiles.get(), "nginx spooled the upload to client_body_temp_path");
        return json(body).getString("id");
    }

    /** Reads the start of the export, lets nginx have every chance to buffer the rest, then reads it all. */
    private void streamedExport(Nginx nginx, String token, String id) throws Exception {
        HttpURLConnection c = open(nginx.uri("api/datasets/" + id + "/export?format=csv"), token);
        c.setRequestMethod("GET");
        c.setDoOutput(false);
        assertEquals(200, c.getResponseCode(), () -> errorBody(c));
        assertEquals(String.valueOf(ROWS), c.getHeaderField("X-Row-Count"));
        try (InputStream in = c.getInputStream()) {
            byte[] buffer = new byte[64 * 1024];
            long lines = 0;
            long bytes = 0;
            int n = in.readNBytes(buffer, 0, buffer.length);
            assertTrue(new String(buffer, 0, n, StandardCharsets.US_ASCII).startsWith("id,grp,amount,label\n"
                    + "1000000000,10,"), "the export starts with the header and the first row");
            // A buffering proxy would now be writing the rest of the export to proxy_temp_path.
            sleep(500);
            assertEquals(List.of(), nginx.proxyTempFiles(), "nginx buffered the export to proxy_temp_path");
            do {
                bytes += n;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            } while ((n = in.read(buffer)) != -1);
            assertEquals(ROWS + 1L, lines);
            assertTrue(bytes > (long) ROWS * 80, "export of " + bytes + " bytes");
        }
    }

    /** Row i: id (1000000000 + i), grp (10..99), amount (1000.00..9999.99), label (letters), 95 bytes. */
    private static void writeRows(OutputStream out, int from, int to) throws IOException {
        byte[] buffer = new byte[ROW_BYTES * 1024];
        int used = 0;
        for (int i = from; i < to; i++) {
            used = digits(buffer, used, 1_000_000_000L + i, 10);
            buffer[used++] = ',';
            used = digits(buffer, used, 10 + i % 90, 2);
            buffer[used++] = ',';
            used = digits(buffer, used, 1000 + (i * 7919L) % 9000, 4);
            buffer[used++] = '.';
            used = digits(buffer, used, (i * 31L) % 100, 2);
            buffer[used++] = ',';
            for (int k = 0; k < LABEL_CHARS; k++) {
                buffer[used++] = (byte) ('a' + (i + k) % 26);
            }
            buffer[used++] = '\n';
            if (used == buffer.length) {
                out.write(buffer, 0, used);
                used = 0;
            }
        }
        out.write(buffer, 0, used);
    }

    private static String label(int i) {
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < LABEL_CHARS; k++) {
            s.append((char) ('a' + (i + k) % 26));
        }
        return s.toString();
    }

    private static int digits(byte[] buffer, int at, long value, int width) {
        for (int k = width - 1; k >= 0; k--) {
            buffer[at + k] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }

    private HttpResponse<String> get(URI uri, String token, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonObject summary(Nginx nginx, String token, String id) {
        HttpResponse<String> answer = get(nginx.uri("api/datasets/" + id), token, Map.of());
        assertEquals(200, answer.statusCode(), answer.body());
        return json(answer.body());
    }

    private Optional<JsonObject> findByName(Nginx nginx, String token, String name) {
        HttpResponse<String> answer = get(nginx.uri("api/datasets"), token, Map.of());
        assertEquals(200, answer.statusCode(), answer.body());
        JsonArray datasets = json(answer.body()).getJsonArray("datasets");
        return datasets.stream().map(JsonValue::asJsonObject).filter(d -> name.equals(d.getString("name"))).findFirst();
    }

    private static HttpURLConnection open(URI uri, String token) throws IOException {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        c.setDoOutput(true);
        c.setRequestMethod("POST");
        c.setRequestProperty("Content-Type", "text/csv");
        c.setRequestProperty("Authorization", "Bearer " + token);
        c.setConnectTimeout(10_000);
        c.setReadTimeout((int) TIMEOUT.toMillis());
        return c;
    }

    private static String errorBody(HttpURLConnection c) {
        try (InputStream err = c.getErrorStream()) {
            return err == null ? "(no body)" : new String(err.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    /** An HS256 JWT as Django's token view makes it. */
    static String jwt(String secret, String sub, String scope, long exp) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"sub\":\"" + sub + "\",\"exp\":" + exp + ",\"scope\":\"" + scope
                + "\"}").getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] signature = mac.doFinal((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        return header + "." + claims + "." + b64.encodeToString(signature);
    }

    private static <T> T poll(String what, Supplier<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            T value = probe.get();
            if (done.test(value)) {
                return value;
            }
            if (System.nanoTime() - deadline > 0) {
                return fail("timed out after " + TIMEOUT.toSeconds() + " s waiting until " + what + "; last: " + value);
            }
            sleep(100);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An nginx process of its own: prefix, pid, logs and temp paths under {@code dir}, a free loopback port. */
    private record Nginx(Path dir, int port, Process process) implements AutoCloseable {

        static Nginx start(Path dir, int upstreamPort, NginxProxyIT test) throws Exception {
            for (String sub : List.of("conf", "logs", "temp")) {
                Files.createDirectories(dir.resolve(sub));
            }
            String httpPart = Files.readString(CONF.resolve("data-http.conf"));
            String pointed = httpPart.replaceFirst("server 127\\.0\\.0\\.1:8080;", "server 127.0.0.1:" + upstreamPort + ";");
            assertTrue(!pointed.equals(httpPart), "data-http.conf has no 'server 127.0.0.1:8080;' upstream to point");
            Files.writeString(dir.resolve("conf/data-http.conf"), pointed);
            int port = ServiceProcess.freePort();
            String root = "root".equals(System.getProperty("user.name")) ? "user root root;\n" : "";
            Files.writeString(dir.resolve("conf/nginx.conf"), root + """
                    worker_processes 1;
                    pid %1$s/nginx.pid;
                    error_log %1$s/logs/error.log info;
                    events { worker_connections 128; }
                    http {
                        access_log %1$s/logs/access.log;
                        client_body_temp_path %1$s/temp/client_body;
                        proxy_temp_path %1$s/temp/proxy;
                        fastcgi_temp_path %1$s/temp/fastcgi;
                        uwsgi_temp_path %1$s/temp/uwsgi;
                        scgi_temp_path %1$s/temp/scgi;
                        include %1$s/conf/data-http.conf;
                        server {
                            listen 127.0.0.1:%2$d;
                            server_name localhost;
                            include %3$s;
                        }
                    }
                    """.formatted(dir, port, CONF.resolve("data.conf")));
            Process process = new ProcessBuilder(NGINX.toString(), "-p", dir.toString(), "-c",
                    dir.resolve("conf/nginx.conf").toString(), "-e", dir.resolve("logs/error.log").toString(),
                    "-g", "daemon off;").redirectErrorStream(true)
                    .redirectOutput(dir.resolve("logs/nginx.out").toFile()).start();
            Nginx nginx = new Nginx(dir, port, process);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                if (!process.isAlive()) {
                    fail("nginx exited with " + process.exitValue() + ":\n" + nginx.logs());
                }
                try {
                    if (test.get(nginx.uri("api/health"), null, Map.of()).statusCode() == 200) {
                        return nginx;
                    }
                } catch (IllegalStateException notYet) {
                    // not listening yet
                }
                if (System.nanoTime() - deadline > 0) {
                    nginx.close();
                    fail("nginx did not proxy /data/api/health within 30 s:\n" + nginx.logs());
                }
                sleep(100);
            }
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + "/data/" + path);
        }

        List<Path> clientBodyFiles() {
            return files(dir.resolve("temp/client_body"));
        }

        List<Path> proxyTempFiles() {
            return files(dir.resolve("temp/proxy"));
        }

        List<Path> tempFiles() {
            return files(dir.resolve("temp"));
        }

        /**
         * The files under {@code root}, and the files under it that nginx's processes hold open: nginx unlinks
         * a temporary file right after creating it (unless it is kept on purpose), so a listing alone would
         * never see one; {@code /proc/<pid>/fd} shows it as {@code <path> (deleted)}.
         */
        private List<Path> files(Path root) {
            List<Path> found = new ArrayList<>();
            if (Files.isDirectory(root)) {
                try (Stream<Path> walk = Files.walk(root)) {
                    walk.filter(Files::isRegularFile).forEach(found::add);
                } catch (IOException | UncheckedIOException racedWithNginx) {
                    found.add(root.resolve("(unreadable: " + racedWithNginx + ")"));
                }
            }
            List<ProcessHandle> processes = new ArrayList<>(process.children().toList());
            processes.add(process.toHandle());
            for (ProcessHandle nginx : processes) {
                Path fds = Path.of("/proc", String.valueOf(nginx.pid()), "fd");
                try (Stream<Path> open = Files.list(fds)) {
                    for (Path fd : open.toList()) {
                        try {
                            Path target = Files.readSymbolicLink(fd);
                            if (target.startsWith(root)) {
                                found.add(target);
                            }
                        } catch (IOException closedMeanwhile) {
                            // the descriptor was closed between the listing and the read
                        }
                    }
                } catch (IOException | UncheckedIOException noProc) {
                    // not Linux, or the process is gone: the listing above is all there is
                }
            }
            return found;
        }

        String logs() throws IOException {
            List<String> parts = new ArrayList<>();
            for (String log : List.of("logs/nginx.out", "logs/error.log")) {
                Path file = dir.resolve(log);
                parts.add(log + ":\n" + (Files.exists(file) ? Files.readString(file) : "(none)"));
            }
            return String.join("\n", parts);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
