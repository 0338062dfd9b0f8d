package org.dataexplorer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Concurrent requests with defined outcomes: more uploads than the service admits (the rest get 429
 * problems with Retry-After, and the slots come back), an upload deleted while it streams, reads of a
 * dataset still ingesting, two uploads under one name, and a delete while an export is streaming.
 * Nothing answers 5xx, and no file outlives its dataset.
 */
class ConcurrencyIT extends WithDeployedService {

    private static final long TIMEOUT = 60_000;

    private Map<String, Long> storageBefore;

    @BeforeEach
    void rememberStorage() {
        storageBefore = StorageDir.files();
    }

    @AfterEach
    void cleanUp() {
        http.deleteCreated();
        Poll.until(Duration.ofSeconds(30), "no file outlives its dataset",
                () -> Integrity.newFiles(storageBefore, StorageDir.files()), List::isEmpty);
        http.get("api/health").expect(200);
    }

    @Test
    void uploadsBeyondTheLimitAre429AndTheSlotsComeBack() {
        String run = "held-" + UUID.randomUUID() + "-";
        int attempts = 20;
        List<RawHttp.Upload> uploads = new ArrayList<>();
        try {
            for (int i = 0; i < attempts; i++) {
                RawHttp.Upload upload = RawHttp.open(http.base(), "POST", "api/datasets?name=" + run + i,
                        List.of("Content-Type: text/csv", "Content-Length: 1000000"));
                upload.write(out -> out.write(SimpleCsv.HEADER.getBytes(StandardCharsets.US_ASCII)), TIMEOUT);
                uploads.add(upload);
            }
            // Each is either admitted (listed, ingesting) or refused with a 429 at once. Jetty then closes the
            // connection; Tomcat first reads the unread body (up to its maxSwallowSize), so the answer's head is
            // what tells a refusal.
            int refused = 0;
            for (int i = 0; i < attempts; i++) {
                String name = run + i;
                RawHttp.Upload upload = uploads.get(i);
                boolean settled = Poll.until(Duration.ofSeconds(30), name + " is admitted or refused",
                        () -> upload.closedByServer() || upload.awaitHead(0).status() > 0
                                || http.findByName(name).isPresent(), done -> done);
                assertTrue(settled);
                Optional<JsonObject> listed = http.findByName(name);
                if (listed.isPresent()) {
                    http.remember(listed.get().getString("id"));
                    continue;
                }
                RawHttp.Response response = upload.awaitHead(TIMEOUT);
                assertEquals(429, response.status(), response::raw);
                assertTrue(response.contentType().startsWith("application/problem+json"), response::raw);
                assertNotNull(response.headers().get("retry-after"), response::raw);
                refused++;
            }
            assertTrue(refused > 0, "all " + attempts + " concurrent uploads were admitted");
        } finally {
            uploads.forEach(RawHttp.Upload::abort);
        }
        Poll.until(Duration.ofSeconds(30), "the held uploads have failed",
                () -> http.list().stream().filter(d -> d.getString("name").startsWith(run))
                        .allMatch(d -> "failed".equals(d.getString("status"))), done -> done);
        // Every slot is free again.
        for (int i = 0; i < 4; i++) {
            http.upload("name=" + run + "after-" + i, SimpleCsv.HEADER + SimpleCsv.row(i));
        }
    }

    @Test
    void uploadDeletedWhileItStreamsEndsCleanly() {
        for (int attempt = 0; attempt < 2; attempt++) {
            String name = "raced-" + UUID.randomUUID();
            int pauseRows = 20_000 * (attempt * 2 + 1);
            CompletableFuture<Reply> upload = CompletableFuture.supplyAsync(() ->
                    http.postStream("api/datasets?name=" + name, "text/csv", out -> {
                        SimpleCsv.writeHeader(out);
                        for (long from = 0; from < 400_000; from += pauseRows) {
                            SimpleCsv.writeRows(out, from, from + pauseRows);
                            out.flush();
                            Poll.sleep(50);
                        }
                    }));
            JsonObject listed = Poll.until(Duration.ofSeconds(30), name + " is listed",
                    () -> http.findByName(name), Optional::isPresent).orElseThrow();
            String id = listed.getString("id");
            Reply deleted = http.delete("api/datasets/" + id);
            assertEquals(204, deleted.status(), deleted::describe);
            Reply answer = upload.join();
            assertTrue(answer.status() >= 400 && answer.status() < 500, answer::describe);
            answer.problemBody();
            http.get("api/datasets/" + id).expectProblem(404);
            assertFalse(StorageDir.datasetDir(id).isPresent(), "the deleted upload left its directory");
        }
    }

