package org.dataexplorer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Graphic Walker computation routes over HTTP: fields, query, batch, problems. */
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
        http.get("api/datasets/00000000-0000-0000-0000-000000000000/graphic-walker/fields").expectProblem(404);
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
