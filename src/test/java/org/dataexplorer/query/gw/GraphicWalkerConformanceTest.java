package org.dataexplorer.query.gw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

import jakarta.json.JsonArray;

import org.dataexplorer.query.QueryException;
import org.dataexplorer.store.DatasetManifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conformance of the Graphic Walker computation (computation.md) on small datasets: hand-written
 * payloads, expected rows worked out by hand from the spec (numbers within the spec's 1e-9). Payloads
 * are written with single quotes for JSON's double quotes. The datasets are ingested with 2-row chunks,
 * so every payload also runs across chunk boundaries.
 */
class GraphicWalkerConformanceTest {

    /**
     * r0..r4. units: integer with a null; price: float with a null; day: date; ts: timestamp (wall clock);
     * region: string with a null; flag: boolean with a null.
     */
    static final String SALES = """
            region,product,units,price,day,ts,flag
            East,apple,3,1.5,2024-01-01,2024-01-01T10:30:00,true
            West,pear,,2.0,2024-02-15,2024-02-15T23:59:59,false
            East,pear,5,,2024-03-31,,true
            ,apple,1,0.5,,2024-12-31T00:00:00,
            West,apple,7,3.25,2023-12-31,2023-12-31T12:00:00,false
            """;

    @TempDir
    static Path dir;
    static GwFixture fx;
    static DatasetManifest sales;

    @BeforeAll
    static void ingest() throws IOException {
        fx = new GwFixture(dir, 16);
        sales = fx.dataset(SALES);
    }

    @AfterAll
    static void close() {
        fx.close();
    }

    static long ms(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    private static void expect(DatasetManifest m, String payload, String expected) throws IOException {
        JsonArray got = fx.run(m, payload);
        JsonArray want = GwFixture.parse(expected);
        assertTrue(GwFixture.same(want, got), "payload " + payload + "\nexpected " + want + "\n     got " + got);
    }

    private static String raw(String... fields) {
        return "{'op':'raw','fields':['" + String.join("','", fields) + "']}";
    }

    private static String view(String... queries) {
        return "{'type':'view','query':[" + String.join(",", queries) + "]}";
    }

    private static String filter(String fid, String rule) {
        return "{'type':'filter','filters':[{'fid':'" + fid + "','rule':" + rule + "}]}";
    }

    private static String payload(String... steps) {
        return "{'workflow':[" + String.join(",", steps) + "]}";
    }

    private static String transform(String key, String op, String params, String extra) {
        return "{'type':'transform','transform':[{'key':'" + key + "','expression':{'op':'" + op + "','as':'" + key
                + "','params':[" + params + "]" + extra + "}}]}";
    }

    // ---- raw ----

    @Test
    void rawProjectsTheListedFieldsInRowOrder() throws IOException {
        expect(sales, payload(view(raw("region", "units"))),
                "[{'region':'East','units':3},{'region':'West','units':null},{'region':'East','units':5},"
                        + "{'region':null,'units':1},{'region':'West','units':7}]");
    }

    @Test
    void rawStarGivesEveryFieldTypedAsTheRowsApiDoes() throws IOException {
        JsonArray rows = fx.run(sales, "{'workflow':[" + view(raw("*")) + "],'limit':1}");
        assertTrue(GwFixture.same(GwFixture.parse("[{'region':'East','product':'apple','units':3,'price':1.5,"
                + "'day':'2024-01-01','ts':'2024-01-01T10:30:00','flag':true}]"), rows), rows.toString());
    }

    @Test
    void anEmptyWorkflowAnswersEveryRow() throws IOException {
        assertEquals(5, fx.run(sales, "{'workflow':[]}").size());
    }

    // ---- aggregate ----

    @Test
    void aggregateGroupsInFirstAppearanceOrderWithANullGroup() throws IOException {
        expect(sales, payload(view("{'op':'aggregate','groupBy':['region'],'measures':["
                        + "{'field':'units','agg':'sum'},{'field':'units','agg':'count','asFieldKey':'n'},"
                        + "{'field':'units','agg':'mean'}]}")),
                "[{'region':'East','units_sum':8,'n':2,'units_mean':4},"
                        + "{'region':'West','units_sum':7,'n':2,'units_mean':3.5},"
                        + "{'region':null,'units_sum':1,'n':1,'units_mean':1}]");
    }

    @Test
    void everyAggregatorWithTheClientsNullHandling() throws IOException {
        // apple: units 3, 1, 7; pear: units null, 5 (null takes part as 0 except in min/max).
        expect(sales, payload(view("{'op':'aggregate','groupBy':['product'],'measures':["
                        + "{'field':'units','agg':'median','asFieldKey':'med'},"
                        + "{'field':'units','agg':'variance','asFieldKey':'var'},"
                        + "{'field':'units','agg':'stdev','asFieldKey':'sd'},"
                        + "{'field':'units','agg':'min','asFieldKey':'lo'},"
                        + "{'field':'units','agg':'max','asFieldKey':'hi'},"
                        + "{'field':'units','agg':'distinctCount','asFieldKey':'dc'},"
                        + "{'field':'price','agg':'sum','asFieldKey':'ps'}]}")),
                "[{'product':'apple','med':3,'var':" + (56.0 / 9) + ",'sd':" + Math.sqrt(56.0 / 9)
                        + ",'lo':1,'hi':7,'dc':3,'ps':5.25},"
                        + "{'product':'pear','med':2.5,'var':6.25,'sd':2.5,'lo':5,'hi':5,'dc':2,'ps':2}]");
    }

    @Test
    void dvg012MeanCountMedianKeepNullRows() throws IOException {
        DatasetManifest m = fx.dataset("segment,value\nA,1\nA,\nA,3\n");
        expect(m, payload(view("{'op':'aggregate','groupBy':['segment'],'measures':["
                        + "{'field':'value','agg':'mean','asFieldKey':'mean_value'},"
                        + "{'field':'value','agg':'count','asFieldKey':'count_value'},"
                        + "{'field':'value','agg':'median','asFieldKey':'median_value'}]}")),
                "[{'segment':'A','mean_value':" + (4.0 / 3) + ",'count_value':3,'median_value':1}]");
    }

    @Test
    void dvg009VarianceAndStdevArePopulation() throws IOException {
        DatasetManifest m = fx.dataset("segment,value\nA,1\nA,3\n");
        expect(m, payload(view("{'op':'aggregate','groupBy':['segment'],'measures':["
                        + "{'field':'value','agg':'variance','asFieldKey':'variance_value'},"
                        + "{'field':'value','agg':'stdev','asFieldKey':'stdev_value'}]}")),
                "[{'segment':'A','variance_value':1,'stdev_value':1}]");
    }

    @Test
    void countStarWithoutGroupsIsOneRow() throws IOException {
        expect(sales, payload(view("{'op':'aggregate','groupBy':[],'measures':[{'field':'*','agg':'count',"
                + "'asFieldKey':'count'}]}")), "[{'count':5}]");
    }

    @Test
    void aggregateOverNoRowsIsEmpty() throws IOException {
        expect(sales, payload(filter("units", "{'type':'range','value':[100,null]}"),
                view("{'op':'aggregate','groupBy':[],'measures':[{'field':'*','agg':'count','asFieldKey':'c'}]}")),
                "[]");
        expect(sales, payload(filter("units", "{'type':'range','value':[100,null]}"), view(raw("units"))), "[]");
    }

    @Test
    void aggregateExprMeasureEvaluatesOverEachGroup() throws IOException {
        expect(sales, payload(view("{'op':'aggregate','groupBy':['region'],'measures':["
                        + "{'field':'sum(\\'units\\') / count(*)','agg':'expr','asFieldKey':'avg_units'}]}")
                        .replace("\\'", "\\\"")),
                "[{'region':'East','avg_units':4},{'region':'West','avg_units':3.5},{'region':null,'avg_units':1}]");
    }

    @Test
    void temporalMeasureWithFormatIsMeasuredInEpochMs() throws IOException {
        expect(sales, payload(view("{'op':'aggregate','groupBy':['region'],'measures':["
                        + "{'field':'day','agg':'max','asFieldKey':'last','format':'%Y','offset':0}]}")),
                "[{'region':'East','last':" + ms("2024-03-31T00:00:00Z") + "},{'region':'West','last':"
                        + ms("2024-02-15T00:00:00Z") + "},{'region':null,'last':null}]");
    }

    @Test
    void viewsCascade() throws IOException {
        expect(sales, payload(view("{'op':'aggregate','groupBy':['region'],'measures':[{'field':'units','agg':'sum'}]}",
                        "{'op':'aggregate','groupBy':[],'measures':[{'field':'*','agg':'count','asFieldKey':'groups'}]}")),
                "[{'groups':3}]");
        expect(sales, payload(view("{'op':'aggregate','groupBy':['region'],'measures':[{'field':'units','agg':'sum'}]}"),
                        view(raw("units_sum"))),
                "[{'units_sum':8},{'units_sum':7},{'units_sum':1}]");
    }

    // ---- filters ----

    @Test
    void rangeIsInclusiveAndNullFails() throws IOException {
        expect(sales, payload(filter("units", "{'type':'range','value':[3,5]}"), view(raw("units"))),
                "[{'units':3},{'units':5}]");
        expect(sales, payload(filter("units", "{'type':'range','value':[null,3]}"), view(raw("units"))),
                "[{'units':3},{'units':1}]");
        expect(sales, payload(filter("price", "{'type':'range','value':[0.5,1.5]}"), view(raw("price"))),
                "[{'price':1.5},{'price':0.5}]");
        expect(sales, payload(filter("units", "{'type':'range','value':[2.5,5.5]}"), view(raw("units"))),
                "[{'units':3},{'units':5}]");
        expect(sales, payload(filter("units", "{'type':'range','value':[null,null]}"), view(raw("units"))),
                "[{'units':3},{'units':5},{'units':1},{'units':7}]");
        expect(sales, payload(filter("units", "{'type':'range','value':[3.5,3.9]}"), view(raw("units"))), "[]");
    }

    @Test
    void temporalRangeParsesAtTheOffset() throws IOException {
        expect(sales, payload(filter("ts", "{'type':'temporal range','value':[" + ms("2024-01-01T00:00:00Z") + ","
                        + ms("2024-06-30T00:00:00Z") + "]}"), view(raw("ts"))),
                "[{'ts':'2024-01-01T10:30:00'},{'ts':'2024-02-15T23:59:59'}]");
        // At UTC+2 (offset -120) the wall clock 10:30 is 08:30Z, before the 09:00Z bound.
        expect(sales, payload(filter("ts", "{'type':'temporal range','offset':-120,'value':["
                        + ms("2024-01-01T09:00:00Z") + ",null]}"), view(raw("ts"))),
                "[{'ts':'2024-02-15T23:59:59'},{'ts':'2024-12-31T00:00:00'}]");
        expect(sales, payload(filter("day", "{'type':'temporal range','value':[" + ms("2024-01-01T00:00:00Z") + ","
                        + ms("2024-01-01T00:00:00Z") + "]}"), view(raw("day"))),
                "[{'day':'2024-01-01'}]");
    }

    @Test
    void oneOfAndNotInCompareEncodedValuesAndNulls() throws IOException {
        expect(sales, payload(filter("region", "{'type':'one of','value':['East',null]}"), view(raw("units"))),
                "[{'units':3},{'units':5},{'units':1}]");
        expect(sales, payload(filter("region", "{'type':'not in','value':['East']}"), view(raw("units"))),
                "[{'units':null},{'units':1},{'units':7}]");
        expect(sales, payload(filter("region", "{'type':'not in','value':['East',null]}"), view(raw("units"))),
                "[{'units':null},{'units':7}]");
        expect(sales, payload(filter("units", "{'type':'one of','value':[3,7]}"), view(raw("units"))),
                "[{'units':3},{'units':7}]");
        expect(sales, payload(filter("units", "{'type':'one of','value':['3']}"), view(raw("units"))), "[]");
        expect(sales, payload(filter("flag", "{'type':'one of','value':[true]}"), view(raw("units"))),
                "[{'units':3},{'units':5}]");
        expect(sales, payload(filter("day", "{'type':'one of','value':['2024-02-15']}"), view(raw("units"))),
                "[{'units':null}]");
    }

    @Test
    void regexpSearchesWithOrWithoutCase() throws IOException {
        expect(sales, payload(filter("product", "{'type':'regexp','value':'^P'}"), view(raw("units"))),
                "[{'units':null},{'units':5}]");
        expect(sales, payload(filter("product", "{'type':'regexp','value':'^P','caseSensitive':true}"),
                view(raw("units"))), "[]");
        expect(sales, payload(filter("product", "{'type':'regexp','value':'pl'}"), view(raw("units"))),
                "[{'units':3},{'units':1},{'units':7}]");
        expect(sales, payload(filter("product", "{'type':'regexp','value':'(['}"), view(raw("units"))), "[]");
    }

    @Test
    void regexpIsJavaScriptsAndNumbersAreMatchedAsJavaScriptPrintsThem() throws IOException {
        // x as JavaScript prints it: 1e-7, 1e+21, 123456789012345680000, 2.5
        DatasetManifest m = fx.dataset("text,x\n\"ab\n\",0.0000001\nab,1e21\na\u0085b,123456789012345678901\nZ,2.5\n");
        expect(m, payload(filter("text", "{'type':'regexp','value':'b$'}"), view(raw("x"))),
                "[{'x':1e21},{'x':123456789012345678901}]"); // not "ab\n"
        expect(m, payload(filter("text", "{'type':'regexp','value':'a.b'}"), view(raw("x"))),
                "[{'x':123456789012345678901}]");
        expect(m, payload(filter("text", "{'type':'regexp','value':'\\\\Z','caseSensitive':true}"),
                view(raw("x"))), "[{'x':2.5}]");
        expect(m, payload(filter("text", "{'type':'regexp','value':'a*+'}"), view(raw("x"))), "[]");
        expect(m, payload(filter("x", "{'type':'regexp','value':'e'}"), view(raw("x"))), "[{'x':1e-7},{'x':1e21}]");
        expect(m, payload(filter("x", "{'type':'regexp','value':'^0|e\\\\+21$'}"), view(raw("x"))),
                "[{'x':1e21}]");
        expect(m, payload(filter("x", "{'type':'regexp','value':'^123456789012345680000$'}"), view(raw("x"))),
                "[{'x':123456789012345678901}]");
        QueryException e = assertThrows(QueryException.class, () -> fx.run(m,
                payload(filter("text", "{'type':'regexp','value':'(?<=(a|bc)+)b'}"), view(raw("x")))));
        assertEquals("workflow[0].filters[0].rule.value", e.parameter());
    }

    @Test
    void aCatastrophicRegexpIsRefusedNotRunForever() throws IOException {
        // Java optimises the textbook (a+)+$; a backreference defeats that and backtracks exponentially.
        DatasetManifest m = fx.dataset("text\n" + "a".repeat(40) + "!\nb\n");
        QueryException e = assertThrows(QueryException.class, () -> fx.run(m,
                payload(filter("text", "{'type':'regexp','value':'^(a+)+\\\\1$'}"), view(raw("text")))));
        assertEquals("workflow[0].filters[0].rule.value", e.parameter());
        String json = "{\"workflow\":[{\"type\":\"transform\",\"transform\":[{\"key\":\"t\",\"expression\":{"
                + "\"op\":\"expr\",\"as\":\"t\",\"params\":[{\"type\":\"sql\",\"value\":\"text ~ '^(a+)+\\\\1$'\"}]}}]},"
                + "{\"type\":\"view\",\"query\":[{\"op\":\"raw\",\"fields\":[\"t\"]}]}]}";
        e = assertThrows(QueryException.class, () -> fx.gw(100).query(m, PayloadParser.parse(json)));
        assertEquals("workflow[0].transform[0].expression.params[0].value", e.parameter());
    }

    @Test
    void filtersInOneStepAndAcrossStepsAreAnded() throws IOException {
        expect(sales, "{'workflow':[{'type':'filter','filters':[{'fid':'product','rule':{'type':'one of','value':"
                        + "['apple']}},{'fid':'units','rule':{'type':'range','value':[2,null]}}]},"
                        + filter("region", "{'type':'one of','value':['West']}") + "," + view(raw("units")) + "]}",
                "[{'units':7}]");
    }

    // ---- transforms ----

    @Test
    void oneGivesOneForEveryRow() throws IOException {
        expect(sales, payload(transform("one", "one", "", ""), view(raw("one"))),
                "[{'one':1},{'one':1},{'one':1},{'one':1},{'one':1}]");
    }

    @Test
    void dvg001LogsAreNullForNonPositiveAndNull() throws IOException {
        DatasetManifest m = fx.dataset("value\n10\n0\n-5\nNA\n100\n");
        expect(m, payload(transform("log_value", "log10", "{'type':'field','value':'value'}", ""),
                        view(raw("value", "log_value"))),
                "[{'value':10,'log_value':1},{'value':0,'log_value':null},{'value':-5,'log_value':null},"
                        + "{'value':null,'log_value':null},{'value':100,'log_value':2}]");
        expect(m, payload(transform("l", "log2", "{'type':'field','value':'value'}", ""), view(raw("l"))),
                "[{'l':" + Math.log(10) / Math.log(2) + "},{'l':null},{'l':null},{'l':null},{'l':"
                        + Math.log(100) / Math.log(2) + "}]");
        expect(m, payload(transform("l", "log", "{'type':'field','value':'value'}", ",'num':100"), view(raw("l"))),
                "[{'l':0.5},{'l':null},{'l':null},{'l':null},{'l':1}]");
        expect(m, payload(transform("l", "log", "{'type':'field','value':'value'}", ""), view(raw("l"))),
                "[{'l':1},{'l':null},{'l':null},{'l':null},{'l':2}]");
    }

    @Test
    void binIsEqualWidthWithTheMaximumInTheLastBin() throws IOException {
        // units 3, null, 5, 1, 7: min 1, max 7, step 2.
        expect(sales, payload(transform("b", "bin", "{'type':'field','value':'units'}", ",'num':3"), view(raw("b"))),
                "[{'b':[3,5]},{'b':null},{'b':[5,7]},{'b':[1,3]},{'b':[5,7]}]");
        // After a filter the extremes are those of the rows left: 3 and 5.
        expect(sales, payload(filter("region", "{'type':'one of','value':['East']}"),
                        transform("b", "bin", "{'type':'field','value':'units'}", ",'num':2"), view(raw("b"))),
                "[{'b':[3,4]},{'b':[4,5]}]");
        // All equal: one bin of width 0, index 0.
        DatasetManifest m = fx.dataset("v\n4\n4\n");
        expect(m, payload(transform("b", "bin", "{'type':'field','value':'v'}", ""), view(raw("b"))),
                "[{'b':[4,4]},{'b':[4,4]}]");
    }

    @Test
    void binExtremesFromChunkBoundsMatchAScanOfTheValues() throws IOException {
        // 2-row chunks: x's first two chunks hold integers only (stored as integers), the last one a float.
        try (GwFixture two = new GwFixture(dir.resolve("two-row-chunks"), 2)) {
            DatasetManifest m = two.dataset("x\n1\n2\n3\n4\n10.5\n");
            String bin = transform("b", "bin", "{'type':'field','value':'x'}", ",'num':2");
            // no filter: min 1 and max 10.5 from the chunks' bounds, step 4.75
            JsonArray got = two.run(m, payload(bin, view(raw("b"))));
            assertTrue(GwFixture.same(GwFixture.parse("[{'b':[1,5.75]},{'b':[1,5.75]},{'b':[1,5.75]},{'b':[1,5.75]},"
                    + "{'b':[5.75,10.5]}]"), got), got.toString());
            // a filter first: the extremes of the rows it keeps (1 and 4), step 1.5
            got = two.run(m, payload(filter("x", "{'type':'range','value':[null,4]}"), bin, view(raw("b"))));
            assertTrue(GwFixture.same(GwFixture.parse("[{'b':[1,2.5]},{'b':[1,2.5]},{'b':[2.5,4]},{'b':[2.5,4]}]"),
                    got), got.toString());
        }
    }

    @Test
    void groupsOfAComputedKeyRecurAcrossRowsAndChunks() throws IOException {
        // months: Jan, Jan, null, Feb, Jan, null (first appearance: Jan, null, Feb)
        try (GwFixture two = new GwFixture(dir.resolve("recurring-groups"), 2)) {
            DatasetManifest m = two.dataset("day,k\n2024-01-05,1\n2024-01-20,2\n,3\n2024-02-01,4\n2024-01-07,5\n,6\n");
            JsonArray got = two.run(m, payload(drill("dateTimeDrill", "day", "month", 0, 0), view(
                    "{'op':'aggregate','groupBy':['d'],'measures':[{'field':'*','agg':'count','asFieldKey':'n'}]}")));
            assertTrue(GwFixture.same(GwFixture.parse("[{'d':" + ms("2024-01-01T00:00:00Z") + ",'n':3},{'d':null,'n':2},"
                    + "{'d':" + ms("2024-02-01T00:00:00Z") + ",'n':1}]"), got), got.toString());
        }
    }

    @Test
    void binsGroupAndFilterAsPairs() throws IOException {
        expect(sales, payload(transform("b", "bin", "{'type':'field','value':'units'}", ",'num':3"),
                        filter("b", "{'type':'one of','value':[[5,7]]}"),
                        view("{'op':'aggregate','groupBy':['b'],'measures':[{'field':'*','agg':'count','asFieldKey':'c'}]}")),
                "[{'b':[5,7],'c':2}]");
    }

    @Test
    void dvg002BinCountIsRankBucketing() throws IOException {
        DatasetManifest m = fx.dataset("value\n1\n2\n3\n100\n101\n102\n");
        expect(m, payload(transform("bucket", "binCount", "{'type':'field','value':'value'}", ",'num':3"),
                        view(raw("value", "bucket"))),
                "[{'value':1,'bucket':1},{'value':2,'bucket':1},{'value':3,'bucket':2},"
                        + "{'value':100,'bucket':2},{'value':101,'bucket':3},{'value':102,'bucket':3}]");
        DatasetManifest equal = fx.dataset("value\n5\n5\n5\n5\n");
        expect(equal, payload(transform("bucket", "binCount", "{'type':'field','value':'value'}", ",'num':2"),
                view(raw("bucket"))), "[{'bucket':1},{'bucket':1},{'bucket':2},{'bucket':2}]");
    }

    private static String drill(String op, String field, String level, int offset, int display) {
        return transform("d", op, "{'type':'field','value':'" + field + "'},{'type':'value','value':'" + level
                + "'},{'type':'offset','value':" + offset + "},{'type':'displayOffset','value':" + display + "}", "");
    }

    @Test
    void everyDrillLevelInUtc() throws IOException {
        expect(sales, payload(drill("dateTimeDrill", "ts", "day", 0, 0), view(raw("d"))),
                "[{'d':" + ms("2024-01-01T00:00:00Z") + "},{'d':" + ms("2024-02-15T00:00:00Z") + "},{'d':null},{'d':"
                        + ms("2024-12-31T00:00:00Z") + "},{'d':" + ms("2023-12-31T00:00:00Z") + "}]");
        String[][] cases = {
            // level, r0 (2024-01-01T10:30 Mon), r3 (2024-12-31T00:00 Tue), r4 (2023-12-31T12:00 Sun)
            {"year", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z", "2023-01-01T00:00:00Z"},
            {"quarter", "2024-01-01T00:00:00Z", "2024-10-01T00:00:00Z", "2023-10-01T00:00:00Z"},
            {"month", "2024-01-01T00:00:00Z", "2024-12-01T00:00:00Z", "2023-12-01T00:00:00Z"},
            {"week", "2023-12-31T00:00:00Z", "2024-12-29T00:00:00Z", "2023-12-31T00:00:00Z"},
            {"day", "2024-01-01T00:00:00Z", "2024-12-31T00:00:00Z", "2023-12-31T00:00:00Z"},
            {"hour", "2024-01-01T10:00:00Z", "2024-12-31T00:00:00Z", "2023-12-31T12:00:00Z"},
            {"minute", "2024-01-01T10:30:00Z", "2024-12-31T00:00:00Z", "2023-12-31T12:00:00Z"},
            {"second", "2024-01-01T10:30:00Z", "2024-12-31T00:00:00Z", "2023-12-31T12:00:00Z"},
            {"iso_year", "2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z", "2023-01-01T00:00:00Z"},
            {"iso_week", "2024-01-01T00:00:00Z", "2024-12-30T00:00:00Z", "2023-12-25T00:00:00Z"},
        };
        for (String[] c : cases) {
            expect(sales, payload(filter("units", "{'type':'one of','value':[3,1,7]}"),
                            drill("dateTimeDrill", "ts", c[0], 0, 0), view(raw("d"))),
                    "[{'d':" + ms(c[1]) + "},{'d':" + ms(c[2]) + "},{'d':" + ms(c[3]) + "}]");
        }
    }

    @Test
    void drillUsesParseAndDisplayOffsets() throws IOException {
        // r1 2024-02-15T23:59:59 read at UTC (offset 0), shown at UTC+1 (-60): 2024-02-16T00:59:59+01:00,
        // whose day starts at 2024-02-15T23:00Z.
        expect(sales, payload(filter("region", "{'type':'one of','value':['West']}"),
                        drill("dateTimeDrill", "ts", "day", 0, -60), view(raw("d"))),
                "[{'d':" + ms("2024-02-15T23:00:00Z") + "},{'d':" + ms("2023-12-30T23:00:00Z") + "}]");
        // r0 10:30 read at UTC+2 is 08:30Z; its hour shown at UTC starts at 08:00Z.
        expect(sales, payload(filter("units", "{'type':'one of','value':[3]}"),
                        drill("dateTimeDrill", "ts", "hour", -120, 0), view(raw("d"))),
                "[{'d':" + ms("2024-01-01T08:00:00Z") + "}]");
        // Without displayOffset the parse offset is used for both: the wall-clock day, at that offset.
        expect(sales, payload(filter("units", "{'type':'one of','value':[3]}"),
                        transform("d", "dateTimeDrill", "{'type':'field','value':'day'},{'type':'value','value':'month'},"
                                + "{'type':'offset','value':-120}", ""), view(raw("d"))),
                "[{'d':" + ms("2023-12-31T22:00:00Z") + "}]");
    }

    @Test
    void everyFeatureLevel() throws IOException {
        String[][] cases = {
            // level, r0 (2024-01-01T10:30:00 Mon), r3 (2024-12-31T00:00 Tue), r4 (2023-12-31T12:00 Sun)
            {"year", "2024", "2024", "2023"},
            {"quarter", "1", "4", "4"},
            {"month", "1", "12", "12"},
            {"week", "1", "53", "53"},
            {"weekday", "1", "2", "0"},
            {"day", "1", "31", "31"},
            {"hour", "10", "0", "12"},
            {"minute", "30", "0", "0"},
            {"second", "0", "0", "0"},
            {"iso_year", "2024", "2025", "2023"},
            {"iso_week", "1", "1", "52"},
            {"iso_weekday", "1", "2", "7"},
        };
        for (String[] c : cases) {
            expect(sales, payload(filter("units", "{'type':'one of','value':[3,1,7]}"),
                            drill("dateTimeFeature", "ts", c[0], 0, 0), view(raw("d"))),
                    "[{'d':" + c[1] + "},{'d':" + c[2] + "},{'d':" + c[3] + "}]");
        }
        // Shown at UTC-11 (660), r0's 10:30Z is still 2023-12-31 23:30: a Sunday of week 53 of 2023.
        expect(sales, payload(filter("units", "{'type':'one of','value':[3]}"),
                drill("dateTimeFeature", "ts", "weekday", 0, 660), view(raw("d"))), "[{'d':0}]");
    }

    @Test
    void exprComputesPerRowWithCoercion() throws IOException {
        String sql = "{'type':'sql','value':'\\\"units\\\" * 2 + 1'}";
        expect(sales, payload(transform("e", "expr", sql, ""), view(raw("e"))),
                "[{'e':7},{'e':null},{'e':11},{'e':3},{'e':15}]");
        DatasetManifest m = fx.dataset("number text\n1\nabc\n");
        expect(m, payload(transform("plus_one", "expr", "{'type':'sql','value':'\\\"number text\\\" + 1'}", ""),
                view(raw("number text", "plus_one"))),
                "[{'number text':'1','plus_one':2},{'number text':'abc','plus_one':null}]");
    }

    @Test
    void exprCaseAndComparisons() throws IOException {
        String json = "{\"workflow\":[{\"type\":\"transform\",\"transform\":[{\"key\":\"size\",\"expression\":{\"op\":"
                + "\"expr\",\"as\":\"size\",\"params\":[{\"type\":\"sql\",\"value\":\"CASE WHEN \\\"units\\\" > 4 THEN "
                + "'big' ELSE 'small' END\"}]}}]},{\"type\":\"view\",\"query\":[{\"op\":\"raw\",\"fields\":[\"size\"]}]}]}";
        JsonArray got = GwFixture.json(fx.gw(100).query(sales, PayloadParser.parse(json)));
        assertEquals("[{\"size\":\"small\"},{\"size\":\"small\"},{\"size\":\"big\"},{\"size\":\"small\"},"
                + "{\"size\":\"big\"}]", got.toString());
    }

    @Test
    void dvg005OneKeepsItsAlias() throws IOException {
        expect(sales, "{'workflow':[" + transform("one", "one", "", "") + "," + view(raw("one")) + "],'limit':1}",
                "[{'one':1}]");
    }

    @Test
    void aTransformReplacesAFieldOfTheSameKey() throws IOException {
        expect(sales, payload(transform("units", "one", "", ""), view(raw("units"))),
                "[{'units':1},{'units':1},{'units':1},{'units':1},{'units':1}]");
    }

    // ---- sort, limit, offset ----

    @Test
    void sortNumbersWithNullsAsTextAfterThem() throws IOException {
        expect(sales, payload(view(raw("units")), "{'type':'sort','sort':'ascending','by':['units']}"),
                "[{'units':1},{'units':3},{'units':5},{'units':7},{'units':null}]");
        expect(sales, payload(view(raw("units")), "{'type':'sort','sort':'descending','by':['units']}"),
                "[{'units':null},{'units':7},{'units':5},{'units':3},{'units':1}]");
    }

    @Test
    void sortIsStableAndLexicographic() throws IOException {
        expect(sales, payload(view(raw("product", "units")), "{'type':'sort','sort':'ascending','by':['product']}"),
                "[{'product':'apple','units':3},{'product':'apple','units':1},{'product':'apple','units':7},"
                        + "{'product':'pear','units':null},{'product':'pear','units':5}]");
        expect(sales, payload(view(raw("product", "units")),
                        "{'type':'sort','sort':'descending','by':['product','units']}"),
                "[{'product':'pear','units':null},{'product':'pear','units':5},{'product':'apple','units':7},"
                        + "{'product':'apple','units':3},{'product':'apple','units':1}]");
        // A sort after a sort: the later keys first, the earlier ones break ties.
        expect(sales, payload(view(raw("product", "units")), "{'type':'sort','sort':'descending','by':['units']}",
                        "{'type':'sort','sort':'ascending','by':['product']}"),
                "[{'product':'apple','units':7},{'product':'apple','units':3},{'product':'apple','units':1},"
                        + "{'product':'pear','units':null},{'product':'pear','units':5}]");
    }

    @Test
    void limitAndOffsetEdges() throws IOException {
        String units = view(raw("units"));
        expect(sales, "{'workflow':[" + units + "],'limit':2}", "[{'units':3},{'units':null}]");
        expect(sales, "{'workflow':[" + units + "],'offset':3,'limit':10}", "[{'units':1},{'units':7}]");
        expect(sales, "{'workflow':[" + units + "],'limit':0}",
                "[{'units':3},{'units':null},{'units':5},{'units':1},{'units':7}]");
        // limit -1 is "no bound" (the historical truthiness bug dropped the last row).
        expect(sales, "{'workflow':[" + units + "],'limit':-1}",
                "[{'units':3},{'units':null},{'units':5},{'units':1},{'units':7}]");
        expect(sales, "{'workflow':[" + units + "],'offset':5}", "[]");
        expect(sales, "{'workflow':[" + units + "],'offset':99,'limit':1}", "[]");
        expect(sales, "{'workflow':[" + units + ",{'type':'sort','sort':'ascending','by':['units']}],'offset':1,"
                + "'limit':1}", "[{'units':3}]");
        expect(sales, "{'workflow':[" + units + ",{'type':'sort','sort':'ascending','by':['units']}],'offset':4}",
                "[{'units':null}]");
    }

    @Test
    void aToWorkflowChart() throws IOException {
        // filter -> transform (month of day) -> view aggregate -> sort by the measure, limit 2.
        String p = "{'workflow':[" + filter("region", "{'type':'one of','value':['East','West']}") + ","
                + "{'type':'transform','transform':[{'key':'month','expression':{'op':'dateTimeDrill','as':'month',"
                + "'params':[{'type':'field','value':'day'},{'type':'value','value':'month'},{'type':'offset','value':0},"
                + "{'type':'displayOffset','value':0}]}}]},"
                + view("{'op':'aggregate','groupBy':['region','month'],'measures':[{'field':'units','agg':'sum',"
                + "'asFieldKey':'units_sum'}]}") + ","
                + filter("units_sum", "{'type':'range','value':[1,null]}") + ","
                + "{'type':'sort','sort':'descending','by':['units_sum']}],'limit':2}";
        expect(sales, p, "[{'region':'West','month':" + ms("2023-12-01T00:00:00Z") + ",'units_sum':7},"
                + "{'region':'East','month':" + ms("2024-03-01T00:00:00Z") + ",'units_sum':5}]");
    }

    @Test
    void aSortBeforeAnAggregateOrdersItsGroups() throws IOException {
        expect(sales, payload("{'type':'sort','sort':'descending','by':['units']}",
                        view("{'op':'aggregate','groupBy':['product'],'measures':[{'field':'*','agg':'count',"
                                + "'asFieldKey':'c'}]}")),
                "[{'product':'pear','c':2},{'product':'apple','c':3}]");
    }

    // ---- edge datasets ----

    @Test
    void anEmptyDatasetAnswersNoRows() throws IOException {
        DatasetManifest empty = fx.dataset("value,category\n");
        expect(empty, payload(view(raw("value", "category"))), "[]");
        expect(empty, payload(view("{'op':'aggregate','groupBy':[],'measures':[{'field':'*','agg':'count',"
                + "'asFieldKey':'c'}]}")), "[]");
        expect(empty, payload(transform("b", "bin", "{'type':'field','value':'value'}", ""), view(raw("b"))), "[]");
        expect(empty, "{'workflow':[" + view(raw("value")) + ",{'type':'sort','sort':'ascending','by':['value']}],"
                + "'limit':5,'offset':2}", "[]");
    }

    @Test
    void aSingleRowAggregate() throws IOException {
        DatasetManifest one = fx.dataset("value,category\n7,solo\n");
        expect(one, payload(view("{'op':'aggregate','groupBy':['category'],'measures':[{'field':'value','agg':'sum',"
                + "'asFieldKey':'sum_value'},{'field':'value','agg':'variance','asFieldKey':'v'},{'field':'value',"
                + "'agg':'median','asFieldKey':'m'}]}")), "[{'category':'solo','sum_value':7,'v':0,'m':7}]");
    }

    @Test
    void aNullOnlyColumn() throws IOException {
        DatasetManifest nulls = fx.dataset("g,v\na,NA\na,NA\nb,NA\n");
        expect(nulls, payload(view("{'op':'aggregate','groupBy':['g'],'measures':[{'field':'v','agg':'sum',"
                        + "'asFieldKey':'s'},{'field':'v','agg':'count','asFieldKey':'c'},{'field':'v','agg':'max',"
                        + "'asFieldKey':'hi'},{'field':'v','agg':'distinctCount','asFieldKey':'d'},{'field':'v','agg':"
                        + "'mean','asFieldKey':'m'}]}")),
                "[{'g':'a','s':0,'c':2,'hi':null,'d':1,'m':0},{'g':'b','s':0,'c':1,'hi':null,'d':1,'m':0}]");
        expect(nulls, payload(filter("v", "{'type':'not in','value':[1]}"), view(raw("g"))),
                "[{'g':'a'},{'g':'a'},{'g':'b'}]");
        expect(nulls, payload(filter("v", "{'type':'range','value':[null,null]}"), view(raw("g"))), "[]");
    }

    @Test
    void epochMillisecondNumbersAreDates() throws IOException {
        // Graphic Walker's own test data keeps timestamps as epoch ms numbers.
        DatasetManifest m = fx.dataset("ts\n" + ms("2024-01-02T04:05:06Z") + "\n" + ms("2024-02-01T13:14:15Z") + "\n");
        expect(m, payload(drill("dateTimeDrill", "ts", "month", 0, 0), view(raw("d"))),
                "[{'d':" + ms("2024-01-01T00:00:00Z") + "},{'d':" + ms("2024-02-01T00:00:00Z") + "}]");
        expect(m, payload(drill("dateTimeFeature", "ts", "hour", 0, 0), view(raw("d"))), "[{'d':4},{'d':13}]");
        expect(m, payload(filter("ts", "{'type':'temporal range','value':[" + ms("2024-01-15T00:00:00Z") + ",null]}"),
                view(raw("ts"))), "[{'ts':" + ms("2024-02-01T13:14:15Z") + "}]");
    }

    @Test
    void oneOfWithMixedValuesMatchesOnlyTheSameType() throws IOException {
        expect(sales, payload(filter("product", "{'type':'one of','value':['pear',5,true]}"), view(raw("units"))),
                "[{'units':null},{'units':5}]");
    }

    // ---- field ids ----

    @Test
    void fieldIdsWithSpacesQuotesDotsAndCjk() throws IOException {
        DatasetManifest m = fx.dataset("\"a b\",\"q\"\"uote\",x.y,名前\n1,2,3,東京\n4,5,6,東京\n7,8,9,大阪\n");
        String json = "{\"workflow\":[{\"type\":\"transform\",\"transform\":[{\"key\":\"s.u m\",\"expression\":{"
                + "\"op\":\"expr\",\"as\":\"s.u m\",\"params\":[{\"type\":\"sql\",\"value\":\"\\\"x.y\\\" + "
                + "\\\"q\\\"\\\"uote\\\"\"}]}}]},{\"type\":\"view\",\"query\":[{\"op\":\"aggregate\",\"groupBy\":"
                + "[\"名前\"],\"measures\":[{\"field\":\"a b\",\"agg\":\"sum\"},{\"field\":\"s.u m\",\"agg\":\"max\"},"
                + "{\"field\":\"q\\\"uote\",\"agg\":\"min\"}]}]}]}";
        JsonArray got = GwFixture.json(fx.gw(100).query(m, PayloadParser.parse(json)));
        assertEquals("[{\"名前\":\"東京\",\"a b_sum\":5,\"s.u m_max\":11,\"q\\\"uote_min\":2},"
                + "{\"名前\":\"大阪\",\"a b_sum\":7,\"s.u m_max\":17,\"q\\\"uote_min\":8}]", got.toString());
    }

    // ---- limits and errors ----

    @Test
    void moreRowsThanAllowedIsRefusedBeforeBuildingThem() throws IOException {
        GraphicWalkerEngine small = fx.gw(3);
        GraphicWalkerEngine.TooManyRowsException e = assertThrows(GraphicWalkerEngine.TooManyRowsException.class,
                () -> small.query(sales, PayloadParser.parse(GwFixture.quotes(payload(view(raw("units")))))));
        assertEquals(5, e.rows());
        assertTrue(e.getMessage().contains("gw.max.rows"), e.getMessage());
        assertThrows(GraphicWalkerEngine.TooManyRowsException.class, () -> small.query(sales, PayloadParser.parse(
                GwFixture.quotes(payload(filter("units", "{'type':'range','value':[0,null]}"), view(raw("units")))))));
        assertEquals(3, small.query(sales, PayloadParser.parse(GwFixture.quotes("{'workflow':[" + view(raw("units"))
                + "],'limit':3}"))).rows().size());
        assertEquals(2, small.query(sales, PayloadParser.parse(GwFixture.quotes("{'workflow':[" + view(raw("units"))
                + "],'offset':3}"))).rows().size());
        assertThrows(GraphicWalkerEngine.TooManyRowsException.class, () -> small.query(sales, PayloadParser.parse(
                GwFixture.quotes(payload(view(raw("units")), "{'type':'sort','sort':'ascending','by':['units']}")))));
    }

    private static void refused(String payload, String path) {
        QueryException e = assertThrows(QueryException.class, () -> fx.run(sales, payload));
        assertEquals(path, e.parameter(), e.getMessage());
    }

    @Test
    void badPayloadsNameTheirPath() {
        refused("{'workflow':[" + view(raw("units", "nope")) + "]}", "workflow[0].query[0].fields[1]");
        refused("{}", "workflow");
        refused("{'workflow':[{'type':'join'}]}", "workflow[0].type");
        refused("{'workflow':[],'limit':1.5}", "limit");
        refused("{'workflow':[],'offset':-1}", "offset");
        refused(payload(view("{'op':'fold','foldBy':['a'],'newFoldKeyCol':'k','newFoldValueCol':'v'}")),
                "workflow[0].query[0].op");
        refused(payload(view("{'op':'bin','binBy':'units','newBinCol':'b','binSize':3}")), "workflow[0].query[0].op");
        refused(payload(transform("p", "paint", "", "")), "workflow[0].transform[0].expression.op");
        refused(payload(filter("units", "{'type':'between','value':[1,2]}")), "workflow[0].filters[0].rule.type");
        refused(payload(filter("units", "{'type':'range','value':[1]}")), "workflow[0].filters[0].rule.value");
        refused(payload(filter("nope", "{'type':'range','value':[1,2]}")), "workflow[0].filters[0].fid");
        refused(payload(view("{'op':'aggregate','groupBy':['region'],'measures':[{'field':'units','agg':'mode'}]}")),
                "workflow[0].query[0].measures[0].agg");
        refused(payload(drill("dateTimeDrill", "ts", "decade", 0, 0)),
                "workflow[0].transform[0].expression.params[1].value");
        refused(payload(transform("e", "expr", "{'type':'sql','value':'units +'}", "")),
                "workflow[0].transform[0].expression.params[0].value");
        refused(payload(transform("e", "expr", "{'type':'sql','value':'sum(units)'}", "")),
                "workflow[0].transform[0].expression.params[0].value");
        refused("{'workflow':[" + view(raw("units")) + ",{'type':'sort','sort':'up','by':['units']}]}",
                "workflow[1].sort");
        refused(payload(view("{'op':'aggregate','groupBy':['region'],'measures':[{'field':'units / 2','agg':'expr'}]}")),
                "workflow[0].query[0].measures[0].field");
        assertThrows(QueryException.class, () -> PayloadParser.parse("not json"));
        assertEquals("body", assertThrows(QueryException.class,
                () -> PayloadParser.parse("{\"workflow\":[],\"limit\":1e2147483648}")).parameter());
        assertEquals("limit", assertThrows(QueryException.class,
                () -> PayloadParser.parse("{\"workflow\":[],\"limit\":1e30}")).parameter());
    }

    @Test
    void batchesParseEachPayloadWithItsPrefix() {
        assertEquals(2, PayloadParser.parseBatch(GwFixture.quotes("{'queryList':[{'workflow':[]},{'workflow':[],"
                + "'limit':3}]}")).size());
        QueryException e = assertThrows(QueryException.class, () -> PayloadParser.parseBatch(GwFixture.quotes(
                "{'queryList':[{'workflow':[]},{'workflow':[{'type':'nope'}]}]}")));
        assertEquals("queryList[1].workflow[0].type", e.parameter());
    }
}
