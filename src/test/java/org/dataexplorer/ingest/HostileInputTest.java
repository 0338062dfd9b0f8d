package org.dataexplorer.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import org.dataexplorer.store.DatasetManifest;
import org.dataexplorer.store.DatasetStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded hostile uploads through the whole engine: random mixes of delimiters, quotes, line breaks, NUL
 * bytes, invalid UTF-8, BOMs, long fields and wide records. Each must become a dataset whose every row
 * reads back, or fail with a client error ({@code INVALID_INPUT}); never an internal error, and a failed
 * one leaves no chunk or source file behind. {@code -Dhostile.inputs=N} runs more (default 150).
 */
class HostileInputTest {

    private static final int INPUTS = Integer.getInteger("hostile.inputs", 150);
    private static final byte[][] PIECES = {
        ",".getBytes(StandardCharsets.UTF_8), ";".getBytes(StandardCharsets.UTF_8), "\t".getBytes(StandardCharsets.UTF_8),
        "|".getBytes(StandardCharsets.UTF_8), "\"".getBytes(StandardCharsets.UTF_8), "'".getBytes(StandardCharsets.UTF_8),
        "\\".getBytes(StandardCharsets.UTF_8), "\n".getBytes(StandardCharsets.UTF_8), "\r".getBytes(StandardCharsets.UTF_8),
        "\r\n".getBytes(StandardCharsets.UTF_8), "\"\"".getBytes(StandardCharsets.UTF_8), "NA".getBytes(StandardCharsets.UTF_8),
        "2024-02-30".getBytes(StandardCharsets.UTF_8), "13/13/2020".getBytes(StandardCharsets.UTF_8),
        "-0".getBytes(StandardCharsets.UTF_8), "9223372036854775808".getBytes(StandardCharsets.UTF_8),
        "1e309".getBytes(StandardCharsets.UTF_8), "é".getBytes(StandardCharsets.UTF_8), "😀".getBytes(StandardCharsets.UTF_8),
        {(byte) 0xC3}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xFF, (byte) 0xFE}, {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
        "abc".getBytes(StandardCharsets.UTF_8), "42".getBytes(StandardCharsets.UTF_8), "3.5".getBytes(StandardCharsets.UTF_8),
        "true".getBytes(StandardCharsets.UTF_8), " ".getBytes(StandardCharsets.UTF_8),
    };

    @TempDir
    Path root;

    @Test
    void hostileUploadsBecomeDatasetsOrClientErrors() throws IOException {
        Random random = new Random(20261124L);
        int ready = 0;
        int refused = 0;
        try (IngestHarness harness = new IngestHarness(root)) {
            for (int i = 0; i < INPUTS; i++) {
                long seed = random.nextLong();
                byte[] body = hostile(new Random(seed));
                try {
                    DatasetManifest m = harness.ingest(IngestHarness.options(), body, seed);
                    assertEquals(DatasetStatus.READY, m.status());
                    List<Object[]> rows = harness.allRows(m);
                    assertEquals(m.rowCount(), rows.size(), "input seed " + seed);
                    for (Object[] row : rows) {
                        assertEquals(m.columns().size(), row.length, "input seed " + seed);
                    }
                    ready++;
                } catch (IngestFailure failure) {
                    if (failure.kind() != IngestFailure.Kind.INVALID_INPUT) {
                        fail("input seed " + seed + " failed with " + failure.kind() + ": " + failure.getMessage(), failure);
                    }
                    assertNoDataLeft(harness, seed);
                    refused++;
                }
            }
        }
        System.out.printf("hostile inputs: %d ready, %d refused as invalid%n", ready, refused);
        assertTrue(ready > 0 && refused > 0, "the generator should produce both kinds: " + ready + "/" + refused);
    }

    /** A failed dataset keeps its manifest (and rejects) only. */
    private static void assertNoDataLeft(IngestHarness harness, long seed) throws IOException {
        for (DatasetManifest m : harness.catalog().list()) {
            if (m.status() != DatasetStatus.FAILED) {
                continue;
            }
            UUID id = UUID.fromString(m.id());
            assertTrue(Files.notExists(harness.catalog().sourceFile(id)), "source left, input seed " + seed);
            Path chunks = harness.catalog().datasetDir(id).resolve("chunks");
            if (Files.isDirectory(chunks)) {
                try (Stream<Path> files = Files.list(chunks)) {
                    assertEquals(0, files.count(), "chunk files left, input seed " + seed);
                }
            }
        }
    }

    private static byte[] hostile(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pieces = 1 + random.nextInt(random.nextInt(10) == 0 ? 20_000 : 400);
        int longFields = 0;
        for (int i = 0; i < pieces; i++) {
            int kind = random.nextInt(100);
            if (kind < 2 && longFields++ < 2) {
                // a long field, sometimes over the field limit of the harness (1 MB)
                byte[] run = new byte[random.nextInt(2) == 0 ? 70_000 : 1_100_000];
                java.util.Arrays.fill(run, (byte) ('a' + random.nextInt(26)));
                out.writeBytes(run);
            } else if (kind < 4) {
                // a wide record
                for (int c = random.nextInt(3000); c > 0; c--) {
                    out.write(',');
                }
            } else if (kind < 5 && random.nextInt(8) == 0) {
                // random bytes, NUL included: a binary file is refused as a whole
                byte[] noise = new byte[random.nextInt(200)];
                random.nextBytes(noise);
                out.writeBytes(noise);
            } else {
                out.writeBytes(PIECES[random.nextInt(PIECES.length)]);
            }
        }
        return out.toByteArray();
    }
}
