package org.dataexplorer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The record limits against inputs built to exhaust memory, on a server process whose upload limit is
 * out of reach (so only the limit under test can stop them) and whose field and record limits are low
 * (so few bytes need sending): a 1 GB line without a newline, a quote opened and never closed, 100,000
 * columns. Each is a 422 naming the limit and where (line, column, byte), after a few MB, and leaves
 * only the failed dataset's manifest.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LineLimitsIT {

    private static final long GIGABYTE = 1L << 30;

    private final Path work = Path.of("target", "line-limits", UUID.randomUUID().toString()).toAbsolutePath();
    private ServerProcess server;
    private Http http;

    @BeforeAll
    void start() {
        server = ServerProcess.start(work.resolve("datasets"), work.resolve("cache"), work.resolve("server.log"), "256m",
                Map.of("max.field.bytes", "1MB", "max.record.bytes", "2MB", "sniff.max.bytes", "64KB",
                        "max.columns", "10000"));
        http = server.http();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.kill();
        }
    }

    @Test
    void gigabyteLineWithoutNewlineStopsAtTheFieldLimit() {
        AtomicLong sent = new AtomicLong();
        Reply reply = endless("one-line", sent, (byte) 'x', null);
        JsonObject problem = reply.expectProblem(422);
        HostileUploadIT.assertLimitNamedWithPosition(problem);
        assertTrue(problem.getString("detail").contains("max.field.bytes"), problem::toString);
        assertEquals(1, problem.getInt("line"), problem::toString);
        assertEquals(1, problem.getInt("column"), problem::toString);
        assertEquals(0, problem.getJsonNumber("byte").longValue(), problem::toString);
        assertTrue(sent.get() < 256L << 20, () -> "the server let " + sent.get() + " bytes of one line in");
        assertFailedWithManifestOnly("one-line");
    }

    @Test
    void quoteNeverClosedStopsAtTheFieldLimit() {
        AtomicLong sent = new AtomicLong();
        Reply reply = endless("open-quote", sent, (byte) 'y', "a,b\n1,\"".getBytes(StandardCharsets.US_ASCII));
        JsonObject problem = reply.expectProblem(422);
        HostileUploadIT.assertLimitNamedWithPosition(problem);
        assertEquals(2, problem.getInt("line"), problem::toString);
        assertEquals(2, problem.getInt("column"), problem::toString);
        assertTrue(sent.get() < 256L << 20, () -> "the server let " + sent.get() + " bytes in");
        assertFailedWithManifestOnly("open-quote");
    }

    @Test
    void hundredThousandColumnsStopAtTheColumnLimit() {
        StringBuilder header = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            header.append(i == 0 ? "" : ",").append('c').append(i);
        }
        header.append('\n');
        Reply reply = http.post("api/datasets?name=wide", header.toString().getBytes(StandardCharsets.US_ASCII),
                "text/csv");
        JsonObject problem = reply.expectProblem(422);
        assertTrue(problem.getString("detail").contains("max.columns"), problem::toString);
        assertEquals(1, problem.getInt("line"), problem::toString);
        assertEquals(10_001, problem.getInt("column"), problem::toString);
        assertFailedWithManifestOnly("wide");
    }

    /** Streams {@code prefix} then {@code filler} bytes until 1 GB or until the server stops reading. */
    private Reply endless(String name, AtomicLong sent, byte filler, byte[] prefix) {
        return http.postStream("api/datasets?name=" + name, "text/csv", out -> {
            if (prefix != null) {
                out.write(prefix);
            }
            byte[] block = new byte[64 * 1024];
            Arrays.fill(block, filler);
            while (sent.get() < GIGABYTE) {
                out.write(block);
                sent.addAndGet(block.length);
            }
        });
    }

    private void assertFailedWithManifestOnly(String name) {
        JsonObject dataset = http.findByName(name).orElseThrow();
        assertEquals("failed", dataset.getString("status"), dataset::toString);
        Path dir = work.resolve("datasets").resolve(dataset.getString("id"));
        Poll.until(java.time.Duration.ofSeconds(20), "only the manifest of " + name + " is left",
                () -> StorageDir.files(dir).keySet(),
                files -> files.stream().allMatch(f -> f.equals("manifest.json") || f.equals("rejects.jsonl")));
    }
}
