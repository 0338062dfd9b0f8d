package org.dataexplorer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Filters, sorts, cursors, group-bys, facets and statistics over HTTP. */
class QueryIT extends WithDeployedService {

    /** 300 rows: id, city (4 values + nulls), amount (id % 7 - 3, some nulls), day. */
    private static String csv() {
        StringBuilder b = new StringBuilder("id,city,amount,day\n");
        String[] cities = {"Oslo", "Lima", "Pune", "Kyiv"};
        for (int i = 0; i < 300; i++) {
            b.append(i).append(',').append(i % 11 == 0 ? "" : cities[i % 4]).append(',')
                    .append(i % 13 == 0 ? "" : String.valueOf(i % 7 - 3)).append(',')
                    .append(String.format("2024-%02d-%02d", 1 + i % 12, 1 + i % 28)).append('\n');
        }
        return b.toString();
    }

    private String id;

    @BeforeEach
    void upload() {
        id = http.upload("name=query-it", csv()).getString("id");
    }

    private List<Long> ids(JsonObject page) {
        List<Long> ids = new ArrayList<>();
        for (JsonValue row : page.getJsonArray("rows")) {
            ids.add(row.asJsonArray().getJsonNumber(0).longValue());
        }
        return ids;
    }

    @Test
    void filtersSortAndCountOnBothRoutes() {
        List<Long> expected = new ArrayList<>();
        for (long i = 0; i < 300; i++) {
            if (i % 11 != 0 && i % 4 == 1 && i % 13 != 0 && i % 7 - 3 >= 1) {
                expected.add(i);
            }
        }
        expected.sort((a, b) -> a % 7 != b % 7 ? Long.compare(b % 7, a % 7) : Long.compare(a, b));
        for (String route : List.of("api/datasets/" + id + "/rows", "data/" + id)) {
            JsonObject page = http.get(route + "?city=Lima&amount__gte=1&sort=-amount,id&columns=id,amount&limit=500")
                    .expect(200);
            assertEquals(expected.size(), page.getInt("count"));
            assertEquals(expected, ids(page), route);
            assertEquals(List.of("id", "amount"), Http.names(page));
        }
    }

    @Test
    void cursorWalksEveryPageOnce() {
        List<List<Long>> pages = new ArrayList<>();
        Reply reply = http.get("api/datasets/" + id + "/rows?city__notnull=1&sort=city,-id&cursor=&limit=17&columns=id");
        while (true) {
            JsonObject page = reply.expect(200);
            pages.add(ids(page));
            assertEquals(pages.size(), page.getInt("page"));
            assertEquals(pages.size() == 1, page.isNull("previous"));
            if (page.isNull("next")) {
                break;
            }
            reply = http.follow(reply, "next");
        }
        List<Long> seen = pages.stream().flatMap(List::stream).toList();
        assertEquals(300 - 28, seen.size());
        assertEquals(seen.size(), seen.stream().distinct().count());

        for (int i = pages.size() - 2; i >= 0; i--) {
            reply = http.follow(reply, "previous");
            JsonObject page = reply.expect(200);
            assertEquals(pages.get(i), ids(page), "page " + (i + 1) + " reached by previous");
            assertEquals(i + 1, page.getInt("page"));
        }
    }

    @Test
    void badFiltersAreProblemsNamingTheParameter() {
        JsonObject p = http.get("api/datasets/" + id + "/rows?amount__gt=abc").expectProblem(400);
        assertEquals("amount__gt", p.getString("parameter"));
        p = http.get("api/datasets/" + id + "/rows?nosuch=1").expectProblem(400);
        assertEquals("nosuch", p.getString("parameter"));
        p = http.get("api/datasets/" + id + "/rows?amount__near=1").expectProblem(400);
        assertEquals("amount__near", p.getString("parameter"));
        p = http.get("api/datasets/" + id + "/rows?sort=nosuch").expectProblem(400);
        assertEquals("sort", p.getString("parameter"));
        p = http.get("api/datasets/" + id + "/rows?cursor=zzz").expectProblem(400);
        assertEquals("cursor", p.getString("parameter"));
    }

