package org.dataexplorer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.dataexplorer.query.filter.FilterSpec;
import org.dataexplorer.query.filter.Op;
import org.dataexplorer.query.sort.SortKey;
import org.dataexplorer.store.ColumnSchema;
import org.dataexplorer.store.DatasetManifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Parquet and Arrow exports read back by independent readers (DuckDB, Arrow's stream reader), value by value. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportBinaryTest {

    @TempDir
    static Path dir;

    private ExportFixture fx;
    private DatasetManifest data;

    @BeforeAll
    void setUp() throws IOException {
        fx = new ExportFixture(dir, 64L << 20);
        // several Arrow batches and sealed chunks
        data = fx.ingest(ExportFixture.csv(25_000, 11));
    }

    @AfterAll
    void tearDown() {
        fx.close();
    }

    private static ExportRequest filteredAndSorted() {
        return new ExportRequest(List.of(new FilterSpec("flag", Op.NOT, List.of("false"), "flag__not")),
                List.of(new SortKey("day", true), new SortKey("id", false)), false,
                List.of("label", "day", "id", "seen", "at", "price", "qty", "flag"));
    }

    @Test
    void parquetReadsBackInDuckDbWithTypedColumns() throws Exception {
        for (ExportRequest request : List.of(ExportRequest.all(), filteredAndSorted())) {
            Path file = dir.resolve("export-" + request.sort().size() + ".parquet");
            Files.write(file, fx.export(data, request, ExportFormat.PARQUET, ExportOptions.defaults()));
            List<Object[]> expected = fx.stored(data, request.sort().isEmpty() ? request
                    : new ExportRequest(request.filters(), List.of(), false, request.columns()));
            List<ColumnSchema> columns = fx.exporter.prepare(data, request).columns();
            List<Object[]> actual = readWithDuckDb(file, columns);
            if (!request.sort().isEmpty()) {
                expected = sortedLikeRequest(expected, columns);
            }
            ExportTextTest.assertRowsEqual(expected, actual);
        }
    }

    @Test
    void parquetColumnTypesAreNative() throws Exception {
        Path file = dir.resolve("types.parquet");
        Files.write(file, fx.export(data, ExportRequest.all(), ExportFormat.PARQUET, ExportOptions.defaults()));
        List<String> types = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
             Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + sql(file) + "')")) {
            while (rs.next()) {
                types.add(rs.getString("column_type"));
            }
        }
        assertEquals(List.of("BIGINT", "BIGINT", "DOUBLE", "BOOLEAN", "DATE", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE",
                "VARCHAR"), types);
    }

    @Test
    void arrowStreamReadsBackWithArrowsReader() throws Exception {
        for (ExportRequest request : List.of(ExportRequest.all(), filteredAndSorted())) {
            byte[] bytes = fx.export(data, request, ExportFormat.ARROW, ExportOptions.defaults());
            List<ColumnSchema> columns = fx.exporter.prepare(data, request).columns();
            List<Object[]> expected = fx.stored(data, new ExportRequest(request.filters(), List.of(), false,
                    request.columns()));
            if (!request.sort().isEmpty()) {
                expected = sortedLikeRequest(expected, columns);
            }
            List<Object[]> actual = new ArrayList<>();
            int batches = 0;
            try (RootAllocator allocator = new RootAllocator();
                 ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(bytes), allocator)) {
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                assertEquals(columns.stream().map(ColumnSchema::name).toList(),
                        root.getSchema().getFields().stream().map(f -> f.getName()).toList());
                while (reader.loadNextBatch()) {
                    batches++;
                    for (int i = 0; i < root.getRowCount(); i++) {
                        Object[] row = new Object[columns.size()];
                        for (int c = 0; c < row.length; c++) {
                            row[c] = arrowValue(root.getVector(c), i);
                        }
                        actual.add(row);
                    }
                }
            }
            assertTrue(batches >= expected.size() / ArrowRowWriter.BATCH_ROWS, "batches: " + batches);
            ExportTextTest.assertRowsEqual(expected, actual);
        }
    }

    @Test
    void arrowIsRefusedWithoutTheFlagThatItNeeds() {
        // The test JVM runs with the flag (pom.xml); the check looks at the module system, not at Arrow.
        assertNull(ArrowRowWriter.unavailableReason());
        assertTrue(ArrowRowWriter.FLAG.equals("--add-opens=java.base/java.nio=ALL-UNNAMED"));
    }

    @Test
    void emptyExportsAreValidFiles() throws Exception {
        ExportRequest none = new ExportRequest(List.of(new FilterSpec("id", Op.LT, List.of("0"), "id__lt")),
                List.of(), false, List.of());
        Path file = dir.resolve("empty.parquet");
        Files.write(file, fx.export(data, none, ExportFormat.PARQUET, ExportOptions.defaults()));
        assertEquals(0, readWithDuckDb(file, data.columns()).size());
        byte[] arrow = fx.export(data, none, ExportFormat.ARROW, ExportOptions.defaults());
        try (RootAllocator allocator = new RootAllocator();
             ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(arrow), allocator)) {
            assertEquals(data.columns().size(), reader.getVectorSchemaRoot().getSchema().getFields().size());
            assertTrue(!reader.loadNextBatch());
        }
    }

    /** The request's order (day descending nulls last, then id) applied to file-order rows. */
    private static List<Object[]> sortedLikeRequest(List<Object[]> rows, List<ColumnSchema> columns) {
        int day = indexOf(columns, "day");
        int id = indexOf(columns, "id");
        List<Object[]> sorted = new ArrayList<>(rows);
        sorted.sort((a, b) -> {
            Long x = (Long) a[day];
            Long y = (Long) b[day];
            if (x == null || y == null) {
                int nulls = Boolean.compare(x == null, y == null);
                if (nulls != 0) {
                    return nulls;
                }
            } else if (!x.equals(y)) {
                return Long.compare(y, x);
            }
            return Long.compare((Long) a[id], (Long) b[id]);
        });
        return sorted;
    }

    private static int indexOf(List<ColumnSchema> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException(name);
    }

    private static List<Object[]> readWithDuckDb(Path file, List<ColumnSchema> columns) throws SQLException {
        StringBuilder select = new StringBuilder("SELECT ");
        for (int c = 0; c < columns.size(); c++) {
            String q = '"' + columns.get(c).name() + '"';
            select.append(c == 0 ? "" : ", ").append(switch (columns.get(c).type()) {
                case DATE -> "CAST(" + q + " - DATE '1970-01-01' AS BIGINT)";
                case TIMESTAMP -> "epoch_us(" + q + ")";
                default -> q;
            });
        }
        select.append(" FROM read_parquet('").append(sql(file)).append("')");
        List<Object[]> rows = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
             Statement st = db.createStatement()) {
            st.execute("SET threads = 1");
            try (ResultSet rs = st.executeQuery(select.toString())) {
                while (rs.next()) {
                    Object[] row = new Object[columns.size()];
                    for (int c = 0; c < row.length; c++) {
                        Object v = rs.getObject(c + 1);
                        row[c] = switch (columns.get(c).type()) {
                            case INTEGER, DATE, TIMESTAMP -> v == null ? null : ((Number) v).longValue();
                            case FLOAT -> v == null ? null : ((Number) v).doubleValue();
                            case BOOLEAN -> v;
                            case STRING -> v == null ? null : v.toString();
                        };
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private static Object arrowValue(FieldVector v, int i) {
        if (v.isNull(i)) {
            return null;
        }
        if (v instanceof BigIntVector b) {
            return b.get(i);
        } else if (v instanceof Float8Vector f) {
            return f.get(i);
        } else if (v instanceof BitVector b) {
            return b.get(i) == 1;
        } else if (v instanceof DateDayVector d) {
            return (long) d.get(i);
        } else if (v instanceof TimeStampMicroTZVector t) {
            return t.get(i);
        } else if (v instanceof TimeStampMicroVector t) {
            return t.get(i);
        } else if (v instanceof VarCharVector s) {
            return s.getObject(i).toString();
        }
        throw new AssertionError("unexpected vector " + v.getClass());
    }

    private static String sql(Path file) {
        return file.toAbsolutePath().toString().replace("'", "''");
    }
}
