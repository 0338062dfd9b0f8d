package org.dataexplorer.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET|POST /api/datasets/{id}/export} over HTTP: formats, headers, options, gzip, round trip, errors. */
class ExportIT extends WithDeployedService {

    private static final String CSV = "id,city,amount,day,at\n"
            + "1,Oslo,2.5,31/01/2024,2024-01-01 10:00:00\n"
            + "2,\"Lima, Peru\",2.0,01/02/2024,\n"
            + "3,,-1,,2024-01-03 00:00:01.25\n"
            + "4,Pune,,15/03/2024,2024-01-04 23:59:59\n";

    private String id;

    @BeforeEach
    void upload() {
        id = http.upload("name=" + Http.enc("sales 2024.csv"), CSV).getString("id");
    }

    @Test
    void csvExportIsADownloadThatRoundTrips() {
        Reply reply = http.get("api/datasets/" + id + "/export?format=csv");
        assertEquals(200, reply.status(), reply::describe);
        assertTrue(reply.contentType().startsWith("text/csv"), reply.contentType());
        assertEquals("attachment; filename=\"sales 2024.csv\"; filename*=UTF-8''sales%202024.csv",
                reply.header("Content-Disposition"));
        assertEquals("4", reply.header("X-Row-Count"));
        assertEquals(CSV.replace(",2.0,", ",2,"), reply.text());

        JsonObject again = http.upload("api/datasets", "name=again", reply.body(), "text/csv");
        assertEquals(http.get("api/datasets/" + id + "/schema").expect(200).get("columns"),
                http.get("api/datasets/" + again.getString("id") + "/schema").expect(200).get("columns"));
        assertEquals(http.allRows(id).get("rows"), http.allRows(again.getString("id")).get("rows"));
    }

    @Test
    void filtersSortProjectionAndOptionsApply() {
        Reply reply = http.get("api/datasets/" + id + "/export?format=tsv&amount__notnull=1&sort=-amount"
                + "&columns=city,amount,day&dates=iso&null=NA&header=false");
        assertEquals(200, reply.status(), reply::describe);
        assertEquals("Oslo\t2.5\t2024-01-31\nLima, Peru\t2\t2024-02-01\nNA\t-1\tNA\n", reply.text());

        Reply posted = http.post("api/datasets/" + id + "/export?format=jsonl",
                "{\"filters\":[{\"column\":\"id\",\"op\":\"in\",\"values\":[\"1\",\"4\"]}],\"columns\":[\"id\",\"at\"],\"sort\":[\"-id\"]}"
                        .getBytes(StandardCharsets.UTF_8), "application/json");
        assertEquals(200, posted.status(), posted::describe);
        assertEquals("application/x-ndjson", posted.contentType());
        assertEquals("{\"id\":4,\"at\":\"2024-01-04T23:59:59\"}\n{\"id\":1,\"at\":\"2024-01-01T10:00:00\"}\n",
                posted.text());
    }

    @Test
    void gzipCompressesTheDownload() throws IOException {
        Reply reply = http.get("api/datasets/" + id + "/export?format=json&compression=gzip");
        assertEquals(200, reply.status(), reply::describe);
        assertEquals("application/gzip", reply.contentType());
        assertTrue(reply.header("Content-Disposition").contains("filename=\"sales 2024.json.gz\""));
        byte[] plain = http.get("api/datasets/" + id + "/export?format=json").body();
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(reply.body()))) {
            assertArrayEquals(plain, in.readAllBytes());
        }
    }

    @Test
    void parquetAndArrowAreServed() {
        Reply parquet = http.get("api/datasets/" + id + "/export?format=parquet");
        assertEquals(200, parquet.status(), parquet::describe);
        byte[] p = parquet.body();
        assertEquals("PAR1", new String(p, 0, 4, StandardCharsets.US_ASCII));
        assertEquals("PAR1", new String(p, p.length - 4, 4, StandardCharsets.US_ASCII));
        // The IT JVM runs with --add-opens=java.base/java.nio=ALL-UNNAMED (pom.xml test.jvm.args)
        Reply arrow = http.get("api/datasets/" + id + "/export?format=arrow");
        assertEquals(200, arrow.status(), arrow::describe);
        assertEquals("application/vnd.apache.arrow.stream", arrow.contentType());
        assertTrue(arrow.body().length > 100);
    }

    @Test
    void mistakesAreProblems() {
        assertEquals("format", http.get("api/datasets/" + id + "/export?format=xlsx").expectProblem(400)
                .getString("parameter"));
        assertEquals("compression", http.get("api/datasets/" + id + "/export?compression=zip").expectProblem(400)
                .getString("parameter"));
        assertEquals("columns", http.get("api/datasets/" + id + "/export?columns=nope").expectProblem(400)
                .getString("parameter"));
        assertEquals("amount__gt", http.get("api/datasets/" + id + "/export?amount__gt=abc").expectProblem(400)
                .getString("parameter"));
        assertEquals("delimiter", http.get("api/datasets/" + id + "/export?delimiter=ab").expectProblem(400)
                .getString("parameter"));
        http.post("api/datasets/" + id + "/export", "{\"limit\":3}".getBytes(StandardCharsets.UTF_8),
                "application/json").expectProblem(400);
        http.get("api/datasets/00000000-0000-0000-0000-000000000000/export").expectProblem(404);
    }
}
