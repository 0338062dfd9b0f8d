package org.dataexplorer.query;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.dataexplorer.ingest.IngestHarness;
import org.dataexplorer.store.ColumnType;
import org.dataexplorer.store.DatasetManifest;
import org.dataexplorer.store.DatasetStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetReaderTest {

    private static final int ROWS = 4500;

    @TempDir
    Path root;

    private IngestHarness engine;
    private DatasetReader reader;
    private DatasetManifest manifest;

    /** i: row index; f: integers except one float in the third chunk; s: text, null every 7th row. */
    @BeforeEach
    void ingest() throws IOException {
        engine = new IngestHarness(root);
        reader = engine.reader();
        StringBuilder text = new StringBuilder("i,f,s\n");
        for (int i = 0; i < ROWS; i++) {
            text.append(i).append(',').append(f(i)).append(',').append(s(i)).append('\n');
        }
        manifest = engine.ingest(text.toString().getBytes(StandardCharsets.UTF_8));
        assertEquals(DatasetStatus.READY, manifest.status(), manifest.error());
        assertEquals(5, manifest.chunks().size());
        assertEquals(ColumnType.FLOAT, manifest.columns().get(1).type());
        assertEquals(ColumnType.INTEGER, manifest.chunks().get(0).columns().get(1).type());
        assertEquals(ColumnType.FLOAT, manifest.chunks().get(2).columns().get(1).type());
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private static String f(int i) {
        return i == 2500 ? "99999.5" : Integer.toString(i * 2 - 1000);
    }

    private static double fValue(int i) {
        return Double.parseDouble(f(i));
    }

    private static String s(int i) {
        return i % 7 == 0 ? "" : "s" + (i % 100);
    }

    private static Object[] expected(int i) {
        return new Object[] {(long) i, fValue(i), i % 7 == 0 ? null : s(i)};
    }

    @Test
    void rowsAcrossChunkBoundaries() throws IOException {
        RowPage page = reader.rows(manifest, 950, 2100, List.of());
        assertEquals(List.of("i", "f", "s"), page.columns());
        assertEquals(2100, page.rows().size());
        for (int r = 0; r < 2100; r++) {
            assertArrayEquals(expected(950 + r), page.rows().get(r), "row " + (950 + r));
        }
        RowPage tail = reader.rows(manifest, ROWS - 10, 100, List.of());
        assertEquals(10, tail.rows().size());
        assertArrayEquals(expected(ROWS - 1), tail.rows().get(9));
        assertEquals(0, reader.rows(manifest, ROWS, 10, List.of()).rows().size());
        assertArrayEquals(expected(1000), reader.rows(manifest, 1000, 1, List.of()).rows().get(0));
        assertArrayEquals(expected(999), reader.rows(manifest, 999, 1, List.of()).rows().get(0));
    }

    @Test
    void projectionInTheRequestedOrder() throws IOException {
        RowPage page = reader.rows(manifest, 995, 10, List.of("s", "i"));
        assertEquals(List.of("s", "i"), page.columns());
        for (int r = 0; r < 10; r++) {
            int i = 995 + r;
            assertArrayEquals(new Object[] {i % 7 == 0 ? null : s(i), (long) i}, page.rows().get(r));
        }
        QueryException unknown = assertThrows(QueryException.class,
                () -> reader.rows(manifest, 0, 1, List.of("nope")));
        assertEquals("columns", unknown.parameter());
    }

    @Test
    void randomSampleIsDeterministicDistinctAndInFileOrder() throws IOException {
        RowPage first = reader.randomSample(manifest, 300, 42, List.of("i", "f"));
        RowPage again = reader.randomSample(manifest, 300, 42, List.of("i", "f"));
        assertEquals(300, first.rows().size());
        List<Long> picks = first.rows().stream().map(row -> (Long) row[0]).toList();
        assertEquals(picks, again.rows().stream().map(row -> (Long) row[0]).toList());
        assertEquals(300, new HashSet<>(picks).size());
        for (int k = 1; k < picks.size(); k++) {
            assertTrue(picks.get(k - 1) < picks.get(k), "file order");
        }
        for (Object[] row : first.rows()) {
            assertEquals(fValue(((Long) row[0]).intValue()), row[1]);
        }
        Set<Long> chunksHit = new HashSet<>();
        picks.forEach(p -> chunksHit.add(p / IngestHarness.CHUNK_ROWS));
        assertEquals(5, chunksHit.size(), "a uniform sample of 300 touches every chunk");

        List<Long> other = reader.randomSample(manifest, 300, 43, List.of("i")).rows().stream()
                .map(row -> (Long) row[0]).toList();
        assertNotEquals(picks, other);

        RowPage all = reader.randomSample(manifest, ROWS * 2, 1, List.of("i"));
        assertEquals(ROWS, all.rows().size());
        for (int r = 0; r < ROWS; r++) {
            assertEquals((long) r, all.rows().get(r)[0]);
        }
    }

    @Test
    void statisticsAcrossChunks() {
        List<ColumnStatistics> stats = reader.statistics(manifest);
        assertEquals(3, stats.size());
        ColumnStatistics i = stats.get(0);
        assertEquals("integer", i.type());
        assertEquals(ROWS, i.count());
        assertEquals(0, i.nullCount());
        assertEquals(0L, i.min());
        assertEquals((long) ROWS - 1, i.max());

        ColumnStatistics f = stats.get(1);
        assertEquals("float", f.type());
        assertEquals(-1000.0, f.min(), "from an integer chunk, in the column's type");
        assertEquals(99999.5, f.max(), "from the float chunk");
        assertEquals(0, f.nullCount());

        ColumnStatistics s = stats.get(2);
        long nulls = (ROWS + 6) / 7;
        assertEquals(nulls, s.nullCount());
        assertEquals(ROWS - nulls, s.count());
        assertEquals("s0", s.min());
        assertEquals("s99", s.max());
    }

    @Test
    void emptyDataset() throws IOException {
        DatasetManifest empty = engine.ingest("a,b\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(0, reader.rowCount(empty));
        assertEquals(List.of(), reader.rows(empty, 0, 10, List.of()).rows());
        assertEquals(List.of(), reader.randomSample(empty, 10, 1, List.of()).rows());
        ColumnStatistics a = reader.statistics(empty).get(0);
        assertEquals(0, a.count());
        assertNull(a.min());
        assertNull(a.max());
    }
}
