package org.dataexplorer.store.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.dataexplorer.store.ColumnChunk;
import org.dataexplorer.store.ColumnType;
import org.junit.jupiter.api.Test;

class ColumnProfilerTest {

    @Test
    void manyDistinctValuesAreEstimatedAndMarkedApproximate() {
        ColumnProfiler profiler = new ColumnProfiler("s", ColumnType.STRING, 100);
        Random random = new Random(3);
        java.util.Set<String> distinct = new java.util.HashSet<>();
        for (int chunk = 0; chunk < 10; chunk++) {
            ColumnChunk.Builder b = ColumnChunk.builder(ColumnType.STRING, 5000);
            for (int i = 0; i < 5000; i++) {
                String s = "v" + (random.nextInt(4) == 0 ? 7 : random.nextInt(20_000));
                distinct.add(s);
                byte[] v = s.getBytes(StandardCharsets.UTF_8);
                b.appendString(v, 0, v.length);
            }
            profiler.accept(b.build());
        }
        ColumnProfile p = profiler.finish();
        assertTrue(p.distinctApproximate());
        assertTrue(p.topApproximate());
        assertTrue(Math.abs(p.distinct() - distinct.size()) < distinct.size() * 0.03,
                "estimate " + p.distinct() + " of " + distinct.size());
        assertEquals("v7", p.topValues().get(0).value());
        assertTrue(Math.abs(p.topValues().get(0).count() - 12_500) < 500, "count " + p.topValues().get(0).count());
    }

    @Test
    void descendingLongsAndAllNullColumns() {
        ColumnProfiler profiler = new ColumnProfiler("n", ColumnType.INTEGER, 100);
        ColumnChunk.Builder b = ColumnChunk.builder(ColumnType.INTEGER, 100);
        for (int i = 100; i > 0; i--) {
            if (i % 10 == 0) {
                b.appendNull();
            } else {
                b.appendLong(i);
            }
        }
        profiler.accept(b.build());
        ColumnProfile p = profiler.finish();
        assertEquals("descending", p.sortOrder());
        assertEquals(1L, p.minLong());
        assertEquals(99L, p.maxLong());
        assertEquals(10, p.nullCount());

        ColumnProfiler empty = new ColumnProfiler("e", ColumnType.DATE, 100);
        ColumnChunk.Builder nulls = ColumnChunk.builder(ColumnType.DATE, 3);
        nulls.appendNull();
        nulls.appendNull();
        empty.accept(nulls.build());
        ColumnProfile e = empty.finish();
        assertEquals(0, e.count());
        assertEquals(null, e.minLong());
        assertEquals(0, e.histogram().size());
    }
}