    @Test
    void readsOfADatasetStillIngestingAreAnswersNotErrors() throws Exception {
        String name = "in-progress-" + UUID.randomUUID();
        CompletableFuture<Void> release = new CompletableFuture<>();
        CompletableFuture<Reply> upload = CompletableFuture.supplyAsync(() ->
                http.postStream("api/datasets?name=" + name, "text/csv", out -> {
                    SimpleCsv.writeHeader(out);
                    SimpleCsv.writeRows(out, 0, 150_000);
                    out.flush();
                    // Keeps sending (never idle) until the reads are done, within bounds.
                    for (long from = 150_000; !release.isDone() && from < 3_000_000; from += 2_000) {
                        SimpleCsv.writeRows(out, from, from + 2_000);
                        out.flush();
                        Poll.sleep(100);
                    }
                }));
        try {
            JsonObject running = Poll.until(Duration.ofSeconds(60), name + " has sealed chunks",
                    () -> http.findByName(name),
                    d -> d.isPresent() && d.get().getJsonNumber("rowCount").longValue() > 0).orElseThrow();
            String id = running.getString("id");
            http.remember(id);
            assertEquals("ingesting", running.getString("status"));
            for (String route : List.of("data/" + id + "?offset=0&limit=5", "data/" + id + "?sort=-amount&limit=5",
                    "schema/" + id, "stats/" + id, "sample/" + id + "?rows=5&mode=random&seed=3",
                    "api/datasets/" + id + "/facets/word", "api/datasets/" + id + "/rejects",
                    "api/datasets/" + id + "/export?format=csv", "data/" + id + "?word=alpha&limit=5")) {
                Reply reply = http.get(route);
                assertTrue(reply.status() == 200 || reply.status() == 409, reply::describe);
                if (reply.status() == 409) {
                    reply.problemBody();
                }
            }
            Reply query = http.post("api/datasets/" + id + "/query",
                    "{\"groupBy\":[\"word\"],\"aggregates\":[{\"fn\":\"count\"}]}".getBytes(StandardCharsets.UTF_8),
                    "application/json");
            assertTrue(query.status() == 200 || query.status() == 409, query::describe);
        } finally {
            release.complete(null);
        }
        http.created(upload.get(120, TimeUnit.SECONDS));
    }

    @Test
    void twoUploadsWithTheSameNameAreTwoDatasets() {
        String name = "twin-" + UUID.randomUUID();
        CompletableFuture<JsonObject> first = CompletableFuture.supplyAsync(() ->
                http.upload("name=" + name, SimpleCsv.HEADER + SimpleCsv.row(1)));
        CompletableFuture<JsonObject> second = CompletableFuture.supplyAsync(() ->
                http.upload("name=" + name, SimpleCsv.HEADER + SimpleCsv.row(2) + SimpleCsv.row(3)));
        JsonObject a = first.join();
        JsonObject b = second.join();
        assertNotEquals(a.getString("id"), b.getString("id"));
        assertEquals(1, a.getJsonNumber("rowCount").longValue());
        assertEquals(2, b.getJsonNumber("rowCount").longValue());
        assertEquals(2, http.list().stream().filter(d -> name.equals(d.getString("name"))).count());
    }

    /**
     * The export has started streaming (a slow reader holds it mid-body) when the dataset is deleted: the
     * delete answers 204 at once, the export either completes whole from the files it had open or stops
     * short (never a corrupt row), and no file of the dataset outlives the export.
     */
    @Test
    void deleteDuringAStreamingExportIsClean() throws Exception {
        StringBuilder csv = new StringBuilder(SimpleCsv.HEADER);
        int rows = 100_000;
        for (int i = 0; i < rows; i++) {
            csv.append(SimpleCsv.row(i));
        }
        String id = http.upload("name=exported-" + UUID.randomUUID(), csv.toString()).getString("id");
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress(http.base().getHost(), http.base().getPort()), 10_000);
            socket.setSoTimeout((int) TIMEOUT);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + http.base().getPath() + "api/datasets/" + id + "/export?format=csv HTTP/1.1\r\n"
                    + "Host: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            while (received.size() < 64 * 1024) {
                int n = in.read(buf);
                assertTrue(n > 0, "the export ended before it was deleted");
                received.write(buf, 0, n);
            }
            Reply deleted = http.delete("api/datasets/" + id);
            assertEquals(204, deleted.status(), deleted::describe);
            http.get("api/datasets/" + id).expectProblem(404);
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    received.write(buf, 0, n);
                }
            } catch (IOException cutShort) {
                // a reset is a clean way to stop too
            }
            RawHttp.Response response = RawHttp.Response.parse(received.toByteArray(), false);
            assertEquals(200, response.status(), response::raw);
            String body = new String(response.body(), StandardCharsets.UTF_8);
            List<String> lines = body.lines().toList();
            assertEquals("n,word,amount", lines.get(0));
            int complete = body.endsWith("\n") ? lines.size() - 1 : lines.size() - 2;
            assertTrue(complete <= rows, "more rows than the dataset had");
            for (int i = 1; i <= complete; i++) {
                String[] expected = SimpleCsv.row(i - 1).strip().split(",");
                String[] got = lines.get(i).split(",");
                assertEquals(3, got.length, "row " + (i - 1) + " of the export: " + lines.get(i));
                assertEquals(expected[0], got[0], "row " + (i - 1));
                assertEquals(expected[1], got[1], "row " + (i - 1));
                assertEquals(0, new java.math.BigDecimal(expected[2]).compareTo(new java.math.BigDecimal(got[2])),
                        "row " + (i - 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertFalse(StorageDir.datasetDir(id).isPresent(), "the deleted dataset left its directory");
    }
}
