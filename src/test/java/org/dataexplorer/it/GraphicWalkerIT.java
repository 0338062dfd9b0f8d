package org.dataexplorer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Graphic Walker computation routes over HTTP: fields, query and batch, their answers and problems. */
class GraphicWalkerIT extends WithDeployedService {

    /** 40 rows: id (40 distinct: a measure), zone (A/B/C, nulls), code (4 distinct integers: nominal), day. */
    private static String csv() {
        StringBuilder b = new StringBuilder("id,zone,code,day,\"unit price\"\n");
        for (int i = 0; i < 40; i++) {
            b.append(i).append(',').append(i % 10 == 9 ? "" : "ABC".charAt(i % 3)).append(',').append(i % 4)
                    .append(',').append(String.format("2024-%02d-15", 1 + i % 12)).append(',').append(i * 0.5)
                    .append('\n');
        }
        return b.toString();
    }

    private String id;

    @BeforeEach
    void upload() {
        id = http.upload("name=gw-it", csv()).getString("id");
    }

    private Reply post(String route, String json) {
        return http.post("api/datasets/" + id + "/graphic-walker/" + route, json.replace('\'', '"')
                .getBytes(StandardCharsets.UTF_8), "application/json");
    }

    private JsonArray rows(Reply reply) {
        assertEquals(200, reply.status(), reply::describe);
        assertTrue(reply.contentType().startsWith("application/json"), reply::describe);
        return reply.json().asJsonArray();
    }

    @Test
    void fieldsAreTypedLikePyGWalker() {
        Reply reply = http.get("api/datasets/" + id + "/graphic-walker/fields");
        assertEquals(200, reply.status(), reply::describe);
        JsonArray fields = reply.json().asJsonArray();
        assertEquals(5, fields.size());
        String[][] expected = {
            {"id", "quantitative", "measure"},
            {"zone", "nominal", "dimension"},
            {"code", "nominal", "dimension"},
            {"day", "temporal", "dimension"},
            {"unit price", "quantitative", "measure"},
        };
        for (int i = 0; i < expected.length; i++) {
            JsonObject f = fields.getJsonObject(i);
            assertEquals(expected[i][0], f.getString("fid"));
            assertEquals(expected[i][0], f.getString("name"));
            assertEquals(expected[i][1], f.getString("semanticType"), f.toString());
            assertEquals(expected[i][2], f.getString("analyticType"), f.toString());
        }
    }

    @Test
    void aChartQueryAnswersRowsKeyedByFid() {
        // zone: i % 3 -> A, B, C, null when i % 10 == 9 (i = 9, 19, 29, 39). Counts: A 14 - 2 (9, 39),
        // B 13 - 1 (19), C 13 - 1 (29), null 4. In first-appearance order: A, B, C, null.
        JsonArray rows = rows(post("query", "{'workflow':[{'type':'view','query':[{'op':'aggregate','groupBy':"
                + "['zone'],'measures':[{'field':'*','agg':'count','asFieldKey':'count'},{'field':'unit price','agg':"
                + "'max','asFieldKey':'top'}]}]}]}"));
        assertEquals("[{\"zone\":\"A\",\"count\":12,\"top\":18},{\"zone\":\"B\",\"count\":12,\"top\":18.5},"
                + "{\"zone\":\"C\",\"count\":12,\"top\":19.0},{\"zone\":null,\"count\":4,\"top\":19.5}]"
                .replace("19.0", "19"), rows.toString());
    }

    @Test
    void rawRowsWithDrillSortAndPaging() {
        JsonArray rows = rows(post("query", "{'workflow':[{'type':'transform','transform':[{'key':'m','expression':"
                + "{'op':'dateTimeDrill','as':'m','params':[{'type':'field','value':'day'},{'type':'value','value':"
                + "'year'},{'type':'offset','value':0},{'type':'displayOffset','value':0}]}}]},{'type':'view','query':"
                + "[{'op':'raw','fields':['id','m']}]},{'type':'sort','sort':'descending','by':['id']}],'offset':1,"
                + "'limit':2}"));
        assertEquals("[{\"id\":38,\"m\":1704067200000},{\"id\":37,\"m\":1704067200000}]", rows.toString());
    }

