package org.dataexplorer.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.dataexplorer.query.QueryFixture.Row;
import org.dataexplorer.query.agg.AggregateSpec;
import org.dataexplorer.query.agg.AggregateSpec.Fn;
import org.dataexplorer.query.agg.Aggregator;
import org.dataexplorer.query.agg.GroupKey;
import org.dataexplorer.query.agg.GroupQuery;
import org.dataexplorer.query.agg.GroupResult;
import org.dataexplorer.query.filter.FilterSpec;
import org.dataexplorer.query.filter.Op;
import org.dataexplorer.query.sort.SortKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group-bys, every aggregate, buckets, having and facets against a plain computation. */
class AggregatorTest {

    @TempDir
    static Path dir;
    static QueryFixture data;
    static QueryEngine engine;
    static Aggregator aggregator;

    @BeforeAll
    static void ingest() throws IOException {
        data = new QueryFixture(dir.resolve("store"), 1300, 5);
        engine = new QueryEngine(data.catalog, DerivedCache.disabled(),
                new QueryLimits(60_000, 64L << 20, 50, 1000, dir.resolve("spill")));
        aggregator = new Aggregator(engine, DerivedCache.disabled());
    }

    @AfterAll
    static void close() {
        data.close();
    }

    @Test
    void everyAggregateByAStringKeyWithANullGroup() throws IOException {
        List<AggregateSpec> aggs = new ArrayList<>();
        aggs.add(new AggregateSpec(null, Fn.COUNT, null));
        for (Fn fn : Fn.values()) {
            aggs.add(new AggregateSpec("price", fn, fn.jsonName() + "_p"));
        }
        aggs.add(new AggregateSpec("qty", Fn.SUM, "sum_q"));
        aggs.add(new AggregateSpec("day", Fn.MIN, "min_day"));
        aggs.add(new AggregateSpec("note", Fn.MAX, "max_note"));
        aggs.add(new AggregateSpec("note", Fn.COUNT_DISTINCT, "distinct_note"));
        GroupResult r = aggregator.group(data.manifest, new GroupQuery(List.of(), List.of(new GroupKey("name", null)),
                aggs, List.of(), List.of(), false, 0, 100));
        Map<String, List<Row>> groups = new HashMap<>();
        data.rows.forEach(row -> groups.computeIfAbsent(String.valueOf(row.name()), k -> new ArrayList<>()).add(row));
        assertEquals(groups.size(), r.rows().size());
        assertEquals(null, r.rows().get(r.rows().size() - 1)[0], "the null group sorts last");
        for (Object[] out : r.rows()) {
            List<Row> rows = groups.get(String.valueOf(out[0]));
            List<Double> prices = rows.stream().map(Row::price).filter(Objects::nonNull).toList();
            Map<String, Object> got = new HashMap<>();
            for (int i = 0; i < r.columns().size(); i++) {
                got.put(r.columns().get(i), out[i]);
            }
            String g = "group " + out[0];
            assertEquals((long) rows.size(), got.get("count"), g);
            assertEquals((long) prices.size(), got.get("count_p"), g);
            assertEquals((long) new HashSet<>(prices).size(), got.get("count_distinct_p"), g);
            double sum = prices.stream().mapToDouble(Double::doubleValue).sum();
            double mean = sum / prices.size();
            double var = prices.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / (prices.size() - 1);
            assertEquals(sum, (Double) got.get("sum_p"), 1e-6, g);
            assertEquals(mean, (Double) got.get("mean_p"), 1e-9, g);
            assertEquals(var, (Double) got.get("variance_p"), 1e-6, g);
            assertEquals(Math.sqrt(var), (Double) got.get("stddev_p"), 1e-9, g);
            assertEquals(prices.stream().min(Double::compare).orElseThrow(), got.get("min_p"), g);
            assertEquals(prices.stream().max(Double::compare).orElseThrow(), got.get("max_p"), g);
            List<Double> sorted = prices.stream().sorted().toList();
            int n = sorted.size();
            double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
            assertEquals(median, (Double) got.get("median_p"), 1e-12, g);
            assertEquals(prices.get(0), got.get("first_p"), g);
            assertEquals(prices.get(n - 1), got.get("last_p"), g);
            assertEquals(rows.stream().map(Row::qty).filter(Objects::nonNull).mapToLong(Long::longValue).sum(),
                    got.get("sum_q"), g);
            assertEquals(rows.stream().map(Row::day).filter(Objects::nonNull).min(LocalDate::compareTo)
                    .map(LocalDate::toString).orElse(null), got.get("min_day"), g);
            assertEquals(rows.stream().map(Row::note).filter(Objects::nonNull)
                    .max((a, b) -> QueryEngineTest.compareValues(a, b)).orElse(null), got.get("max_note"), g);
            assertEquals(rows.stream().map(Row::note).filter(Objects::nonNull).distinct().count(),
                    got.get("distinct_note"), g);
        }
    }

