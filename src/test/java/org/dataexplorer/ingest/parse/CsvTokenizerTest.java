package org.dataexplorer.ingest.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.dataexplorer.ingest.IngestFailure;
import org.junit.jupiter.api.Test;

class CsvTokenizerTest {

    private static final int BIG = 1 << 24;

    /** One record as read, copied out of the reused {@link CsvRecord}. */
    private record Row(List<String> fields, List<Boolean> quoted, long line, long byteOffset, long byteEnd,
                       String defect, int defectField) {
    }

    private static List<Row> read(byte[] input, InputStream in, char delimiter, int quote, boolean backslash,
                                  int maxField, int maxRecord, int maxColumns) throws IOException {
        CsvTokenizer tokenizer = new CsvTokenizer(in, 0, (byte) delimiter, quote, backslash, maxField, maxRecord,
                maxColumns);
        CsvRecord record = new CsvRecord();
        List<Row> rows = new ArrayList<>();
        while (tokenizer.next(record)) {
            List<String> fields = new ArrayList<>();
            List<Boolean> quoted = new ArrayList<>();
            for (int i = 0; i < record.fieldCount(); i++) {
                fields.add(record.text(i));
                quoted.add(record.isQuoted(i));
            }
            rows.add(new Row(fields, quoted, record.line(), record.byteOffset(), record.byteEnd(), record.defect(),
                    record.defectField()));
        }
        assertFalse(tokenizer.next(record), "next() after the end stays false");
        assertEquals(input.length, tokenizer.offset(), "offset at the end is the input length");
        return rows;
    }

    private static List<Row> read(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return read(bytes, new ByteArrayInputStream(bytes), ',', '"', false, BIG, BIG, 10_000);
    }

    private static List<Row> readBackslash(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return read(bytes, new ByteArrayInputStream(bytes), ',', '"', true, BIG, BIG, 10_000);
    }

    private static List<List<String>> fields(List<Row> rows) {
        return rows.stream().map(Row::fields).toList();
    }

    /** Hands out the bytes in random short reads (including 0-byte reads), so buffer refills happen everywhere. */
    private static final class ChoppyStream extends InputStream {
        private final byte[] data;
        private final Random random;
        private int position;

        ChoppyStream(byte[] data, long seed) {
            this.data = data;
            this.random = new Random(seed);
        }