    @Test
    void aBatchAnswersEachPayloadInOrder() {
        Reply reply = post("batch", "{'queryList':[{'workflow':[{'type':'view','query':[{'op':'aggregate',"
                + "'groupBy':[],'measures':[{'field':'*','agg':'count','asFieldKey':'n'}]}]}]},{'workflow':[{'type':"
                + "'filter','filters':[{'fid':'code','rule':{'type':'one of','value':[3]}}]},{'type':'view','query':"
                + "[{'op':'raw','fields':['id']}]}],'limit':2}]}");
        assertEquals(200, reply.status(), reply::describe);
        JsonArray datas = reply.object().getJsonArray("datas");
        assertEquals("[[{\"n\":40}],[{\"id\":3},{\"id\":7}]]", datas.toString());
    }

    @Test
    void binsAreArraysOfTwoNumbers() {
        // code = i % 4 over 0..3, 4 bins: step 0.75; 0, 1, 2 fall in bins 0, 1, 2 and the maximum 3 in the last.
        String bin = "{'type':'transform','transform':[{'key':'b','expression':{'op':'bin','as':'b','num':4,"
                + "'params':[{'type':'field','value':'code'}]}}]}";
        JsonArray rows = rows(post("query", "{'workflow':[" + bin + ",{'type':'view','query':[{'op':'aggregate',"
                + "'groupBy':['b'],'measures':[{'field':'*','agg':'count','asFieldKey':'n'}]}]}]}"));
        assertEquals("[{\"b\":[0,0.75],\"n\":10},{\"b\":[0.75,1.5],\"n\":10},{\"b\":[1.5,2.25],\"n\":10},"
                + "{\"b\":[2.25,3],\"n\":10}]", rows.toString());
        for (JsonValue row : rows) {
            JsonArray pair = row.asJsonObject().getJsonArray("b");
            assertEquals(2, pair.size());
            assertEquals(JsonValue.ValueType.NUMBER, pair.get(0).getValueType());
            assertEquals(JsonValue.ValueType.NUMBER, pair.get(1).getValueType());
        }
        // the pair a chart's filter sends back selects that bin's rows
        rows = rows(post("query", "{'workflow':[" + bin + ",{'type':'filter','filters':[{'fid':'b','rule':{'type':"
                + "'one of','value':[[0.75,1.5]]}}]},{'type':'view','query':[{'op':'raw','fields':['id','b']}]}],"
                + "'limit':3}"));
        assertEquals("[{\"id\":1,\"b\":[0.75,1.5]},{\"id\":5,\"b\":[0.75,1.5]},{\"id\":9,\"b\":[0.75,1.5]}]",
                rows.toString());
    }

    @Test
    void everyRouteAnswersAProblemForAnUnknownDataset() {
        String none = "api/datasets/00000000-0000-0000-0000-000000000000/graphic-walker/";
        http.get(none + "fields").expectProblem(404);
        byte[] payload = "{\"workflow\":[]}".getBytes(StandardCharsets.UTF_8);
        http.post(none + "query", payload, "application/json").expectProblem(404);
        http.post(none + "batch", ("{\"queryList\":[{\"workflow\":[]}]}").getBytes(StandardCharsets.UTF_8),
                "application/json").expectProblem(404);
    }

    @Test
    void aBatchHoldsAtMost64Payloads() {
        String list = String.join(",", java.util.Collections.nCopies(65, "{'workflow':[],'limit':1}"));
        JsonObject p = post("batch", "{'queryList':[" + list + "]}").expectProblem(400);
        assertEquals("queryList", p.getString("parameter"));
        assertTrue(p.getString("detail").contains("64"), p.toString());
        list = String.join(",", java.util.Collections.nCopies(64, "{'workflow':[],'limit':1}"));
        Reply reply = post("batch", "{'queryList':[" + list + "]}");
        assertEquals(200, reply.status(), reply::describe);
        assertEquals(64, reply.object().getJsonArray("datas").size());
    }

