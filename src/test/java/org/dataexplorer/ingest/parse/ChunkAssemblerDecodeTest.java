package org.dataexplorer.ingest.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.dataexplorer.store.ColumnChunk;
import org.dataexplorer.store.ColumnType;
import org.junit.jupiter.api.Test;

/**
 * {@link ChunkAssembler#observe} decodes typed columns while it infers them; {@link ChunkAssembler#encode}
 * then reuses those columns when the typing agrees. Differential: for random columns (plain and unusual
 * numbers, dates whose layout narrows or changes, type changes in mid-chunk, nulls, empty and quoted-empty
 * cells), the inference must equal observing every value one by one, and the encoded chunk must equal,
 * value for value, what encoding from the text gives, under the inferred typing and under others.
 */
class ChunkAssemblerDecodeTest {

    private static final List<String> NULLS = List.of("NA");
    private static final String[] ODD = {
        "-0", "-0.0", "0", "0.0", "1.", ".5", "1e5", "-2.5E-3", "007", "+5", "00.5", "9223372036854775807",
        "-9223372036854775808", "9223372036854775808", "123456789012345678", "1234567890123456789",
        "0.1234567890123456", "12345678901234.5", " 42 ", "\t7", "NA", "", "\"\"", "abc", "true", "NO",
        "2024-01-31", "2024-01-31 10:00:00", "2024-01-31T10:00:00", "2024-01-31 10:00:00+02:00",
        "01/02/2020", "13/02/2020", "02/13/2020", "1/2/2020 9:05", "2020/03/04", "04.03.2020"
    };

    @Test
    void decodingWhileInferringEqualsEncodingFromText() throws IOException {
        Random random = new Random(2024);
        for (int trial = 0; trial < 400; trial++) {
            int columns = 1 + random.nextInt(5);
            int rows = 1 + random.nextInt(random.nextBoolean() ? 40 : 400);
            String[][] cells = new String[rows][columns];
            for (int c = 0; c < columns; c++) {
                int family = random.nextInt(6);
                int oddEvery = 2 + random.nextInt(200);
                for (int r = 0; r < rows; r++) {
                    cells[r][c] = random.nextInt(oddEvery) == 0 ? ODD[random.nextInt(ODD.length)] : value(family, random);
                }
            }
            check(cells, columns, random, "trial " + trial);
        }
    }

    private static void check(String[][] cells, int columns, Random random, String context) throws IOException {
        StringBuilder csv = new StringBuilder();
        for (String[] row : cells) {
            csv.append(String.join(",", row)).append('\n');
        }
        ChunkAssembler decoding = assemble(csv.toString(), columns);
        ChunkAssembler plain = assemble(csv.toString(), columns);

        TypeInference[] inferred = new TypeInference[columns];
        for (int c = 0; c < columns; c++) {
            inferred[c] = new TypeInference();
        }
        decoding.observe(inferred);
        ColumnTyping[] typing = new ColumnTyping[columns];
        for (int c = 0; c < columns; c++) {
            TypeInference oneByOne = new TypeInference();
            for (String[] row : cells) {
                String text = unquote(row[c]);
                if (!text.isEmpty() && !NULLS.contains(row[c])) {
                    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                    oneByOne.observe(bytes, 0, bytes.length);
                }
            }
            String where = context + " column " + c + " " + column(cells, c);
            assertEquals(oneByOne.type(), inferred[c].type(), where);
            assertEquals(oneByOne.format(), inferred[c].format(), where);
            assertEquals(oneByOne.observed(), inferred[c].observed(), where);
            typing[c] = new ColumnTyping(inferred[c].type(), inferred[c].format());
        }
        assertSame(plain.encode(typing, IGNORE), decoding.encode(typing, IGNORE), cells, context + " inferred typing");

        // Another typing than the chunk's own (a wider join with earlier chunks, a forced type): the text path.
        ColumnTyping[] other = typing.clone();
        int c = random.nextInt(columns);
        other[c] = switch (typing[c].type()) {
            case INTEGER -> new ColumnTyping(ColumnType.FLOAT, null);
            case DATE -> new ColumnTyping(ColumnType.TIMESTAMP, "yyyy-MM-dd[ HH:mm[:ss[.SSSSSS]]]");
            default -> new ColumnTyping(ColumnType.STRING, null);
        };
        ChunkAssembler again = assemble(csv.toString(), columns);
        TypeInference[] ignored = new TypeInference[columns];
        for (int i = 0; i < columns; i++) {
            ignored[i] = new TypeInference();
        }
        again.observe(ignored);
        assertSame(assemble(csv.toString(), columns).encode(other, IGNORE), again.encode(other, IGNORE), cells,
                context + " other typing " + other[c]);
    }

    private static final RejectSink IGNORE = (line, offset, column, reason) -> { };

