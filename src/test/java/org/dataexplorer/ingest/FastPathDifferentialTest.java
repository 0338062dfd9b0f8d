package org.dataexplorer.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.dataexplorer.bench.TaxiCsv;
import org.dataexplorer.store.DatasetManifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline twice, once with the byte-level fast path and once with the Commons CSV
 * reference path, on the same bytes: schema, row count, every value and every reject must agree.
 * Inputs are the csv-spectrum corpus, a taxi-like file over several chunks, and seeded random files
 * (random delimiter, quoting with doubled quotes, quoted newlines, empty and quoted-empty cells,
 * null tokens, unicode, LF/CRLF/CR, ragged rows, long fields, values that widen a column's type in a
 * later chunk). Malformed quoting is left out (the fast path repairs it, Commons throws), and so are
 * blank lines (Commons reports the next record at the blank line's position).
 * {@code -Ddifferential.files=N} runs more random files (default 60).
 */
class FastPathDifferentialTest {

    private static final int RANDOM_FILES = Integer.getInteger("differential.files", 60);

    @TempDir
    Path fastRoot;
    @TempDir
    Path referenceRoot;

    private IngestHarness fast;
    private IngestHarness reference;

    @BeforeEach
    void open() throws IOException {
        fast = new IngestHarness(fastRoot, false);
        reference = new IngestHarness(referenceRoot, true);
    }

    @AfterEach
    void close() {
        fast.close();
        reference.close();
    }

    @Test
    void agreesOnTheCorpus() throws IOException {
        Path dir = Path.of("src/test/resources/csv-spectrum/csvs");
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
        }
        assertEquals(12, files.size());
        for (Path file : files) {
            compare(file.getFileName().toString(), Files.readAllBytes(file));
        }
    }

    @Test
    void agreesOnATaxiFileOfManyChunks() throws IOException {
        compare("taxi", TaxiCsv.rows(5_500, 7));
    }

    @Test
    void agreesOnRandomFiles() throws IOException {
        Random random = new Random(20_240_601);
        for (int i = 0; i < RANDOM_FILES; i++) {
            long seed = random.nextLong();
            Random fileRandom = new Random(seed);
            char delimiter = RandomCsv.DELIMITERS[fileRandom.nextInt(RandomCsv.DELIMITERS.length)];
            // The dialect is given: sniffing a small random file may settle on another one, in which the
            // file is malformed (the fast path repairs that, Commons throws; the differential is on parsing).
            IngestOptions options = new IngestOptions("random", null, delimiter, '"', false,
                    org.dataexplorer.store.Dialect.Escape.DOUBLED, true, StandardCharsets.UTF_8, 0, null, null,
                    false, false);
            compare("random file seed " + seed, RandomCsv.generate(fileRandom, delimiter), options);
        }
    }

    private void compare(String what, byte[] csv) throws IOException {
        compare(what, csv, IngestHarness.options());
    }

    private void compare(String what, byte[] csv, IngestOptions options) throws IOException {
        DatasetManifest a = fast.ingest(options, csv, 3);
        DatasetManifest b = reference.ingest(options, csv, 3);
        String context = what + "\n--- input ---\n" + preview(csv);
        assertEquals(b.columns(), a.columns(), "schema of " + context);
        assertEquals(b.dialect(), a.dialect(), "dialect of " + context);
        assertEquals(b.rowCount(), a.rowCount(), "row count of " + context);
        assertEquals(b.rejectCount(), a.rejectCount(), "reject count of " + context);
        assertEquals(rejects(reference, b), rejects(fast, a), "rejects of " + context);
        List<Object[]> rowsA = fast.allRows(a);
        List<Object[]> rowsB = reference.allRows(b);
        for (int r = 0; r < rowsB.size(); r++) {
            assertArrayEquals(rowsB.get(r), rowsA.get(r), "row " + r + " of " + context);
        }
        fast.catalog().delete(fast.id(a));
        reference.catalog().delete(reference.id(b));
    }

    private static List<Reject> rejects(IngestHarness engine, DatasetManifest manifest) throws IOException {
        return RejectLog.read(engine.catalog().rejectsFile(engine.id(manifest)), 0, Integer.MAX_VALUE);
    }

    private static String preview(byte[] csv) {
        String text = new String(csv, StandardCharsets.UTF_8);
        return text.length() > 2000 ? text.substring(0, 2000) + "…" : text;
    }

    /** Random well-formed CSVs (quotes always balanced and doubled inside quoted fields). */
    static final class RandomCsv {
        static final char[] DELIMITERS = {',', ';', '\t', '|'};
        private static final String[] EOLS = {"\n", "\r\n", "\r"};
        private static final String[] WORDS = {"alpha", "beta", "ça va", "日本", "x y", "NA", "null", "true",
            "FALSE", "007", "+5", "1e3", "-0.5", "2024-02-30", "😀", " pad "};

        private RandomCsv() {
        }

        static byte[] generate(Random random, char delimiter) {
            String eol = EOLS[random.nextInt(EOLS.length)];
            int columns = 1 + random.nextInt(6);
            int rows = random.nextInt(10) == 0 ? 1000 + random.nextInt(2500) : 1 + random.nextInt(60);
            int[] kinds = new int[columns];
            for (int c = 0; c < columns; c++) {
                kinds[c] = random.nextInt(6);
            }
            StringBuilder out = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                out.append(c > 0 ? String.valueOf(delimiter) : "").append("col").append(c);
            }
            out.append(eol);
            for (int r = 0; r < rows; r++) {
                int fields = random.nextInt(25) == 0 ? 1 + random.nextInt(columns + 2) : columns;
                for (int c = 0; c < fields; c++) {
                    if (c > 0) {
                        out.append(delimiter);
                    }
                    String cell = cell(random, kinds[c % columns], delimiter, r, rows);
                    // A lone empty cell is a blank line, which both skip but Commons still counts into the
                    // next record's line and byte position: not a parsing difference, so not generated.
                    out.append(fields == 1 && cell.isEmpty() ? "\"\"" : cell);
                }
                if (r < rows - 1 || random.nextBoolean()) {
                    out.append(eol);
                }
            }
            return out.toString().getBytes(StandardCharsets.UTF_8);
        }

        private static String cell(Random random, int kind, char delimiter, int row, int rows) {
            int roll = random.nextInt(100);
            if (roll < 8) {
                return "";
            }
            if (roll < 10) {
                return "\"\"";
            }
            boolean late = row > rows * 3 / 4;
            String value = switch (kind) {
                case 0 -> Long.toString(random.nextInt(2_000_000) - 1_000_000);
                case 1 -> late && random.nextInt(50) == 0 ? "n/a" : String.format("%.2f", random.nextDouble() * 1000);
                case 2 -> String.format("2024-%02d-%02d%s", 1 + random.nextInt(12), 1 + random.nextInt(28),
                        random.nextBoolean() ? "" : String.format(" %02d:%02d:%02d", random.nextInt(24),
                                random.nextInt(60), random.nextInt(60)));
                case 3 -> String.format("%02d/%02d/2023", 1 + random.nextInt(28), 1 + random.nextInt(12));
                case 4 -> random.nextBoolean() ? "yes" : "no";
                default -> text(random, delimiter);
            };
            if (late && random.nextInt(400) == 0) {
                value = "mixed " + value;
            }
            boolean mustQuote = value.indexOf(delimiter) >= 0 || value.indexOf('"') >= 0
                    || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
            if (mustQuote || random.nextInt(10) == 0) {
                return '"' + value.replace("\"", "\"\"") + '"';
            }
            return value;
        }

        private static String text(Random random, char delimiter) {
            StringBuilder text = new StringBuilder();
            int parts = 1 + random.nextInt(4);
            for (int i = 0; i < parts; i++) {
                switch (random.nextInt(8)) {
                    case 0 -> text.append(delimiter);
                    case 1 -> text.append('"');
                    case 2 -> text.append(random.nextBoolean() ? "\n" : "\r\n");
                    case 3 -> text.append("x".repeat(random.nextInt(3000)));
                    default -> text.append(WORDS[random.nextInt(WORDS.length)]);
                }
            }
            return text.toString();
        }
    }
}