        @Override
        public int read() {
            return position < data.length ? data[position++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, data.length - position), random.nextInt(12));
            System.arraycopy(data, position, b, off, n);
            position += n;
            return n;
        }
    }

    // ---- dialect ----

    @Test
    void plainFieldsAndEmptyFields() throws IOException {
        assertEquals(List.of(List.of("a", "b", "c"), List.of("", "x", "")), fields(read("a,b,c\n,x,\n")));
        assertEquals(List.of(List.of("a", "", "", "")), fields(read("a,,,")));
    }

    @Test
    void quotedFieldsKeepDelimitersNewlinesAndDoubledQuotes() throws IOException {
        List<Row> rows = read("\"a,b\",\"say \"\"hi\"\"\",\"\"\"\"\n\"line1\nline2\r\nline3\",\"\",x\n");
        assertEquals(List.of(List.of("a,b", "say \"hi\"", "\""), List.of("line1\nline2\r\nline3", "", "x")),
                fields(rows));
        assertEquals(List.of(true, true, true), rows.get(0).quoted());
        assertEquals(List.of(true, true, false), rows.get(1).quoted());
        assertNull(rows.get(0).defect());
        assertNull(rows.get(1).defect());
    }

    @Test
    void quoteInsideUnquotedFieldIsText() throws IOException {
        assertEquals(List.of(List.of("5\" pipe", "it's")), fields(read("5\" pipe,it's\n")));
    }

    @Test
    void doubledQuoteRightAfterOpeningAndBeforeClosing() throws IOException {
        assertEquals(List.of(List.of("\"a\"", "a\"")), fields(read("\"\"\"a\"\"\",\"a\"\"\"\n")));
    }

    @Test
    void backslashEscapeInsideQuotes() throws IOException {
        List<Row> rows = readBackslash("\"a\\\"b\",\"c\\\\d\",\"e\\,f\",g\\h\n\"x\\\ny\",z\n");
        assertEquals(List.of(List.of("a\"b", "c\\d", "e,f", "g\\h"), List.of("x\ny", "z")), fields(rows));
        assertEquals(2, rows.get(1).line(), "the escaped newline still counts as a line");
        assertNull(rows.get(0).defect());
    }

    @Test
    void backslashIsPlainTextWithoutTheOption() throws IOException {
        assertEquals(List.of(List.of("a\\", "b")), fields(read("\"a\\\",b\n")));
    }

    @Test
    void noQuoteCharacter() throws IOException {
        byte[] bytes = "\"a,b\"\n".getBytes(StandardCharsets.UTF_8);
        List<Row> rows = read(bytes, new ByteArrayInputStream(bytes), ',', -1, false, BIG, BIG, 100);
        assertEquals(List.of(List.of("\"a", "b\"")), fields(rows));
    }

    @Test
    void otherDelimiterAndQuote() throws IOException {
        byte[] bytes = "'a;b';c\t\n".getBytes(StandardCharsets.UTF_8);
        List<Row> rows = read(bytes, new ByteArrayInputStream(bytes), ';', '\'', false, BIG, BIG, 100);
        assertEquals(List.of(List.of("a;b", "c\t")), fields(rows));
    }

    @Test
    void everyLineEndingEndsARecordAndBlankLinesAreSkipped() throws IOException {
        List<Row> rows = read("\n\na,b\n\r\n\rc,d\re,f\r\ng,h");
        assertEquals(List.of(List.of("a", "b"), List.of("c", "d"), List.of("e", "f"), List.of("g", "h")),
                fields(rows));
        assertEquals(List.of(3L, 6L, 7L, 8L), rows.stream().map(Row::line).toList());
        assertEquals(List.of(2L, 9L, 13L, 18L), rows.stream().map(Row::byteOffset).toList());
        assertEquals(List.of(6L, 13L, 18L, 21L), rows.stream().map(Row::byteEnd).toList());
    }

    @Test
    void lineOfSpacesIsARecordAndAQuotedEmptyLineIsNotBlank() throws IOException {
        assertEquals(List.of(List.of("  "), List.of("")), fields(read("  \n\"\"\n\n")));
    }

    @Test
    void onlyBlankLinesGiveNoRecords() throws IOException {
        assertEquals(List.of(), read("\r\n\n\r\r\n"));
        assertEquals(List.of(), read(""));
    }

    @Test
    void lineNumbersCountNewlinesInsideQuotes() throws IOException {
        List<Row> rows = read("h1,h2\r\n1,\"a\r\nb\nc\rd\"\r\n2,x\n\"\n\n\",y\n3,z\n");
        assertEquals(List.of(1L, 2L, 6L, 7L, 10L), rows.stream().map(Row::line).toList());
        assertEquals("a\r\nb\nc\rd", rows.get(1).fields().get(1));
    }

    @Test
    void offsetsStartAtTheGivenStartOffsetAndLineCanBeSet() throws IOException {
        byte[] bytes = "a,b\nc,d\n".getBytes(StandardCharsets.UTF_8);
        CsvTokenizer tokenizer = new CsvTokenizer(new ByteArrayInputStream(bytes), 1000, (byte) ',', '"', false,
                BIG, BIG, 100);
        tokenizer.setLine(41);
        CsvRecord record = new CsvRecord();
        assertTrue(tokenizer.next(record));
        assertEquals(41, record.line());
        assertEquals(1000, record.byteOffset());
        assertEquals(1004, record.byteEnd());
        assertTrue(tokenizer.next(record));
        assertEquals(42, record.line());
        assertEquals(1004, record.byteOffset());
        assertEquals(1008, tokenizer.offset());
    }

    @Test
    void skipLinesSkipsPhysicalLinesWithoutQuoteHandling() throws IOException {
        byte[] bytes = "title \"x\r\nnote\rmore\n\na,b\n".getBytes(StandardCharsets.UTF_8);
        CsvTokenizer tokenizer = new CsvTokenizer(new ByteArrayInputStream(bytes), 0, (byte) ',', '"', false,
                BIG, BIG, 100);
        tokenizer.skipLines(3);
        assertEquals(4, tokenizer.line());
        CsvRecord record = new CsvRecord();
        assertTrue(tokenizer.next(record));
        assertEquals("a", record.text(0));
        assertEquals(5, record.line());
        assertEquals(bytes.length - 4, record.byteOffset());
    }

    // ---- repaired defects ----

    @Test
    void textAfterClosingQuoteIsKeptAndReported() throws IOException {
        List<Row> rows = read("x,\"abc\"def,y\nok,1,2\n");
        assertEquals(List.of("x", "abcdef", "y"), rows.get(0).fields());
        assertEquals("text after a closing quote", rows.get(0).defect());
        assertEquals(1, rows.get(0).defectField());
        assertNull(rows.get(1).defect(), "the defect does not leak into the next record");
        assertEquals(-1, rows.get(1).defectField());
    }

    @Test
    void quoteOpenAtEndOfInputClosesThere() throws IOException {
        List<Row> rows = read("a,b\nc,\"open\nstill,open\n");
        assertEquals(2, rows.size());
        assertEquals(List.of("c", "open\nstill,open\n"), rows.get(1).fields());
        assertEquals("quote still open at the end of the input", rows.get(1).defect());
        assertEquals(1, rows.get(1).defectField());
        assertEquals(2, rows.get(1).line());
    }

    @Test
    void backslashAtEndOfInputInsideQuotes() throws IOException {
        List<Row> rows = readBackslash("a,\"b\\");
        assertEquals(List.of("a", "b"), rows.get(0).fields());
        assertEquals("quote still open at the end of the input", rows.get(0).defect());
    }

    // ---- buffer boundaries ----

    @Test
    void recordSpanningTheBufferBoundary() throws IOException {
        StringBuilder text = new StringBuilder();
        int line = 0;
        while (text.length() < 65_536 - 40) {
            text.append("row").append(line++).append(",value\n");
        }
        int spanningStart = text.length();
        String longField = "q".repeat(100) + ",\n\"" + "z".repeat(50);
        text.append("\"").append(longField.replace("\"", "\"\"")).append("\",tail\n");
        text.append("last,1\n");
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        List<Row> rows = read(bytes, new ByteArrayInputStream(bytes), ',', '"', false, BIG, BIG, 100);
        Row spanning = rows.get(line);
        assertEquals(List.of(longField, "tail"), spanning.fields());
        assertEquals(spanningStart, spanning.byteOffset());
        assertEquals(line + 1, spanning.line());
        assertEquals(line + 3, rows.get(line + 1).line());
        assertTrue(spanning.byteEnd() > 65_536);
    }

    @Test
    void crAtTheEndOfABufferFollowedByLf() throws IOException {
        for (int crAt : new int[] {65_535, 2 * 65_536 - 1}) {
            // an unquoted record ends with a CRLF whose CR is the last byte of a buffer
            String plain = "x".repeat(crAt - 1) + "a\r\nb,c\r\n";
            byte[] bytes = plain.getBytes(StandardCharsets.US_ASCII);
            assertEquals('\r', bytes[crAt]);
            List<Row> rows = read(bytes, new ByteArrayInputStream(bytes), ',', '"', false, BIG, BIG, 100);
            assertEquals(List.of(List.of("x".repeat(crAt - 1) + "a"), List.of("b", "c")), fields(rows));
            assertEquals(2, rows.get(1).line(), "CRLF split over buffers is one line ending");
            assertEquals(crAt + 2, rows.get(1).byteOffset());
            assertEquals(crAt + 2, rows.get(0).byteEnd());

            // the same CRLF inside a quoted field
            String quoted = "x".repeat(crAt - 3) + "\n\"a\r\nb\",c\r\nd\n";
            byte[] quotedBytes = quoted.getBytes(StandardCharsets.US_ASCII);
            assertEquals('\r', quotedBytes[crAt]);
            rows = read(quotedBytes, new ByteArrayInputStream(quotedBytes), ',', '"', false, BIG, BIG, 100);
            assertEquals(List.of(List.of("x".repeat(crAt - 3)), List.of("a\r\nb", "c"), List.of("d")), fields(rows));
            assertEquals(List.of(1L, 2L, 4L), rows.stream().map(Row::line).toList());
            assertNull(rows.get(1).defect());
        }
    }

    @Test
    void crlfInsideQuotesSplitAcrossBuffersCountsOneLine() throws IOException {
        String head = "\"" + "y".repeat(65_534); // CR at 65535
        String text = head + "\r\nz\",w\r\nnext,1\r\n";
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        assertEquals('\r', bytes[65_535]);
        List<Row> rows = read(bytes, new ByteArrayInputStream(bytes), ',', '"', false, BIG, BIG, 100);
        assertEquals(List.of("y".repeat(65_534) + "\r\nz", "w"), rows.get(0).fields());
        assertEquals(3, rows.get(1).line());
        assertNull(rows.get(0).defect());
    }

    @Test
    void blankLinesAcrossBufferBoundary() throws IOException {
        String text = "a".repeat(65_533) + "\r\n\r\n\r\nb\n";
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        List<Row> rows = read(bytes, new ByteArrayInputStream(bytes), ',', '"', false, BIG, BIG, 100);
        assertEquals(List.of(List.of("a".repeat(65_533)), List.of("b")), fields(rows));
        assertEquals(4, rows.get(1).line());
        assertEquals(65_539, rows.get(1).byteOffset());
    }

    @Test
    void shortReadsGiveTheSameRecords() throws IOException {
        String text = "h,\"q\"\"x\"\r\n\r\n1,\"a\r\nb\"\r2,\"c\"d\n\n\"open,";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<Row> whole = read(bytes, new ByteArrayInputStream(bytes), ',', '"', false, BIG, BIG, 100);
        for (long seed = 0; seed < 200; seed++) {
            assertEquals(whole, read(bytes, new ChoppyStream(bytes, seed), ',', '"', false, BIG, BIG, 100),
                    "seed " + seed);
        }
    }

    // ---- limits ----

    @Test
    void fieldLongerThanTheLimitFails() throws IOException {
        byte[] bytes = "a,b\nok,fine\nx,yyyyyyyyyyy,z\n".getBytes(StandardCharsets.UTF_8);
        IngestFailure failure = assertThrows(IngestFailure.class,
                () -> read(bytes, new ByteArrayInputStream(bytes), ',', '"', false, 10, BIG, 100));
        assertEquals(IngestFailure.Kind.INVALID_INPUT, failure.kind());
        assertEquals(3, failure.line());
        assertEquals(12, failure.byteOffset());
        assertEquals(2, failure.column());
        assertTrue(failure.getMessage().contains("max.field.bytes"), failure.getMessage());
        // exactly at the limit is fine
        byte[] atLimit = "x,yyyyyyyyyy\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(1, read(atLimit, new ByteArrayInputStream(atLimit), ',', '"', false, 10, BIG, 100).size());
    }

    @Test
    void quotedFieldLongerThanTheLimitFailsWhateverTheQuotes() {
        byte[] bytes = ("1,\"" + "a\n".repeat(600) + "\"\n").getBytes(StandardCharsets.UTF_8);
        IngestFailure failure = assertThrows(IngestFailure.class,
                () -> read(bytes, new ByteArrayInputStream(bytes), ',', '"', false, 1024, BIG, 100));
        assertEquals(1, failure.line());
        assertEquals(0, failure.byteOffset());
        assertEquals(2, failure.column());
    }

    @Test
    void recordLongerThanTheLimitFails() throws IOException {
        String field = "f".repeat(30);
        String record = String.join(",", field, field, field, field, field); // 150 data bytes
        byte[] bytes = ("a,b\n" + record + "\n").getBytes(StandardCharsets.UTF_8);
        IngestFailure failure = assertThrows(IngestFailure.class,
                () -> read(bytes, new ByteArrayInputStream(bytes), ',', '"', false, 50, 100, 100));
        assertEquals(IngestFailure.Kind.INVALID_INPUT, failure.kind());
        assertEquals(2, failure.line());
        assertEquals(4, failure.byteOffset());
        assertEquals(4, failure.column(), "the 101st byte is in the 4th field");
        assertTrue(failure.getMessage().contains("max.record.bytes"), failure.getMessage());

        // the same with a limit above the initial record buffer (growth path)
        String big = ("g".repeat(3000) + ",").repeat(3);
        byte[] bigBytes = (big + "\n").getBytes(StandardCharsets.UTF_8);
        IngestFailure grown = assertThrows(IngestFailure.class,
                () -> read(bigBytes, new ByteArrayInputStream(bigBytes), ',', '"', false, 4000, 8000, 100));
        assertEquals(3, grown.column());
        // at the limit exactly
        byte[] exact = ("x".repeat(50) + "," + "y".repeat(50) + "\n").getBytes(StandardCharsets.UTF_8);
        assertEquals(1, read(exact, new ByteArrayInputStream(exact), ',', '"', false, 50, 100, 100).size());
    }

    @Test
    void moreColumnsThanTheLimitFails() throws IOException {
        byte[] bytes = "a,b,c\n1,2,3,4\n".getBytes(StandardCharsets.UTF_8);
        IngestFailure failure = assertThrows(IngestFailure.class,
                () -> read(bytes, new ByteArrayInputStream(bytes), ',', '"', false, BIG, BIG, 3));
        assertEquals(2, failure.line());
        assertEquals(6, failure.byteOffset());
        assertEquals(4, failure.column());
        assertTrue(failure.getMessage().contains("max.columns"), failure.getMessage());
        // more fields than the initial arrays hold, under the limit
        String wide = String.join(",", java.util.Collections.nCopies(500, "v")) + "\n";
        byte[] wideBytes = wide.getBytes(StandardCharsets.UTF_8);
        assertEquals(500, read(wideBytes, new ByteArrayInputStream(wideBytes), ',', '"', false, BIG, BIG, 500)
                .get(0).fields().size());
        assertThrows(IngestFailure.class,
                () -> read(wideBytes, new ByteArrayInputStream(wideBytes), ',', '"', false, BIG, BIG, 499));
    }

    // ---- differential test against Apache Commons CSV ----

    private static final String[] PIECES = {"a", "b", "xyz", "1", "2.5", " ", ",", "\"", "\n", "\r\n", "\r", "é",
        "日本", "😀", "\t", "'", "\\"};

    /**
     * Random valid RFC 4180 files, read by both parsers. Only valid CSV is generated (every field that
     * holds a delimiter, quote or line break is quoted), so the repaired defects, where Commons throws,
     * are not compared; neither are blank lines (we skip them; Commons' ignoreEmptyLines has its own
     * notion of a single empty field) nor a record of one empty unquoted field, which is a blank line to
     * us by design.
     */
    @Test
    void agreesWithCommonsCsvOnRandomFiles() throws IOException {
        Random random = new Random(20240607L);
        for (int file = 0; file < 3000; file++) {
            String newline = random.nextBoolean() ? "\n" : "\r\n";
            int records = 1 + random.nextInt(8);
            List<List<String>> expected = new ArrayList<>();
            List<Long> expectedLines = new ArrayList<>();
            List<Long> expectedOffsets = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            for (int r = 0; r < records; r++) {
                int width = 1 + random.nextInt(5);
                List<String> values = new ArrayList<>();
                StringBuilder line = new StringBuilder();
                for (int f = 0; f < width; f++) {
                    String value = randomValue(random);
                    if (width == 1 && value.isEmpty()) {
                        value = "v";
                    }
                    values.add(value);
                    if (f > 0) {
                        line.append(',');
                    }
                    boolean mustQuote = value.matches("(?s).*[,\"\r\n].*");
                    if (mustQuote || random.nextInt(4) == 0) {
                        line.append('"').append(value.replace("\"", "\"\"")).append('"');
                    } else {
                        line.append(value);
                    }
                }
                expected.add(values);
                String before = text.toString();
                expectedOffsets.add((long) before.getBytes(StandardCharsets.UTF_8).length);
                expectedLines.add(1 + lineBreaks(before));
                text.append(line);
                if (r < records - 1 || random.nextBoolean()) {
                    text.append(newline);
                }
            }
            String csv = text.toString();
            byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
            InputStream in = random.nextBoolean() ? new ByteArrayInputStream(bytes) : new ChoppyStream(bytes, file);
            List<Row> ours = read(bytes, in, ',', '"', false, BIG, BIG, 100);

            List<List<String>> theirs = new ArrayList<>();
            try (CSVParser parser = CSVParser.parse(new StringReader(csv), CSVFormat.RFC4180)) {
                for (CSVRecord record : parser) {
                    theirs.add(Arrays.asList(record.values()));
                }
            }
            String context = "file " + file + ": " + csv.replace("\r", "\\r").replace("\n", "\\n");
            assertEquals(theirs, fields(ours), context);
            assertEquals(expected, fields(ours), context);
            assertEquals(expectedLines, ours.stream().map(Row::line).toList(), context);
            assertEquals(expectedOffsets, ours.stream().map(Row::byteOffset).toList(), context);
            for (Row row : ours) {
                assertNull(row.defect(), context);
            }
        }
    }

    private static String randomValue(Random random) {
        if (random.nextInt(6) == 0) {
            return "";
        }
        StringBuilder value = new StringBuilder();
        int pieces = 1 + random.nextInt(5);
        for (int i = 0; i < pieces; i++) {
            value.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return value.toString();
    }

    /** Line breaks as the tokenizer counts them: CRLF, CR and LF are one each. */
    private static long lineBreaks(String text) {
        long count = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                count++;
            } else if (c == '\r') {
                count++;
                if (i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
            }
        }
        return count;
    }
}
