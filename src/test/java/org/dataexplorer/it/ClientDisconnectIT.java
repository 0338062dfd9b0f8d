package org.dataexplorer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

/**
 * A client that disappears mid-upload (TCP reset) leaves no trace: the dataset ends up failed or
 * gone, none of its spooled source, chunk or temporary files remain, and a dataset stored before
 * is untouched.
 */
class ClientDisconnectIT extends WithDeployedService {

    /** Enough rows for several sealed chunks of ~64K rows before the client vanishes. */
    private static final long SENT_BYTES = 8L * 1024 * 1024;
    private static final long MIN_ROWS_PARSED = 100_000;
    private static final Duration SETTLE = Duration.ofSeconds(45);


    @Test
    void uploadWithContentLengthAbortedMidwayLeavesNothing() {
        // Declared below data.max.upload.bytes, so the server accepts the upload and starts ingesting.
        long declared = Math.min(40L * 1024 * 1024, Long.getLong("data.max.upload.bytes", 52_428_800L) - 1);
        abortMidwayAndCheck(List.of("Content-Type: text/csv", "Content-Length: " + declared), false);
    }

    @Test
    void chunkedUploadAbortedMidwayLeavesNothing() {
        abortMidwayAndCheck(List.of("Content-Type: text/csv", "Transfer-Encoding: chunked"), true);
    }

    private void abortMidwayAndCheck(List<String> headers, boolean chunked) {
        StringBuilder keepCsv = new StringBuilder(SimpleCsv.HEADER);
        for (int i = 0; i < 500; i++) {
            keepCsv.append(SimpleCsv.row(i));
        }
        JsonObject keep = http.upload("name=keep-" + UUID.randomUUID(), keepCsv.toString());
        String keepId = keep.getString("id");
        JsonObject keepRows = http.allRows(keepId);
        JsonObject keepSchema = http.get("schema/" + keepId).expect(200);

        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Map<String, Long> storageBefore = StorageDir.files();
        Map<String, Long> tmpBefore = StorageDir.files(tmp);
        String name = "disconnect-" + UUID.randomUUID();

        RawHttp.Upload upload = RawHttp.open(http.base(), "POST", "api/datasets?name=" + name, headers);
        assertTrue(upload.write(out -> writeRows(out, chunked), 60_000), () -> "sending failed: " + upload.writeError());

        // Wait until the server holds spooled source and at least one sealed chunk (~64K rows).
        JsonObject running = Poll.until(Duration.ofSeconds(30),
                "the upload is listed as ingesting, has parsed more than a chunk and has written files",
                () -> http.findByName(name),
                d -> d.isPresent() && "ingesting".equals(d.get().getString("status"))
                        && d.get().getJsonNumber("bytesReceived").longValue() >= SENT_BYTES / 2
                        && d.get().getJsonNumber("rowsParsed").longValue() >= MIN_ROWS_PARSED
                        && !newFiles(storageBefore).isEmpty()).orElseThrow();
        String id = running.getString("id");
        http.remember(id);

        upload.abort();

        Optional<JsonObject> after = Poll.until(SETTLE, "the aborted upload is failed or gone",
                () -> http.findByName(name),
                d -> d.isEmpty() || "failed".equals(d.get().getString("status")));
        after.ifPresent(d -> {
            JsonObject summary = http.summary(id);
            assertEquals("failed", summary.getString("status"), summary::toString);
            assertFalse(summary.isNull("error") || summary.getString("error").isBlank(),
                    () -> "a failed dataset says why: " + summary);
        });

        Poll.until(SETTLE, "no source, chunk or temporary file of the aborted upload remains",
                () -> leftovers(storageBefore, id), List::isEmpty);
        Poll.until(SETTLE, "no temporary file of the aborted upload remains in java.io.tmpdir",
                () -> new ArrayList<>(newFiles(tmpBefore, StorageDir.files(tmp)).keySet()), List::isEmpty);

        JsonObject keepAfter = http.summary(keepId);
        assertEquals("ready", keepAfter.getString("status"), keepAfter::toString);
        assertEquals(keepRows, http.allRows(keepId), "the dataset stored before changed");
        assertEquals(keepSchema, http.get("schema/" + keepId).expect(200), "the dataset stored before changed");
        http.get("api/health").expect(200);
    }

    private static void writeRows(OutputStream out, boolean chunked) throws java.io.IOException {
        if (!chunked) {
            SimpleCsv.writeHeader(out);
            SimpleCsv.writeAtLeast(out, 0, SENT_BYTES);
            return;
        }
        ByteArrayOutputStream chunk = new ByteArrayOutputStream(70_000);
        SimpleCsv.writeHeader(chunk);
        long sent = 0;
        long next = 0;
        while (sent < SENT_BYTES) {
            next = SimpleCsv.writeAtLeast(chunk, next, 64 * 1024 - chunk.size());
            RawHttp.writeChunk(out, chunk.toByteArray(), chunk.size());
            sent += chunk.size();
            chunk.reset();
        }
        // no last chunk: the body never ends
    }

    private static Map<String, Long> newFiles(Map<String, Long> before) {
        return newFiles(before, StorageDir.files());
    }

    private static Map<String, Long> newFiles(Map<String, Long> before, Map<String, Long> now) {
        now.keySet().removeAll(before.keySet());
        return now;
    }

    /**
     * Files added to the storage folder since {@code before}, except the manifest of the failed
     * dataset itself ({@code .../<id>/manifest.json}), which may stay to say why it failed.
     */
    private static List<String> leftovers(Map<String, Long> before, String id) {
        List<String> left = new ArrayList<>();
        for (String path : newFiles(before).keySet()) {
            if (!path.endsWith(id + "/manifest.json")) {
                left.add(path);
            }
        }
        return left;
    }
}
