package org.dataexplorer.query.gw;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.dataexplorer.query.DerivedCache;
import org.dataexplorer.query.agg.AggregateSpec;
import org.dataexplorer.query.agg.AggregateSpec.Fn;
import org.dataexplorer.query.agg.Aggregator;
import org.dataexplorer.query.agg.GroupKey;
import org.dataexplorer.query.agg.GroupQuery;
import org.dataexplorer.query.agg.GroupResult;
import org.dataexplorer.query.filter.FilterSpec;
import org.dataexplorer.query.filter.Op;
import org.dataexplorer.store.DatasetManifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a seeded dataset of many chunks (no nulls in the measured columns, where Graphic Walker's and SQL's
 * semantics agree), a chart payload gives the same groups as the equivalent {@code POST .../query} group-by.
 */
class GraphicWalkerAgreesWithQueryTest {

    static final int ROWS = 60_000;
    static final String[] CATS = {"north", "south", "east", "west", "北", "δ", "a b", "x.y"};

    @TempDir
    static Path dir;
    static GwFixture fx;
    static DatasetManifest m;
    static Aggregator aggregator;

    @BeforeAll
    static void ingest() throws IOException {
        fx = new GwFixture(dir, 4096);
        Random random = new Random(11);
        StringBuilder b = new StringBuilder("cat,n,x,ts\n");
        LocalDateTime start = LocalDateTime.of(2023, 1, 1, 0, 0);
        for (int i = 0; i < ROWS; i++) {
            b.append(CATS[random.nextInt(CATS.length)]).append(',').append(random.nextInt(1000) - 100).append(',')
                    .append(Math.round(random.nextGaussian() * 10_000) / 100.0).append(',')
                    .append(start.plusMinutes(random.nextInt(2 * 365 * 24 * 60))).append('\n');
        }
        m = fx.dataset(b.toString());
        aggregator = new Aggregator(fx.engine, DerivedCache.disabled());
    }

    @AfterAll
    static void close() {
        fx.close();
    }

    private static Map<Object, Object[]> byKey(List<Object[]> rows, int keys) {
        Map<Object, Object[]> map = new HashMap<>();
        for (Object[] row : rows) {
            map.put(keys == 1 ? row[0] : List.of(row[0], row[1]), row);
        }
        return map;
    }

    @Test
    void aFilteredBarChartEqualsTheGroupBy() throws IOException {
        String payload = GwFixture.quotes("{'workflow':[{'type':'filter','filters':[{'fid':'n','rule':{'type':'range',"
                + "'value':[0,500]}}]},{'type':'view','query':[{'op':'aggregate','groupBy':['cat'],'measures':["
                + "{'field':'*','agg':'count','asFieldKey':'c'},{'field':'x','agg':'sum','asFieldKey':'s'},"
                + "{'field':'n','agg':'max','asFieldKey':'hi'},{'field':'n','agg':'min','asFieldKey':'lo'},"
                + "{'field':'x','agg':'mean','asFieldKey':'avg'}]}]}]}");
        GraphicWalkerEngine.Result chart = fx.gw(50_000).query(m, PayloadParser.parse(payload));
        GroupResult group = aggregator.group(m, new GroupQuery(
                List.of(new FilterSpec("n", Op.BETWEEN, List.of("0", "500"), "f")), List.of(new GroupKey("cat", null)),
                List.of(new AggregateSpec(null, Fn.COUNT, "c"), new AggregateSpec("x", Fn.SUM, "s"),
                        new AggregateSpec("n", Fn.MAX, "hi"), new AggregateSpec("n", Fn.MIN, "lo"),
                        new AggregateSpec("x", Fn.MEAN, "avg")), List.of(), List.of(), false, 0, 1000));
        assertEquals(List.of("cat", "c", "s", "hi", "lo", "avg"), chart.fields());
        assertEquals(CATS.length, chart.rows().size());
        Map<Object, Object[]> expected = byKey(group.rows(), 1);
        for (Object[] row : chart.rows()) {
            Object[] want = expected.get(row[0]);
            assertEquals(((Number) want[1]).longValue(), ((Number) row[1]).longValue(), "count of " + row[0]);
            assertEquals(((Number) want[2]).doubleValue(), ((Number) row[2]).doubleValue(), 1e-6, "sum of " + row[0]);
            assertEquals(((Number) want[3]).longValue(), ((Number) row[3]).longValue(), "max of " + row[0]);
            assertEquals(((Number) want[4]).longValue(), ((Number) row[4]).longValue(), "min of " + row[0]);
            assertEquals(((Number) want[5]).doubleValue(), ((Number) row[5]).doubleValue(), 1e-9, "mean of " + row[0]);
        }
    }

