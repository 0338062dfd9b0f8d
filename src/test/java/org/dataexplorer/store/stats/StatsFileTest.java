package org.dataexplorer.store.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.dataexplorer.store.ColumnChunk;
import org.dataexplorer.store.ColumnType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsFileTest {

    @TempDir
    Path dir;

    @Test
    void infiniteValuesSurviveTheRoundTrip() throws IOException {
        ColumnProfiler profiler = new ColumnProfiler("x", ColumnType.FLOAT, 100);
        ColumnChunk.Builder b = ColumnChunk.builder(ColumnType.FLOAT, 5);
        for (double v : new double[] {1.5, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.5, 2}) {
            b.appendDouble(v);
        }
        profiler.accept(b.build());
        ColumnProfile written = profiler.finish();
        Path file = dir.resolve("stats.json");
        StatsFile.write(file, List.of(written));
        ColumnProfile read = StatsFile.read(file).get(0);
        assertEquals(Double.NEGATIVE_INFINITY, read.minDouble());
        assertEquals(Double.POSITIVE_INFINITY, read.maxDouble());
        assertEquals(written.topValues(), read.topValues());
        assertEquals(written.histogram(), read.histogram());
        assertEquals(written, read);
    }
}