    private static ChunkAssembler assemble(String csv, int columns) throws IOException {
        CsvTokenizer tokenizer = new CsvTokenizer(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), 0,
                (byte) ',', '"', false, 1 << 20, 1 << 20, 100);
        ChunkAssembler assembler = new ChunkAssembler(columns, NULLS, Integer.MAX_VALUE, Integer.MAX_VALUE);
        CsvRecord record = new CsvRecord();
        while (tokenizer.next(record)) {
            assembler.add(record, IGNORE);
        }
        return assembler;
    }

    private static void assertSame(List<ColumnChunk> expected, List<ColumnChunk> actual, String[][] cells,
                                   String context) {
        assertEquals(expected.size(), actual.size(), context);
        for (int c = 0; c < expected.size(); c++) {
            ColumnChunk e = expected.get(c);
            ColumnChunk a = actual.get(c);
            String where = context + " column " + c + " " + column(cells, c);
            assertEquals(e.type(), a.type(), where);
            assertEquals(e.size(), a.size(), where);
            assertEquals(e.nullCount(), a.nullCount(), where);
            for (int r = 0; r < e.size(); r++) {
                String at = where + " row " + r;
                assertEquals(e.isNull(r), a.isNull(r), at);
                switch (e.type()) {
                    case FLOAT -> assertEquals(Double.doubleToRawLongBits(e.getDouble(r)),
                            Double.doubleToRawLongBits(a.getDouble(r)), at);
                    case BOOLEAN -> assertEquals(e.getBoolean(r), a.getBoolean(r), at);
                    case STRING -> assertEquals(e.getString(r), a.getString(r), at);
                    default -> assertEquals(e.getLong(r), a.getLong(r), at);
                }
            }
        }
    }

    private static String value(int family, Random random) {
        return switch (family) {
            case 0 -> Integer.toString(random.nextInt(2_000_001) - 1_000_000);
            case 1 -> {
                String v = (random.nextBoolean() ? "-" : "") + random.nextInt(5000) + "." + random.nextInt(100);
                yield random.nextInt(10) == 0 ? Integer.toString(random.nextInt(100)) : v;
            }
            case 2 -> String.format("2024-%02d-%02d %02d:%02d:%02d", 1 + random.nextInt(12), 1 + random.nextInt(28),
                    random.nextInt(24), random.nextInt(60), random.nextInt(60));
            case 3 -> String.format("%02d/%02d/20%02d", 1 + random.nextInt(12), 1 + random.nextInt(12),
                    random.nextInt(30));
            case 4 -> String.format("2023-%02d-%02d", 1 + random.nextInt(12), 1 + random.nextInt(28));
            default -> random.nextInt(4) == 0 ? "" : "w" + random.nextInt(30);
        };
    }

    private static String unquote(String cell) {
        return cell.equals("\"\"") ? "" : cell;
    }

    private static List<String> column(String[][] cells, int c) {
        List<String> values = new ArrayList<>();
        for (int r = 0; r < Math.min(cells.length, 12); r++) {
            values.add(cells[r][c]);
        }
        return values;
    }

    @Test
    void plainNumbersTakeTheOneScanPathAndOthersAreLeftToTheGeneralOne() {
        assertEquals(-42, ValueParsers.plainLong(bytes(" -42\t"), 0, 5));
        assertEquals(ValueParsers.NO_LONG, ValueParsers.plainLong(bytes("007"), 0, 3));
        assertEquals(ValueParsers.NO_LONG, ValueParsers.plainLong(bytes("+5"), 0, 2));
        assertEquals(ValueParsers.NO_LONG, ValueParsers.plainLong(bytes("1234567890123456789"), 0, 19));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(ValueParsers.plainDouble(bytes("-0"), 0, 2)));
        assertEquals(10.5, ValueParsers.plainDouble(bytes("10.50"), 0, 5));
        assertTrue(Double.isNaN(ValueParsers.plainDouble(bytes("1e5"), 0, 3)));
        assertTrue(Double.isNaN(ValueParsers.plainDouble(bytes(".5"), 0, 2)));
        assertTrue(Double.isNaN(ValueParsers.plainDouble(bytes("0.1234567890123456"), 0, 18)));
        Random random = new Random(8);
        for (int i = 0; i < 200_000; i++) {
            String v = (random.nextBoolean() ? "-" : "") + random.nextInt(1_000_000) + "."
                    + String.format("%0" + (1 + random.nextInt(8)) + "d", random.nextInt(10_000_000) % 10_000_000);
            byte[] b = bytes(v);
            double plain = ValueParsers.plainDouble(b, 0, b.length);
            if (!Double.isNaN(plain)) {
                assertEquals(Double.doubleToRawLongBits(Double.parseDouble(v)), Double.doubleToRawLongBits(plain), v);
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
