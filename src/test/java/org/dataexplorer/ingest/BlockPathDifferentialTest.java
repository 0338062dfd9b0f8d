package org.dataexplorer.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.dataexplorer.bench.TaxiCsv;
import org.dataexplorer.store.ChunkInfo;
import org.dataexplorer.store.DatasetManifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parallel block path against the streaming tokenizer, on the same bytes: same schema, rows, values,
 * rejects (with their lines and offsets) and failures. Blocks are made tiny (so files are cut in many places,
 * guesses of a block's start go wrong and records longer than a block go to the streaming tokenizer), and the
 * inputs include what the splitter's quote counting can misread: quotes inside unquoted values, unclosed and
 * stray quotes, text after a closing quote, quoted line endings of every kind, blank lines, ragged records
 * and invalid UTF-8. {@code -Dblocks.files=N} runs more random files (default 15 of each kind).
 */
class BlockPathDifferentialTest {

    private static final int FILES = Integer.getInteger("blocks.files", 15);
    private static final int[] BLOCK_BYTES = {200, 4096};

    @TempDir
    Path streamingRoot;
    @TempDir
    Path blocksRoot;

    private IngestHarness streaming;
    private final List<IngestHarness> blocks = new ArrayList<>();

    @BeforeEach
    void open() throws IOException {
        streaming = new IngestHarness(streamingRoot, false, -1);
        for (int size : BLOCK_BYTES) {
            Path root = blocksRoot.resolve("blocks-" + size);
            Files.createDirectories(root);
            blocks.add(new IngestHarness(root, false, size));
        }
    }

    @AfterEach
    void close() {
        streaming.close();
        blocks.forEach(IngestHarness::close);
    }

    @Test
    void agreesOnATaxiFileOfManyChunks() throws IOException {
        compare("taxi", TaxiCsv.rows(6_000, 3));
    }

    @Test
    void agreesOnWellFormedRandomFiles() throws IOException {
        Random random = new Random(7_001);
        for (int i = 0; i < FILES; i++) {
            long seed = random.nextLong();
            Random fileRandom = new Random(seed);
            char delimiter = FastPathDifferentialTest.RandomCsv.DELIMITERS[fileRandom.nextInt(4)];
            StringBuilder many = new StringBuilder();
            // Over one chunk (the first is always streamed): the rest goes by blocks.
            byte[] csv = FastPathDifferentialTest.RandomCsv.generate(fileRandom, delimiter);
            many.append(new String(csv, StandardCharsets.UTF_8));
            while (many.length() < 60_000) {
                String more = new String(FastPathDifferentialTest.RandomCsv.generate(fileRandom, delimiter),
                        StandardCharsets.UTF_8);
                int firstLineEnd = more.indexOf('\n') >= 0 ? more.indexOf('\n') + 1 : more.length();
                many.append(many.charAt(many.length() - 1) == '\n' || many.charAt(many.length() - 1) == '\r' ? "" : "\n")
                        .append(more.substring(firstLineEnd));
            }
            compare("well-formed seed " + seed, many.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void agreesOnHostileRandomFiles() throws IOException {
        Random random = new Random(7_002);
        for (int i = 0; i < FILES; i++) {
            long seed = random.nextLong();
            compare("hostile seed " + seed, hostile(new Random(seed)));
        }
    }

    @Test
    void agreesOnARecordLongerThanTheLimitAfterTheFirstChunk() throws IOException {
        StringBuilder text = new StringBuilder("a,b\n");
        for (int i = 0; i < 2_500; i++) {
            text.append(i).append(",v").append(i).append('\n');
        }
        text.append("1,\"").append("x".repeat(IngestHarness.settings().maxFieldBytes() + 10)).append("\"\n2,y\n");
        compare("too long a field", text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Records of random cells from a small alphabet of the bytes that matter to tokenizing. */
    private static byte[] hostile(Random random) {
        String[] pieces = {",", ",", ",", "\"", "\"\"", "\n", "\r\n", "\r", "\n\n", "a", "bc", "12", "3.5", " ",
            "NA", "\"q,\"", "\"multi\nline\"", "\"x\"y", "é", "日本"};
        byte[][] invalid = {{(byte) 0xFF}, {(byte) 0xC3}, {(byte) 0xE6, (byte) 0x97}};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] header = "h1,h2,h3,h4\n".getBytes(StandardCharsets.UTF_8);
        out.writeBytes(header);
        int columns = 4;
        int records = 1_500 + random.nextInt(3_000);
        // Mostly well-formed records, so that the file is sniffed as comma-separated with a header.
        for (int r = 0; r < records; r++) {
            if (random.nextInt(8) == 0) {
                int n = 1 + random.nextInt(12);
                for (int k = 0; k < n; k++) {
                    if (random.nextInt(40) == 0) {
                        out.writeBytes(invalid[random.nextInt(invalid.length)]);
                    } else {
                        out.writeBytes(pieces[random.nextInt(pieces.length)].getBytes(StandardCharsets.UTF_8));
                    }
                }
                out.writeBytes("\n".getBytes(StandardCharsets.UTF_8));
            } else {
                StringBuilder record = new StringBuilder();
                for (int c = 0; c < columns; c++) {
                    record.append(c > 0 ? "," : "").append(random.nextInt(5) == 0 ? "\"v " + r + "\"" : r * 7 + c);
                }
                out.writeBytes(record.append(random.nextInt(10) == 0 ? "\r\n" : "\n").toString()
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        if (random.nextBoolean()) {
            out.writeBytes("\"left open,1,2".getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private void compare(String what, byte[] csv) throws IOException {
        Outcome expected = ingest(streaming, csv);
        for (int i = 0; i < blocks.size(); i++) {
            Outcome actual = ingest(blocks.get(i), csv);
            String context = what + " in blocks of " + BLOCK_BYTES[i] + " bytes";
            assertEquals(expected.failure(), actual.failure(), "failure of " + context);
            if (expected.manifest() == null) {
                continue;
            }
            DatasetManifest a = actual.manifest();
            DatasetManifest b = expected.manifest();
            assertEquals(b.columns(), a.columns(), "schema of " + context);
            assertEquals(b.dialect(), a.dialect(), "dialect of " + context);
            assertEquals(b.rowCount(), a.rowCount(), "row count of " + context);
            assertEquals(b.rejectCount(), a.rejectCount(), "reject count of " + context);
            assertEquals(actual.rejects(), expected.rejects(), "rejects of " + context);
            assertEquals(expected.rows().size(), actual.rows().size(), "rows of " + context);
            for (int r = 0; r < expected.rows().size(); r++) {
                assertArrayEquals(expected.rows().get(r), actual.rows().get(r), "row " + r + " of " + context);
            }
            List<ChunkInfo> chunks = a.chunks();
            assertTrue(chunks.size() >= b.chunks().size(), "chunks of " + context);
            for (int c = 1; c < chunks.size(); c++) {
                ChunkInfo before = chunks.get(c - 1);
                // Blank lines between two records may fall between their chunks.
                assertTrue(before.sourceOffset() + before.sourceLength() <= chunks.get(c).sourceOffset(),
                        "chunk " + c + " follows the one before in " + context);
                assertEquals(before.firstRow() + before.rowCount(), chunks.get(c).firstRow(), "rows of chunk " + c);
                assertTrue(chunks.get(c).rowCount() <= IngestHarness.CHUNK_ROWS, "chunk " + c + " of " + context);
            }
        }
    }

    private record Outcome(DatasetManifest manifest, String failure, List<Reject> rejects, List<Object[]> rows) {
    }

    private static Outcome ingest(IngestHarness engine, byte[] csv) throws IOException {
        DatasetManifest manifest;
        try {
            manifest = engine.ingest(IngestHarness.options(), csv, 5);
        } catch (IngestFailure failure) {
            return new Outcome(null, failure.kind() + " " + failure.getMessage() + " at line " + failure.line()
                    + ", byte " + failure.byteOffset() + ", column " + failure.column(), List.of(), List.of());
        }
        List<Reject> rejects = RejectLog.read(engine.catalog().rejectsFile(engine.id(manifest)), 0, Integer.MAX_VALUE);
        List<Object[]> rows = engine.allRows(manifest);
        engine.catalog().delete(engine.id(manifest));
        return new Outcome(manifest, null, rejects, rows);
    }
}