    @Test
    void multipleKeysDateBucketsHavingSortAndLimit() throws IOException {
        for (GroupKey.Bucket bucket : GroupKey.Bucket.values()) {
            Function<LocalDate, LocalDate> truncate = switch (bucket) {
                case YEAR -> d -> d.withDayOfYear(1);
                case QUARTER -> d -> LocalDate.of(d.getYear(), (d.getMonthValue() - 1) / 3 * 3 + 1, 1);
                case MONTH -> d -> d.withDayOfMonth(1);
                case WEEK -> d -> d.with(DayOfWeek.MONDAY);
                case DAY, HOUR -> d -> d;
            };
            Map<List<Object>, Long> expected = new HashMap<>();
            for (Row row : data.rows) {
                if (row.qty() != null && row.qty() > 2) {
                    List<Object> key = new ArrayList<>();
                    key.add(row.day() == null ? null : truncate.apply(row.day()).toString());
                    key.add(row.flag());
                    expected.merge(key, 1L, Long::sum);
                }
            }
            expected.values().removeIf(c -> c < 2);
            GroupResult r = aggregator.group(data.manifest, new GroupQuery(
                    List.of(new FilterSpec("qty", Op.GT, List.of("2"), "f")),
                    List.of(new GroupKey("day", bucket == GroupKey.Bucket.HOUR ? null : bucket), new GroupKey("flag", null)),
                    List.of(new AggregateSpec(null, Fn.COUNT, "n")),
                    List.of(new FilterSpec("n", Op.GTE, List.of("2"), "h")),
                    List.of(new SortKey("n", true)), false, 0, 100_000));
            Map<List<Object>, Long> got = new HashMap<>();
            for (Object[] row : r.rows()) {
                List<Object> key = new ArrayList<>();
                key.add(row[0]);
                key.add(row[1]);
                got.put(key, (Long) row[2]);
            }
            assertEquals(expected, got, bucket.name());
            for (int i = 1; i < r.rows().size(); i++) {
                assertTrue((Long) r.rows().get(i - 1)[2] >= (Long) r.rows().get(i)[2], "sorted by n desc");
            }
        }
    }

    @Test
    void facetsAreMostFrequentFirstWithTheDistinctCount() throws IOException {
        Aggregator.Facets f = aggregator.facets(data.manifest, "name", List.of(), 3);
        Map<String, Long> counts = new HashMap<>();
        data.rows.forEach(r -> counts.merge(String.valueOf(r.name()), 1L, Long::sum));
        assertEquals(counts.size(), f.distinct());
        assertEquals(3, f.values().size());
        long best = counts.values().stream().max(Long::compare).orElseThrow();
        assertEquals(best, f.values().get(0)[1]);
    }

    @Test
    void tooManyGroupsAndBadAggregatesAreRefused() {
        QueryBudgetException e = assertThrows(QueryBudgetException.class, () -> aggregator.group(data.manifest,
                new GroupQuery(List.of(), List.of(new GroupKey("id", null)), List.of(new AggregateSpec(null, Fn.COUNT, null)),
                        List.of(), List.of(), false, 0, 10)));
        assertTrue(e.getMessage().contains("query.groups.max"));
        assertEquals("aggregates", assertThrows(QueryException.class, () -> aggregator.group(data.manifest,
                new GroupQuery(List.of(), List.of(), List.of(new AggregateSpec("name", Fn.MEAN, null)), List.of(),
                        List.of(), false, 0, 10))).parameter());
        assertEquals("groupBy", assertThrows(QueryException.class, () -> aggregator.group(data.manifest,
                new GroupQuery(List.of(), List.of(new GroupKey("qty", GroupKey.Bucket.MONTH)), List.of(), List.of(),
                        List.of(), false, 0, 10))).parameter());
    }
}
