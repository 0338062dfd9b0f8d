package org.dataexplorer.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

import org.dataexplorer.query.QueryFixture.Row;
import org.dataexplorer.store.stats.StatsFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Statistics written during ingest against a plain computation over the same rows. */
class StatisticsTest {

    @TempDir
    static Path dir;
    static QueryFixture data;
    static StatisticsReader.Statistics stats;

    @BeforeAll
    static void ingest() throws IOException {
        data = new QueryFixture(dir.resolve("store"), 1200, 11);
        stats = new StatisticsReader(data.catalog, new DatasetReader(data.catalog)).statistics(data.manifest);
    }

    @AfterAll
    static void close() {
        data.close();
    }

    private static ColumnSummary column(String name) {
        return stats.columns().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theProfileIsWrittenBeforeReady() {
        assertTrue(Files.isRegularFile(data.catalog.datasetDir(UUID.fromString(data.manifest.id())).resolve(StatsFile.NAME)));
        assertEquals("profile", stats.source());
    }

    @Test
    void countsNullsDistinctAndTopValuesAreExact() {
        for (String name : QueryEngineTest.COLUMNS) {
            List<Object> values = data.rows.stream().map(r -> r.get(name)).toList();
            ColumnSummary s = column(name);
            long nulls = values.stream().filter(Objects::isNull).count();
            assertEquals(nulls, s.nullCount(), name);
            assertEquals(values.size() - nulls, s.count(), name);
            Map<Object, Long> counts = new HashMap<>();
            values.stream().filter(Objects::nonNull).forEach(v -> counts.merge(v, 1L, Long::sum));
            assertEquals(counts.size(), s.distinctCount(), name);
            assertFalse(s.distinctApproximate(), name);
            long topCount = counts.values().stream().max(Long::compare).orElse(0L);
            assertEquals(topCount, s.topValues().get(0).count(), name);
            assertEquals(Math.min(10, counts.size()), s.topValues().size(), name);
        }
    }

    @Test
    void numericMomentsAndExtremes() {
        List<Double> prices = data.rows.stream().map(Row::price).filter(Objects::nonNull).toList();
        ColumnSummary price = column("price");
        double sum = prices.stream().mapToDouble(Double::doubleValue).sum();
        double mean = sum / prices.size();
        double variance = prices.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / (prices.size() - 1);
        assertEquals(sum, price.sum(), 1e-6);
        assertEquals(mean, price.mean(), 1e-9);
        assertEquals(variance, price.variance(), 1e-6);
        assertEquals(Math.sqrt(variance), price.stddev(), 1e-9);
        assertEquals(prices.stream().min(Double::compare).orElseThrow(), price.min());
        assertEquals(prices.stream().max(Double::compare).orElseThrow(), price.max());
        assertEquals(prices.stream().filter(v -> v == 0).count(), price.zeros());
        assertEquals(prices.stream().filter(v -> v < 0).count(), price.negatives());
        List<Double> sorted = prices.stream().sorted().toList();
        double median = (Double) price.median();
        int slack = (int) Math.ceil(sorted.size() * 0.03); // KLL (k=200) rank error is about 1.3%; its compaction is randomized
        assertTrue(median >= sorted.get(sorted.size() / 2 - slack) && median <= sorted.get(sorted.size() / 2 + slack),
                "the median is within the sketch's rank error");
        assertEquals(prices.size(), price.histogram().stream().mapToLong(ColumnSummary.HistogramBin::count).sum());
    }

    @Test
    void datesStringsAndSortOrder() {
        ColumnSummary day = column("day");
        assertEquals(extreme(Row::day, true).toString(), day.min());
        assertEquals(extreme(Row::day, false).toString(), day.max());
        assertTrue(day.median() instanceof String, "date quantiles are dates");
        ColumnSummary note = column("note");
        List<String> notes = data.rows.stream().map(Row::note).filter(Objects::nonNull).toList();
        assertEquals(notes.stream().mapToInt(s -> s.codePointCount(0, s.length())).min().orElseThrow(), note.minLength());
        assertEquals(notes.stream().mapToInt(s -> s.codePointCount(0, s.length())).max().orElseThrow(), note.maxLength());
        assertEquals("ascending", column("id").sortOrder());
        assertEquals("unsorted", column("price").sortOrder());
    }

    private static <T extends Comparable<T>> T extreme(Function<Row, T> f, boolean min) {
        Comparator<T> order = Comparator.naturalOrder();
        return data.rows.stream().map(f).filter(Objects::nonNull).sorted(min ? order : order.reversed()).findFirst()
                .orElseThrow();
    }
}