    @Test
    void groupByWithAggregatesHavingAndBuckets() {
        String body = """
                {"groupBy": ["city"], "aggregates": [{"fn": "count"}, {"column": "amount", "fn": "sum", "as": "total"},
                 {"column": "amount", "fn": "mean"}], "having": [{"column": "count", "op": "gt", "value": 10}],
                 "sort": ["-count"]}""";
        JsonObject r = http.post("api/datasets/" + id + "/query", body.getBytes(StandardCharsets.UTF_8),
                "application/json").expect(200);
        assertEquals(List.of("city", "count", "total", "mean_amount"), Http.names(r));
        JsonArray rows = r.getJsonArray("rows");
        long lima = 0;
        long limaSum = 0;
        for (int i = 0; i < 300; i++) {
            if (i % 11 != 0 && i % 4 == 1) {
                lima++;
                limaSum += i % 13 == 0 ? 0 : i % 7 - 3;
            }
        }
        boolean found = false;
        for (JsonValue row : rows) {
            JsonArray a = row.asJsonArray();
            if (a.get(0).getValueType() == JsonValue.ValueType.STRING && a.getString(0).equals("Lima")) {
                assertEquals(lima, a.getJsonNumber(1).longValue());
                assertEquals(limaSum, a.getJsonNumber(2).longValue());
                found = true;
            }
        }
        assertTrue(found);
        assertEquals(5, rows.size(), "four cities and the null group");

        JsonObject months = http.post("api/datasets/" + id + "/query",
                "{\"groupBy\":[{\"column\":\"day\",\"bucket\":\"quarter\"}],\"aggregates\":[{\"fn\":\"count\"}]}"
                        .getBytes(StandardCharsets.UTF_8), "application/json").expect(200);
        assertEquals(4, months.getJsonArray("rows").size());
        assertEquals("2024-01-01", months.getJsonArray("rows").getJsonArray(0).getString(0));
        assertEquals(75, months.getJsonArray("rows").getJsonArray(0).getInt(1));

        JsonObject bad = http.post("api/datasets/" + id + "/query",
                "{\"aggregates\":[{\"fn\":\"sum\",\"column\":\"city\"}]}".getBytes(StandardCharsets.UTF_8),
                "application/json").expectProblem(400);
        assertEquals("aggregates", bad.getString("parameter"));
    }

    @Test
    void facetsCountValuesMostFrequentFirst() {
        JsonObject f = http.get("api/datasets/" + id + "/facets/city?limit=2&amount__gte=0").expect(200);
        assertEquals(5, f.getInt("distinct"));
        JsonArray values = f.getJsonArray("values");
        assertEquals(2, values.size());
        assertTrue(values.getJsonObject(0).getInt("count") >= values.getJsonObject(1).getInt("count"));
    }

    @Test
    void statisticsComeFromTheIngestProfile() {
        JsonObject stats = http.get("stats/" + id).expect(200);
        assertEquals("profile", stats.getString("source"));
        JsonObject city = stats.getJsonArray("columns").getJsonObject(1);
        assertEquals("city", city.getString("name"));
        assertEquals(4, city.getInt("distinctCount"));
        assertEquals(28, city.getInt("nullCount"));
        assertEquals(4, city.getJsonArray("topValues").size());
        JsonObject amount = stats.getJsonArray("columns").getJsonObject(2);
        assertEquals(-3, amount.getJsonNumber("min").intValue());
        assertEquals(3, amount.getJsonNumber("max").intValue());
        assertTrue(amount.containsKey("median") && amount.containsKey("histogram"));
        assertEquals("ascending", stats.getJsonArray("columns").getJsonObject(0).getString("sortOrder"));
    }
}