    @Test
    void aBatchWhoseAnswersTogetherExceedTheRowLimitIsA422() {
        StringBuilder b = new StringBuilder("n\n");
        for (int i = 0; i < 30_000; i++) {
            b.append(i).append('\n');
        }
        String big = http.upload("name=gw-batch", b.toString()).getString("id");
        String all = "{\"workflow\":[{\"type\":\"view\",\"query\":[{\"op\":\"raw\",\"fields\":[\"n\"]}]}]}";
        // each answer (30,000 rows) is within gw.max.rows (50,000); the two together are not
        Reply one = http.post("api/datasets/" + big + "/graphic-walker/batch", ("{\"queryList\":[" + all + "]}")
                .getBytes(StandardCharsets.UTF_8), "application/json");
        assertEquals(200, one.status(), one::describe);
        assertEquals(30_000, one.object().getJsonArray("datas").getJsonArray(0).size());
        JsonObject p = http.post("api/datasets/" + big + "/graphic-walker/batch", ("{\"queryList\":[" + all + ","
                + all + "]}").getBytes(StandardCharsets.UTF_8), "application/json").expectProblem(422);
        assertEquals("Too many rows", p.getString("title"));
        assertTrue(p.getString("detail").startsWith("queryList[1]: ") && p.getString("detail").contains("together")
                && p.getString("detail").contains("50000") && p.getString("detail").contains("gw.max.rows"),
                p.toString());
    }

    @Test
    void mistakesAreProblemsNamingThePayloadPath() {
        JsonObject p = post("query", "{'workflow':[{'type':'view','query':[{'op':'raw','fields':['id','nope']}]}]}")
                .expectProblem(400);
        assertEquals("workflow[0].query[0].fields[1]", p.getString("parameter"));
        p = post("query", "{'workflow':[{'type':'view','query':[{'op':'fold','foldBy':['id'],'newFoldKeyCol':'k',"
                + "'newFoldValueCol':'v'}]}]}").expectProblem(400);
        assertEquals("workflow[0].query[0].op", p.getString("parameter"));
        assertEquals(400, post("query", "not json").expectProblem(400).getInt("status"));
        p = post("batch", "{'queryList':[{'workflow':[]},{'workflow':[{'type':'sort','sort':'up','by':[]}]}]}")
                .expectProblem(400);
        assertEquals("queryList[1].workflow[0].sort", p.getString("parameter"));
    }

    @Test
    void tooManyRowsIsA422BeforeTheRowsAreBuilt() {
        StringBuilder b = new StringBuilder("n\n");
        for (int i = 0; i <= 50_000; i++) {
            b.append(i).append('\n');
        }
        String big = http.upload("name=gw-big", b.toString()).getString("id");
        Reply reply = http.post("api/datasets/" + big + "/graphic-walker/query",
                "{\"workflow\":[{\"type\":\"view\",\"query\":[{\"op\":\"raw\",\"fields\":[\"*\"]}]}]}"
                        .getBytes(StandardCharsets.UTF_8), "application/json");
        JsonObject p = reply.expectProblem(422);
        assertTrue(p.getString("detail").contains("50001") && p.getString("detail").contains("gw.max.rows"),
                p.toString());
        JsonArray page = rows(http.post("api/datasets/" + big + "/graphic-walker/query",
                "{\"workflow\":[{\"type\":\"view\",\"query\":[{\"op\":\"raw\",\"fields\":[\"*\"]}]}],\"limit\":50000}"
                        .getBytes(StandardCharsets.UTF_8), "application/json"));
        assertEquals(50_000, page.size());
        assertEquals(JsonValue.ValueType.NUMBER, page.getJsonObject(49_999).get("n").getValueType());
    }
}