    @Test
    void aMonthlyLineChartEqualsTheBucketedGroupBy() throws IOException {
        String payload = GwFixture.quotes("{'workflow':[{'type':'transform','transform':[{'key':'month','expression':"
                + "{'op':'dateTimeDrill','as':'month','params':[{'type':'field','value':'ts'},{'type':'value','value':"
                + "'month'},{'type':'offset','value':0},{'type':'displayOffset','value':0}]}}]},{'type':'view','query':"
                + "[{'op':'aggregate','groupBy':['month','cat'],'measures':[{'field':'x','agg':'sum','asFieldKey':'s'}]}]},"
                + "{'type':'sort','sort':'ascending','by':['month','cat']}]}");
        GraphicWalkerEngine.Result chart = fx.gw(50_000).query(m, PayloadParser.parse(payload));
        GroupResult group = aggregator.group(m, new GroupQuery(List.of(), List.of(new GroupKey("ts", GroupKey.Bucket.MONTH),
                new GroupKey("cat", null)), List.of(new AggregateSpec("x", Fn.SUM, "s")), List.of(), List.of(), false, 0,
                100_000));
        assertEquals(group.rows().size(), chart.rows().size());
        Map<Object, Object[]> expected = new HashMap<>();
        for (Object[] row : group.rows()) {
            long month = LocalDate.parse(String.valueOf(row[0]).substring(0, 10)).atStartOfDay()
                    .toInstant(ZoneOffset.UTC).toEpochMilli();
            expected.put(List.of(month, row[1]), row);
        }
        long previous = Long.MIN_VALUE;
        for (Object[] row : chart.rows()) {
            long month = ((Number) row[0]).longValue();
            Object[] want = expected.get(List.of(month, row[1]));
            assertEquals(((Number) want[2]).doubleValue(), ((Number) row[2]).doubleValue(), 1e-6, "sum of " + month);
            assertEquals(true, month >= previous, "sorted by month");
            previous = month;
        }
    }

    @Test
    void aSortedTablePageEqualsTheSortedRowsPage() throws IOException {
        // limit + offset within the engine's top-k bound (50 here): the bounded buffer path.
        for (int[] page : new int[][] {{3, 5}, {0, 40}, {7, 0}}) {
            String payload = GwFixture.quotes("{'workflow':[{'type':'filter','filters':[{'fid':'cat','rule':{'type':"
                    + "'one of','value':['north','北']}}]},{'type':'view','query':[{'op':'raw','fields':['x','n']}]},"
                    + "{'type':'sort','sort':'descending','by':['x']}],'offset':" + page[0] + ",'limit':" + page[1] + "}");
            GraphicWalkerEngine.Result chart = fx.gw(50_000).query(m, PayloadParser.parse(payload));
            var rows = fx.engine.rows(m, new org.dataexplorer.query.RowQuery(
                    List.of(new FilterSpec("cat", Op.IN, List.of("north", "北"), "f")),
                    List.of(new org.dataexplorer.query.sort.SortKey("x", true)), false, List.of("x", "n"), page[0],
                    page[1] == 0 ? 50_000 : page[1], null));
            assertEquals(rows.rows().size(), chart.rows().size(), "page " + page[0] + "+" + page[1]);
            for (int i = 0; i < chart.rows().size(); i++) {
                assertEquals(((Number) rows.rows().get(i)[0]).doubleValue(), ((Number) chart.rows().get(i)[0]).doubleValue(),
                        "x of row " + i);
                assertEquals(((Number) rows.rows().get(i)[1]).longValue(), ((Number) chart.rows().get(i)[1]).longValue(),
                        "n of row " + i + " (ties keep file order)");
            }
        }
    }
}
