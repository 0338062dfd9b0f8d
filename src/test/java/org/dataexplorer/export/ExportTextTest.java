package org.dataexplorer.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.dataexplorer.query.RowQuery;
import org.dataexplorer.query.filter.FilterSpec;
import org.dataexplorer.query.filter.Op;
import org.dataexplorer.query.sort.SortKey;
import org.dataexplorer.store.ColumnSchema;
import org.dataexplorer.store.ColumnType;
import org.dataexplorer.store.DatasetManifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportTextTest {

    @TempDir
    Path dir;

    private ExportFixture fx;
    private DatasetManifest data;

    @BeforeEach
    void setUp() throws IOException {
        fx = new ExportFixture(dir, 64L << 20);
        data = fx.ingest(ExportFixture.csv(3_500, 42));
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    @Test
    void anExportOffersToPauseEveryThousandRowsAndWritesTheSameBytes() throws IOException {
        java.util.concurrent.atomic.AtomicInteger pauses = new java.util.concurrent.atomic.AtomicInteger();
        Exporter pausing = new Exporter(fx.engine, pauses::incrementAndGet);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (ExportJob job = pausing.prepare(data, ExportRequest.all())) {
            job.writeTo(ExportFormat.CSV, ExportOptions.defaults(), out);
        }
        assertEquals(3_500 / 1024, pauses.get());
        assertArrayEquals(fx.export(data, ExportRequest.all(), ExportFormat.CSV, ExportOptions.defaults()),
                out.toByteArray());
    }

    @Test
    void theFixtureCoversEveryTypeAndLayout() {
        List<ColumnType> types = data.columns().stream().map(ColumnSchema::type).toList();
        assertEquals(List.of(ColumnType.INTEGER, ColumnType.INTEGER, ColumnType.FLOAT, ColumnType.BOOLEAN,
                ColumnType.DATE, ColumnType.TIMESTAMP, ColumnType.TIMESTAMP, ColumnType.STRING), types);
        assertEquals("dd/MM/yyyy", data.columns().get(4).format());
        assertTrue(data.columns().get(5).format().startsWith("MM/dd/yyyy"), data.columns().get(5).format());
        assertTrue(data.columns().get(6).format().contains("XXX"), data.columns().get(6).format());
    }

    @Test
    void csvRoundTripsSchemaAndEveryValue() throws IOException {
        byte[] csv = fx.export(data, ExportRequest.all(), ExportFormat.CSV, ExportOptions.defaults());
        DatasetManifest again = fx.ingest(csv);
        assertEquals(data.columns(), again.columns());
        assertEquals(0, again.rejectCount());
        assertRowsEqual(fx.ingest.allRows(data), fx.ingest.allRows(again));
        assertRowsEqual(fx.stored(data, ExportRequest.all()), fx.stored(again, ExportRequest.all()));
    }

    @Test
    void tsvAndOtherDelimitersRoundTripToo() throws IOException {
        for (ExportFormat format : List.of(ExportFormat.TSV, ExportFormat.CSV)) {
            ExportOptions options = format == ExportFormat.TSV ? ExportOptions.defaults()
                    : new ExportOptions(';', true, false, "");
            DatasetManifest again = fx.ingest(fx.export(data, ExportRequest.all(), format, options));
            assertEquals(data.columns(), again.columns(), format.name());
            assertRowsEqual(fx.stored(data, ExportRequest.all()), fx.stored(again, ExportRequest.all()));
        }
    }

    @Test
    void numbersAreWrittenInTheirShortestExactForm() throws IOException {
        DatasetManifest m = fx.ingest("f,n\n2.0,1\n0.5,2\n1e-7,3\n-0.0,4\n1e300,5\n123456.789,6\n,7\n"
                .getBytes(StandardCharsets.UTF_8));
        String csv = text(fx.export(m, ExportRequest.all(), ExportFormat.CSV, ExportOptions.defaults()));
        assertEquals("f,n\n2,1\n0.5,2\n1E-7,3\n-0.0,4\n1E300,5\n123456.789,6\n,7\n", csv);
        assertEquals("2", Numbers.shortest(2.0));
        assertEquals("1E10", Numbers.shortest(1e10));
        assertEquals("0.1", Numbers.shortest(0.1));
        assertEquals("-0.0", Numbers.shortest(-0.0));
        assertEquals("0", Numbers.shortest(0.0));
    }

    @Test
    void everyWrittenNumberReadsBackExactly() throws IOException {
        java.util.Random random = new java.util.Random(5);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        ByteOut out = new ByteOut(bytes);
        double[] values = new double[200_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (i % 5) {
                case 0 -> Math.round(random.nextGaussian() * 1e6) / 100.0;
                case 1 -> Math.round(random.nextGaussian() * 1e4) / 10_000.0;
                case 2 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
                case 3 -> Double.longBitsToDouble(random.nextLong());
                default -> random.nextInt(100_000) / 8.0 - 5_000;
            };
            if (Double.isNaN(values[i])) {
                values[i] = 1.5;
            }
            Numbers.write(values[i], out);
            out.write('\n');
        }
        out.flush();
        String[] lines = text(bytes.toByteArray()).split("\n");
        for (int i = 0; i < values.length; i++) {
            assertEquals(Double.doubleToLongBits(values[i]), Double.doubleToLongBits(Double.parseDouble(lines[i])),
                    lines[i]);
            assertTrue(lines[i].length() <= Double.toString(values[i]).length() || lines[i].indexOf('E') < 0,
                    lines[i] + " vs " + values[i]);
        }
        assertEquals("12.5", write(12.5));
        assertEquals("-0.25", write(-0.25));
        assertEquals("3.0001", write(3.0001));
        assertEquals("1E-7", write(1e-7));
        assertEquals("0.30000000000000004", write(0.1 + 0.2));
        assertEquals("-0.0", write(-0.0));
    }

    private static String write(double v) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        ByteOut out = new ByteOut(bytes);
        Numbers.write(v, out);
        out.flush();
        return text(bytes.toByteArray());
    }

    @Test
    void datesKeepTheirDetectedLayoutUnlessIsoIsAsked() throws IOException {
        String body = "d,t,z,o\n31/01/2024,12/31/2023 23:59:58.5,2024-01-01T10:00:00+02:00,2024-03-01\n"
                + "02/02/2024,01/02/2024 00:00:00,2024-01-02T00:00:00Z,2024-03-02 10:30:00\n";
        DatasetManifest m = fx.ingest(body.getBytes(StandardCharsets.UTF_8));
        assertEquals(ColumnType.TIMESTAMP, m.columns().get(3).type());
        String source = text(fx.export(m, ExportRequest.all(), ExportFormat.CSV, ExportOptions.defaults()));
        assertEquals("d,t,z,o\n31/01/2024,12/31/2023 23:59:58.5,2024-01-01T08:00:00Z,2024-03-01\n"
                + "02/02/2024,01/02/2024 00:00:00,2024-01-02T00:00:00Z,2024-03-02 10:30:00\n", source);
        String iso = text(fx.export(m, ExportRequest.all(), ExportFormat.CSV, new ExportOptions(',', false, true, "")));
        assertEquals("2024-01-31,2023-12-31T23:59:58.5,2024-01-01T08:00:00Z,2024-03-01T00:00:00\n"
                + "2024-02-02,2024-01-02T00:00:00,2024-01-02T00:00:00Z,2024-03-02T10:30:00\n", iso);
    }

    @Test
    void optionsChangeDelimiterHeaderAndNullText() throws IOException {
        DatasetManifest m = fx.ingest("a,b,c\n1,,x\n,\"semi;colon\",\n3,NULLISH,\"\"\"q\"\"\"\n"
                .getBytes(StandardCharsets.UTF_8));
        String csv = text(fx.export(m, ExportRequest.all(), ExportFormat.CSV, new ExportOptions(';', false, false,
                "NULLISH")));
        assertEquals("1;NULLISH;x\nNULLISH;\"semi;colon\";NULLISH\n3;\"NULLISH\";\"\"\"q\"\"\"\n", csv);
        String tsv = text(fx.export(m, ExportRequest.all(), ExportFormat.TSV, ExportOptions.defaults()));
        assertEquals("a\tb\tc\n1\t\tx\n\tsemi;colon\t\n3\tNULLISH\t\"\"\"q\"\"\"\n", tsv);
        assertThrows(IllegalArgumentException.class, () -> new ExportOptions(',', true, false, "a,b"));
        assertThrows(IllegalArgumentException.class, () -> new ExportOptions('"', true, false, ""));
    }

    @Test
    void jsonLinesAndJsonHoldTheSameTypedValuesAsRows() throws IOException {
        List<Object[]> expected = fx.ingest.allRows(data);
        String jsonl = text(fx.export(data, ExportRequest.all(), ExportFormat.JSONL, ExportOptions.defaults()));
        List<JsonObject> lines = new ArrayList<>();
        for (String line : jsonl.split("\n")) {
            lines.add(Json.createReader(new StringReader(line)).readObject());
        }
        JsonArray array = Json.createReader(new StringReader(text(fx.export(data, ExportRequest.all(),
                ExportFormat.JSON, ExportOptions.defaults())))).readArray();
        assertEquals(expected.size(), lines.size());
        assertEquals(expected.size(), array.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(lines.get(i), array.get(i));
            JsonObject o = lines.get(i);
            for (ColumnSchema c : data.columns()) {
                assertJsonValue(expected.get(i)[c.index()], o.get(c.name()), "row " + i + " column " + c.name());
            }
        }
        DatasetManifest empty = fx.ingest("a\n1\n".getBytes(StandardCharsets.UTF_8));
        ExportRequest none = new ExportRequest(List.of(new FilterSpec("a", Op.GT, List.of("5"), "a__gt")),
                List.of(), false, List.of());
        assertEquals(JsonValue.EMPTY_JSON_ARRAY, Json.createReader(new StringReader(text(fx.export(empty, none,
                ExportFormat.JSON, ExportOptions.defaults())))).readArray());
        assertEquals("", text(fx.export(empty, none, ExportFormat.JSONL, ExportOptions.defaults())));
    }

    @Test
    void filtersSortAndProjectionAreThoseOfRowQueries() throws IOException {
        List<FilterSpec> filters = List.of(new FilterSpec("flag", Op.EXACT, List.of("true"), "flag"),
                new FilterSpec("qty", Op.NOTNULL, List.of("1"), "qty__notnull"));
        List<SortKey> sort = List.of(new SortKey("label", false), new SortKey("price", true));
        List<String> columns = List.of("label", "price", "id", "day");
        ExportRequest request = new ExportRequest(filters, sort, true, columns);
        List<Object[]> expected = fx.engine.rows(data, new RowQuery(filters, sort, true, columns, 0, 100_000, null))
                .rows();
        assertTrue(expected.size() > 100);
        String jsonl = text(fx.export(data, request, ExportFormat.JSONL, ExportOptions.defaults()));
        String[] lines = jsonl.split("\n");
        assertEquals(expected.size(), lines.length);
        for (int i = 0; i < lines.length; i++) {
            JsonObject o = Json.createReader(new StringReader(lines[i])).readObject();
            assertEquals(columns, new ArrayList<>(o.keySet()));
            for (int c = 0; c < columns.size(); c++) {
                assertJsonValue(expected.get(i)[c], o.get(columns.get(c)), "row " + i);
            }
        }
        String csv = text(fx.export(data, request, ExportFormat.CSV, ExportOptions.defaults()));
        assertTrue(csv.startsWith("label,price,id,day\n"), csv.substring(0, 40));
    }

    @Test
    void aFailingStreamStopsTheExport() throws IOException {
        DatasetManifest big = fx.ingest(ExportFixture.csv(20_000, 7));
        for (boolean sorted : new boolean[] {false, true}) {
            ExportRequest request = new ExportRequest(List.of(), sorted ? List.of(new SortKey("qty", true)) : List.of(),
                    false, List.of());
            try (ExportJob job = fx.exporter.prepare(big, request)) {
                OutputStream gone = new OutputStream() {
                    private long n;

                    @Override
                    public void write(int b) throws IOException {
                        write(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        n += len;
                        if (n > 200_000) {
                            throw new IOException("Broken pipe");
                        }
                    }
                };
                assertThrows(IOException.class, () -> job.writeTo(ExportFormat.CSV, ExportOptions.defaults(), gone));
                assertTrue(job.rowsWritten() > 0 && job.rowsWritten() < 10_000, "rows: " + job.rowsWritten());
            }
        }
    }

    @Test
    void anInterruptedThreadStopsTheExport() throws IOException {
        try (ExportJob job = fx.exporter.prepare(data, ExportRequest.all())) {
            Thread.currentThread().interrupt();
            try {
                assertThrows(java.io.InterruptedIOException.class,
                        () -> job.writeTo(ExportFormat.CSV, ExportOptions.defaults(), OutputStream.nullOutputStream()));
            } finally {
                assertTrue(Thread.interrupted());
            }
            assertFalse(job.rowsWritten() > 0);
        }
    }

    static void assertJsonValue(Object expected, JsonValue actual, String where) {
        if (expected == null) {
            assertEquals(JsonValue.NULL, actual, where);
        } else if (expected instanceof Long l) {
            assertEquals(l.longValue(), ((JsonNumber) actual).longValueExact(), where);
        } else if (expected instanceof Double d) {
            double v = ((JsonNumber) actual).doubleValue();
            // JSON numbers read back through BigDecimal, which has no negative zero
            assertTrue(d == 0 ? v == 0 : Double.compare(d, v) == 0, where + ": expected " + d + " but was " + v);
        } else if (expected instanceof Boolean b) {
            assertEquals(b ? JsonValue.TRUE : JsonValue.FALSE, actual, where);
        } else {
            assertEquals(expected, ((JsonString) actual).getString(), where);
        }
    }

    static void assertRowsEqual(List<Object[]> expected, List<Object[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "row " + i);
        }
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
