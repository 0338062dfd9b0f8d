package org.dataexplorer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile uploads over real HTTP: decompression bombs, an endless line, bodies shorter or longer than
 * their Content-Length, broken multipart and chunked framing, a trickling client, control bytes and
 * invalid UTF-8 in the request head. Each gets a 4xx {@code application/problem+json} answer (or, where
 * HTTP defines the result, that result), within bounded time; a dataset stored before is byte-identical
 * afterwards (SHA-256 of every file of its directory, and its answers), and no file of the hostile
 * upload is left but the manifest of a failed dataset.
 */
class HostileUploadIT extends WithDeployedService {

    private static final long MAX_UPLOAD = Long.getLong("data.max.upload.bytes", 52_428_800L);
    private static final long TIMEOUT = 60_000;

    private Integrity.Guard guard;
    private Path guardDir;
    private Map<String, Long> storageBefore;

    @BeforeEach
    void storeAGuardDataset() {
        StringBuilder csv = new StringBuilder(SimpleCsv.HEADER);
        for (int i = 0; i < 700; i++) {
            csv.append(SimpleCsv.row(i));
        }
        String id = http.upload("name=guard-" + UUID.randomUUID(), csv.toString()).getString("id");
        guardDir = StorageDir.datasetDir(id).orElseThrow();
        guard = Integrity.Guard.of(http, guardDir, id);
        storageBefore = StorageDir.files();
    }

    /**
     * The guard is unchanged; once the datasets the test made are deleted (a failed one's manifest
     * included), no file is left that was not there before, and no temporary file at all.
     */
    @AfterEach
    void nothingElseWasTouched() {
        try {
            guard.assertUnchanged(http, guardDir);
        } finally {
            http.deleteCreated();
        }
        Poll.until(Duration.ofSeconds(20), "no leftovers of the hostile upload", () -> {
            try {
                Integrity.assertNoLeftovers(http, StorageDir.root(), storageBefore);
                return true;
            } catch (AssertionError notYet) {
                return false;
            }
        }, done -> done);
        Integrity.assertNoLeftovers(http, StorageDir.root(), storageBefore);
        http.get("api/health").expect(200);
    }

    // ---- decompression bombs ----

    @Test
    void gzipBombDeclaredByContentEncodingIs413AndCreatesNoDataset() throws IOException {
        byte[] bomb = gzipOfRows(MAX_UPLOAD + (8 << 20));
        assertTrue(bomb.length < MAX_UPLOAD / 100, "the bomb is small: " + bomb.length);
        String name = "gzip-bomb-" + UUID.randomUUID();
        Reply reply = rawPost("api/datasets?name=" + name, bomb, "Content-Type: text/csv", "Content-Encoding: gzip");
        JsonObject problem = reply.expectProblem(413);
        assertTrue(problem.getString("detail").contains(String.valueOf(MAX_UPLOAD)), problem::toString);
        assertNoDatasetNamed(name);
    }

    @Test
    void gzipBombRecognisedByItsMagicBytesIs413AndCreatesNoDataset() throws IOException {
        byte[] bomb = gzipOfRows(MAX_UPLOAD + (8 << 20));
        String name = "gz-file-bomb-" + UUID.randomUUID();
        Reply reply = rawPost("api/datasets?name=" + name, bomb, "Content-Type: application/gzip");
        reply.expectProblem(413);
        assertNoDatasetNamed(name);
    }

    @Test
    void gzipBombOfOneEndlessLineStopsAtTheRecordLimit() throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(compressed)) {
            byte[] zeros = new byte[1 << 20];
            Arrays.fill(zeros, (byte) '0');
            for (int i = 0; i < 40; i++) {
                gz.write(zeros);
            }
        }
        String name = "gzip-line-" + UUID.randomUUID();
        Reply reply = rawPost("api/datasets?name=" + name, compressed.toByteArray(), "Content-Type: text/csv",
                "Content-Encoding: gzip");
        JsonObject problem = reply.expectProblem(422);
        assertLimitNamedWithPosition(problem);
        assertFailedOrGone(name);
    }

    // ---- an endless line ----

    /**
     * Here the line races {@code max.upload.bytes} (50 MB in the ITs), which the spool may reach before the
     * parser has read 8 MB of the field; either limit is a 4xx. {@link LineLimitsIT} checks the line limit
     * itself, on a server whose upload limit is out of reach.
     */
    @Test
    void gigabyteSingleLineIsRefusedEarly() {
        long gigabyte = 1L << 30;
        AtomicLong sent = new AtomicLong();
        String name = "one-line-" + UUID.randomUUID();
        Reply reply = http.postStream("api/datasets?name=" + name, "text/csv", out -> {
            byte[] block = new byte[64 * 1024];
            Arrays.fill(block, (byte) 'x');
            while (sent.get() < gigabyte) {
                out.write(block);
                sent.addAndGet(block.length);
            }
        });
        assertTrue(reply.status() == 413 || reply.status() == 422, reply::describe);
        JsonObject problem = reply.problemBody();
        if (reply.status() == 422) {
            assertLimitNamedWithPosition(problem);
        }
        assertTrue(sent.get() < 256L << 20, () -> "the server let " + sent.get() + " bytes of one line in");
        assertFailedOrGone(name);
    }

    // ---- Content-Length lies ----

    @Test
    void bodyShorterThanItsContentLengthFailsTheDatasetAndKeepsNothing() {
        String name = "short-body-" + UUID.randomUUID();
        byte[] part = rows(0, 5_000);
        try (RawHttp.Upload upload = RawHttp.open(http.base(), "POST", "api/datasets?name=" + name,
                List.of("Content-Type: text/csv", "Content-Length: " + (part.length * 4L)))) {
            assertTrue(upload.write(out -> out.write(part), TIMEOUT));
            upload.shutdownOutput();
            RawHttp.Response response = upload.awaitResponse(TIMEOUT);
            if (response.status() > 0) {
                assertClientProblem(response);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        JsonObject dataset = Poll.until(Duration.ofSeconds(30), "the cut-off upload is failed",
                () -> http.findByName(name), d -> d.isEmpty() || "failed".equals(d.get().getString("status")))
                .orElse(null);
        if (dataset != null) {
            http.remember(dataset.getString("id"));
            assertFalse(dataset.getString("error", "").isBlank(), dataset::toString);
        }
    }

    /**
     * HTTP/1.1 frames the body by Content-Length: the upload is exactly the declared bytes (here cut in
     * the middle of a row, which the lenient parser completes with nulls), and what follows is the next
     * request on the connection, which the server refuses as malformed. Nothing of the surplus is stored.
     */
    @Test
    void bodyLongerThanItsContentLengthIsCutAtTheDeclaredLength() {
        String name = "long-body-" + UUID.randomUUID();
        byte[] body = rows(0, 100);
        int declared = rows(0, 10).length + 3;
        try (RawHttp.Upload upload = RawHttp.open(http.base(), "POST", "api/datasets?name=" + name,
                List.of("Content-Type: text/csv", "Content-Length: " + declared), true)) {
            upload.write(out -> out.write(body), TIMEOUT);
            upload.shutdownOutput();
            RawHttp.Response response = upload.awaitResponse(TIMEOUT);
            assertTrue(response.status() == 201, response::raw);
            JsonObject summary = Json.createReader(new StringReader(new String(response.body(),
                    StandardCharsets.UTF_8))).readObject();
            http.remember(summary.getString("id"));
            assertEquals(11, summary.getJsonNumber("rowCount").longValue(), summary::toString);
            assertEquals(declared, summary.getJsonNumber("bytesReceived").longValue(), summary::toString);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertEquals(1, http.list().stream().filter(d -> name.equals(d.getString("name"))).count());
    }

    // ---- multipart ----

    @Test
    void multipartWithoutItsClosingBoundaryIsAClientError() {
        String boundary = "b0undary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n" + SimpleCsv.HEADER + SimpleCsv.row(1);
        assertMultipartRefused(boundary, body);
    }

    @Test
    void multipartWithoutAFilePartIsAClientError() {
        String boundary = "xyz";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"comment\"\r\n\r\nhello\r\n--"
                + boundary + "--\r\n";
        assertMultipartRefused(boundary, body);
    }

    @Test
    void multipartBodyThatNeverShowsItsBoundaryIsAClientError() {
        assertMultipartRefused("never-there", SimpleCsv.HEADER + SimpleCsv.row(1) + SimpleCsv.row(2));
    }

    @Test
    void multipartPartWithGarbageHeadersIsAClientError() {
        String boundary = "q";
        String body = "--" + boundary + "\r\n\u0000\u0001\u0002 no colon here\r\nmore\r\n--" + boundary + "--\r\n";
        assertMultipartRefused(boundary, body);
    }

    @Test
    void multipartWithoutABoundaryParameterIs400NamingContentType() {
        Reply reply = http.post("api/datasets?name=mp-" + UUID.randomUUID(), rows(0, 3), "multipart/form-data");
        assertEquals("Content-Type", reply.expectProblem(400).getString("parameter"));
    }

    // ---- chunked framing ----

    @Test
    void invalidChunkSizeMidBodyIsA400AndFailsTheUpload() {
        String name = "bad-chunk-" + UUID.randomUUID();
        RawHttp.Response response = chunkedThen(name, "zz\r\nnot hex\r\n0\r\n\r\n");
        assertRefusedFraming(response);
        assertFailedOrGone(name);
    }

    @Test
    void chunkLongerThanTheDataSentThenEndOfStreamFailsTheUpload() {
        String name = "short-chunk-" + UUID.randomUUID();
        RawHttp.Response response = chunkedThen(name, "100000\r\n" + SimpleCsv.row(9));
        if (response.status() > 0) {
            assertClientProblem(response);
        }
        assertFailedOrGone(name);
    }

    @Test
    void absurdChunkSizeIsA400() {
        String name = "huge-chunk-" + UUID.randomUUID();
        RawHttp.Response response = chunkedThen(name, "ffffffffffffffffffff\r\nx\r\n0\r\n\r\n");
        assertRefusedFraming(response);
        assertFailedOrGone(name);
    }

    @Test
    void contentLengthTogetherWithChunkedIsRefused() {
        // Tomcat reads such a request as chunked (RFC 9112 lets Transfer-Encoding override Content-Length) and
        // drops Content-Length before the application sees it, so the service cannot refuse it there.
        boolean tomcat = "tomcat".equals(System.getProperty("arquillian.launch"));
        if (tomcat) {
            System.out.println("HostileUploadIT.contentLengthTogetherWithChunkedIsRefused SKIPPED: Tomcat reads"
                    + " Content-Length + Transfer-Encoding as chunked");
        }
        org.junit.jupiter.api.Assumptions.assumeFalse(tomcat, "Tomcat reads Content-Length + Transfer-Encoding as chunked");
        String name = "smuggle-" + UUID.randomUUID();
        byte[] request = ("POST " + http.base().getPath() + "api/datasets?name=" + name + " HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: text/csv\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "5\r\na,b\n1\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        RawHttp.Response response = RawHttp.exchange(http.base(), request, TIMEOUT);
        assertRefusedFraming(response);
        assertNoDatasetNamed(name);
    }

    // ---- a trickling client ----

    /**
     * A client that sends a byte every few hundred milliseconds is never idle for upload.idle.timeout.ms,
     * but falls below upload.min.bytes.per.second once the grace period has passed: 408.
     */
    @Test
    void tricklingUploadIsCutOffByTheMinimumRate() {
        String name = "trickle-" + UUID.randomUUID();
        long idle = Long.getLong("data.upload.idle.timeout.ms", 10_000);
        byte[] csv = rows(0, 100_000);
        try (RawHttp.Upload upload = RawHttp.open(http.base(), "POST", "api/datasets?name=" + name,
                List.of("Content-Type: text/csv", "Content-Length: " + csv.length))) {
            long deadline = System.nanoTime() + (idle * 6) * 1_000_000;
            int i = 0;
            while (!upload.closedByServer() && System.nanoTime() < deadline && i < csv.length) {
                int at = i++;
                if (!upload.write(out -> out.write(csv[at]), TIMEOUT)) {
                    break;
                }
                Poll.sleep(250);
            }
            RawHttp.Response response = upload.awaitResponse(TIMEOUT);
            assertEquals(408, response.status(), response::raw);
            assertTrue(new String(response.body(), StandardCharsets.UTF_8).contains("upload.min.bytes.per.second"),
                    response::raw);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertFailedOrGone(name);
    }

    // ---- the request head ----

    @Test
    void controlBytesInAHeaderValueAreRefusedWith400() {
        byte[] request = ("POST " + http.base().getPath() + "api/datasets HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: text/csv\u0000evil\r\nContent-Length: 4\r\nConnection: close\r\n\r\na,b\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        RawHttp.Response response = RawHttp.exchange(http.base(), request, TIMEOUT);
        assertEquals(400, response.status(), response::raw);
    }

    @Test
    void invalidUtf8AndNulInTheQueryAreAnsweredWithoutAServerError() {
        byte[] name = "bad-%FF%FE-%00-name".getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = concat(("POST " + http.base().getPath() + "api/datasets?name=").getBytes(StandardCharsets.ISO_8859_1),
                name, (" HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: 8\r\nConnection: close\r\n\r\n"
                        + "a,b\n1,2\n").getBytes(StandardCharsets.ISO_8859_1));
        RawHttp.Response response = RawHttp.exchange(http.base(), request, TIMEOUT);
        assertTrue(response.status() == 201 || response.status() == 400, response::raw);
        if (response.status() == 201) {
            JsonObject summary = Json.createReader(new StringReader(new String(response.body(),
                    StandardCharsets.UTF_8))).readObject();
            http.remember(summary.getString("id"));
            assertFalse(summary.getString("name").contains("\u0000"), "a NUL kept in the name: " + summary);
        } else {
            assertClientProblem(response);
        }
    }

    @Test
    void rawNonAsciiBytesInTheRequestLineAreAnsweredWithoutAServerError() {
        byte[] request = concat(("POST " + http.base().getPath() + "api/datasets?name=").getBytes(StandardCharsets.ISO_8859_1),
                new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, (byte) 0xC3, (byte) 0x28, (byte) 0xFF},
                (" HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: 8\r\nConnection: close\r\n\r\n"
                        + "a,b\n1,2\n").getBytes(StandardCharsets.ISO_8859_1));
        RawHttp.Response response = RawHttp.exchange(http.base(), request, TIMEOUT);
        assertTrue(response.status() == 201 || response.status() == 400, response::raw);
        if (response.status() == 201) {
            JsonObject summary = Json.createReader(new StringReader(new String(response.body(),
                    StandardCharsets.UTF_8))).readObject();
            http.remember(summary.getString("id"));
        }
    }

    @Test
    void byteOrderMarkInAHeaderNameIsA400() {
        byte[] request = concat(("POST " + http.base().getPath() + "api/datasets HTTP/1.1\r\nHost: x\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1),
                new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                "Content-Type: text/csv\r\nContent-Length: 8\r\nConnection: close\r\n\r\na,b\n1,2\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
        RawHttp.Response response = RawHttp.exchange(http.base(), request, TIMEOUT);
        assertEquals(400, response.status(), response::raw);
    }

    @Test
    void byteOrderMarksAndNulBytesInTheBodyMakeADatasetOrA422() {
        byte[] body = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                "id,te\u0000xt\n1,a\u0000b\n2,\uFEFFc\n".getBytes(StandardCharsets.UTF_8),
                new byte[] {'3', ',', (byte) 0xC3, (byte) 0x28, '\n', '4', ',', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '\n'});
        Reply reply = http.post("api/datasets?name=nul-bom-" + UUID.randomUUID(), body, "text/csv");
        if (reply.status() == 201) {
            String id = http.created(reply).getString("id");
            JsonObject rows = http.allRows(id);
            assertEquals(4, rows.getJsonNumber("count").longValue(), rows::toString);
            assertEquals("id", Http.names(rows).get(0), "the BOM is not part of the first name");
        } else {
            reply.expectProblem(422);
        }
    }

    // ---- helpers ----

    /**
     * POSTs {@code body} with a Content-Length over a raw socket: the server may answer (413) and close before
     * the body is all sent, which a client library reports as a failed write rather than the answer.
     */
    private Reply rawPost(String path, byte[] body, String... headers) {
        List<String> head = new java.util.ArrayList<>(List.of(headers));
        head.add("Content-Length: " + body.length);
        try (RawHttp.Upload upload = RawHttp.open(http.base(), "POST", path, head)) {
            upload.write(out -> out.write(body), TIMEOUT);
            RawHttp.Response response = upload.awaitResponse(TIMEOUT);
            assertTrue(response.status() > 0, () -> "no answer to POST " + path + ": " + response.raw());
            return response.toReply("POST", http.uri(path).toString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private RawHttp.Response chunkedThen(String name, String tail) {
        try (RawHttp.Upload upload = RawHttp.open(http.base(), "POST", "api/datasets?name=" + name,
                List.of("Content-Type: text/csv", "Transfer-Encoding: chunked"))) {
            upload.write(out -> {
                byte[] start = rows(0, 2_000);
                RawHttp.writeChunk(out, start, start.length);
                out.write(tail.getBytes(StandardCharsets.ISO_8859_1));
            }, TIMEOUT);
            upload.shutdownOutput();
            return upload.awaitResponse(TIMEOUT);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void assertMultipartRefused(String boundary, String body) {
        String name = "multipart-" + UUID.randomUUID();
        Reply reply = http.post("api/datasets?name=" + name, body.getBytes(StandardCharsets.UTF_8),
                "multipart/form-data; boundary=" + boundary);
        assertTrue(reply.status() >= 400 && reply.status() < 500, reply::describe);
        reply.problemBody();
        assertFailedOrGone(name);
    }

    static void assertLimitNamedWithPosition(JsonObject problem) {
        String detail = problem.getString("detail");
        assertTrue(detail.contains("max.field.bytes") || detail.contains("max.record.bytes"), problem::toString);
        assertTrue(problem.containsKey("line") && problem.containsKey("column") && problem.containsKey("byte"),
                problem::toString);
    }

    private static void assertClientProblem(RawHttp.Response response) {
        assertTrue(response.status() >= 400 && response.status() < 500, response::raw);
        assertTrue(response.contentType().startsWith("application/problem+json"), response::raw);
    }

    private void assertNoDatasetNamed(String name) {
        Optional<JsonObject> found = http.findByName(name);
        found.ifPresent(d -> http.remember(d.getString("id")));
        assertTrue(found.isEmpty(), () -> "a dataset was created: " + found);
    }

    /**
     * Broken HTTP framing is a 400. Tomcat refuses it in its connector and drops the connection without an
     * answer the client can read (Jetty answers 400): there, no answer at all is accepted too. Either way
     * nothing was stored (the callers check).
     */
    private static void assertRefusedFraming(RawHttp.Response response) {
        if ("tomcat".equals(System.getProperty("arquillian.launch")) && response.status() == -1) {
            return;
        }
        assertEquals(400, response.status(), response::raw);
    }

    private void assertFailedOrGone(String name) {
        Optional<JsonObject> found = Poll.until(Duration.ofSeconds(30), name + " is failed or gone",
                () -> http.findByName(name), d -> d.isEmpty() || "failed".equals(d.get().getString("status")));
        found.ifPresent(d -> {
            http.remember(d.getString("id"));
            http.get("data/" + d.getString("id")).expectProblem(409);
        });
    }

    private static byte[] rows(int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            SimpleCsv.writeHeader(out);
            SimpleCsv.writeRows(out, from, to);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A gzip of a valid CSV that decompresses to at least {@code bytes} (about 1000:1). */
    private static byte[] gzipOfRows(long bytes) throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(compressed, 64 * 1024)) {
            gz.write("a,b,c\n".getBytes(StandardCharsets.US_ASCII));
            byte[] block = new byte[1 << 20];
            byte[] row = "1,2,3\n".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i + row.length <= block.length; i += row.length) {
                System.arraycopy(row, 0, block, i, row.length);
            }
            int usable = block.length - block.length % row.length;
            for (long written = 0; written < bytes; written += usable) {
                gz.write(block, 0, usable);
            }
        }
        return compressed.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
