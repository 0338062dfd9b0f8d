package org.dataexplorer.it;

import static org.dataexplorer.it.Cells.assertRows;
import static org.dataexplorer.it.Cells.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.Test;

/** The upload and query contract over HTTP, against the WAR deployed in embedded Jetty. */
class UploadIT extends WithDeployedService {

    /** Six columns, one of each inferred kind, a quoted comma, a missing float, leading-zero codes. */
    private static final String PEOPLE = """
            id,name,score,joined,active,zip
            1,Ann,3.5,2024-01-02,true,08123
            2,Bob,,2024-02-03,false,01234
            3,"Cy, Jr.",4.25,2024-03-04,true,99999
            """;

    private static final List<List<Object>> PEOPLE_ROWS = List.of(
            row(1, "Ann", 3.5, "2024-01-02", true, "08123"),
            row(2, "Bob", null, "2024-02-03", false, "01234"),
            row(3, "Cy, Jr.", 4.25, "2024-03-04", true, "99999"));

    private static final long MAX_UPLOAD_BYTES = Long.getLong("data.max.upload.bytes", 52_428_800L);


    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private JsonObject rowsOf(String id) {
        return http.allRows(id);
    }

    private void assertPeople(String context, JsonObject summary) {
        assertEquals("ready", summary.getString("status"), () -> context + ": " + summary);
        assertEquals(List.of("id", "name", "score", "joined", "active", "zip"), Http.names(summary), context);
        assertRows(context, PEOPLE_ROWS, rowsOf(summary.getString("id")));
    }

    // ---- health and upload forms --------------------------------------------------------------

    @Test
    void healthIsOk() {
        JsonObject health = http.get("api/health").expect(200);
        assertEquals("ok", health.getString("status", null), health::toString);
    }

    @Test
    void rawCsvUploadAnswers201WithLocationAndFullSummary() {
        String name = unique("people");
        byte[] body = utf8(PEOPLE);
        Instant before = Instant.now().minusSeconds(60);
        JsonObject summary = http.upload("api/datasets", "name=" + name, body, "text/csv");
        String id = summary.getString("id");

        assertEquals(name, summary.getString("name"));
        assertEquals("ready", summary.getString("status"));
        Instant createdAt = instant(summary.getString("createdAt"));
        assertTrue(!createdAt.isBefore(before) && !createdAt.isAfter(Instant.now().plusSeconds(60)),
                () -> "createdAt " + createdAt);
        assertEquals(body.length, summary.getJsonNumber("bytesReceived").longValue(), "bytesReceived");
        assertTrue(summary.getJsonNumber("sizeBytes").longValue() > 0, "sizeBytes");
        assertEquals(3, summary.getJsonNumber("rowsParsed").longValue(), "rowsParsed");
        assertEquals(3, summary.getJsonNumber("rowCount").longValue(), "rowCount");
        assertEquals(6, summary.getInt("columnCount"), "columnCount");
        assertEquals(0, summary.getJsonNumber("rejectCount").longValue(), "rejectCount");
        assertNullOrAbsent(summary, "error");

        JsonObject dialect = summary.getJsonObject("dialect");
        assertEquals(",", dialect.getString("delimiter"), "delimiter");
        assertEquals("\"", dialect.getString("quote"), "quote");
        assertTrue(dialect.containsKey("escape"), "escape");
        assertEquals(JsonValue.TRUE, dialect.get("header"), "header");
        assertEquals(0, dialect.getInt("skipRows"), "skipRows");
        assertEquals("LF", dialect.getString("lineEnding"), "lineEnding");
        assertEquals("UTF-8", dialect.getString("encoding"), "encoding");
        assertEquals(JsonValue.FALSE, dialect.get("bom"), "bom");
        assertEquals(JsonValue.FALSE, dialect.get("encodingFallback"), "encodingFallback");

        JsonArray columns = summary.getJsonArray("columns");
        String[][] expected = {
            {"id", "integer", "false"}, {"name", "string", "false"}, {"score", "float", "true"},
            {"joined", "date", "false"}, {"active", "boolean", "false"}, {"zip", "string", "false"}};
        assertEquals(expected.length, columns.size(), columns::toString);
        for (int i = 0; i < expected.length; i++) {
            JsonObject column = columns.getJsonObject(i);
            assertEquals(expected[i][0], column.getString("name"), column::toString);
            assertEquals(expected[i][1], column.getString("type"), column::toString);
            assertEquals(Boolean.parseBoolean(expected[i][2]), column.getBoolean("nullable"), column::toString);
            if ("date".equals(expected[i][1])) {
                assertFalse(column.getString("format", "").isEmpty(), () -> "a date column has a format: " + column);
            } else {
                assertNullOrAbsent(column, "format");
            }
        }

        JsonObject again = http.summary(id);
        assertEquals(id, again.getString("id"));
        assertEquals(withoutNulls(summary.getJsonArray("columns")), withoutNulls(again.getJsonArray("columns")),
                "columns of the 201 body and of GET");
        assertRows("people", PEOPLE_ROWS, rowsOf(id));
    }

    @Test
    void multipartFilePartIsTheCsv() {
        String boundary = "----it-boundary-" + UUID.randomUUID();
        // The CSV has no final newline: the CRLF before the closing boundary is not part of it.
        String csv = PEOPLE.stripTrailing();
        String body = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"people.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n"
                + csv + "\r\n"
                + "--" + boundary + "--\r\n";
        JsonObject summary = http.upload("api/datasets", "name=" + unique("multipart"), utf8(body),
                "multipart/form-data; boundary=" + boundary);
        assertPeople("multipart", summary);
        assertEquals(3, summary.getJsonNumber("rowCount").longValue());
    }

    @Test
    void gzipWithContentEncodingHeaderIsDecompressed() {
        byte[] compressed = gzip(utf8(PEOPLE));
        JsonObject summary = http.upload("api/datasets", "name=" + unique("gzip-header"), compressed, "text/csv",
                "Content-Encoding", "gzip");
        assertPeople("gzip with Content-Encoding", summary);
        assertEquals(compressed.length, summary.getJsonNumber("bytesReceived").longValue(),
                "bytesReceived counts the bytes on the wire");
    }

    @Test
    void gzipIsRecognisedByItsMagicBytesAlone() {
        byte[] compressed = gzip(utf8(PEOPLE));
        JsonObject summary = http.upload("api/datasets", "name=" + unique("gzip-magic"), compressed,
                "application/octet-stream");
        assertPeople("gzip by magic bytes", summary);
    }

    @Test
    void formUrlEncodedBodyIsReadAsRawCsv() {
        // curl --data-binary sends this content type; a form parser must not eat the first byte.
        JsonObject summary = http.upload("api/datasets", "name=" + unique("form"), utf8(PEOPLE),
                "application/x-www-form-urlencoded");
        assertPeople("form-urlencoded body", summary);
    }

    @Test
    void parseCsvAliasCreatesADatasetLikeTheApiRoute() {
        JsonObject summary = http.upload("parse-csv", "name=" + unique("alias"), utf8(PEOPLE), "text/csv");
        assertPeople("POST /data/parse-csv", summary);
    }

    @Test
    void windows1252BytesFallBackAndDecode() {
        byte[] body = "city,n\ncaf\u00e9,1\nna\u00efve,2\n".getBytes(StandardCharsets.ISO_8859_1);
        JsonObject summary = http.upload("api/datasets", "name=" + unique("latin1"), body, "text/csv");
        assertEquals(JsonValue.TRUE, summary.getJsonObject("dialect").get("encodingFallback"), summary::toString);
        assertRows("windows-1252", List.of(row("caf\u00e9", 1), row("na\u00efve", 2)), rowsOf(summary.getString("id")));
    }

    // ---- list, get, delete --------------------------------------------------------------------

    @Test
    void listGetAndDeleteRemovesTheDatasetAndItsFiles() {
        String name = unique("to-delete");
        JsonObject summary = http.upload("name=" + name, PEOPLE);
        String id = summary.getString("id");

        JsonObject listed = http.list().stream().filter(d -> id.equals(d.getString("id"))).findFirst()
                .orElseGet(() -> fail("new dataset " + id + " not in the list"));
        assertEquals(name, listed.getString("name"));
        assertEquals("ready", listed.getString("status"));
        assertEquals(id, http.summary(id).getString("id"));
        assertTrue(StorageDir.datasetDir(id).isPresent(),
                () -> "no directory named " + id + " under " + StorageDir.root() + ": " + StorageDir.files().keySet());

        Reply deleted = http.delete("api/datasets/" + id);
        assertEquals(204, deleted.status(), deleted::describe);
        http.get("api/datasets/" + id).expectProblem(404);
        http.get("data/" + id).expectProblem(404);
        assertFalse(http.list().stream().anyMatch(d -> id.equals(d.getString("id"))), "deleted dataset still listed");
        Poll.until(Duration.ofSeconds(10), "the files of " + id + " are gone",
                () -> StorageDir.files().keySet().stream().filter(p -> p.contains(id)).toList(), List::isEmpty);
        assertTrue(StorageDir.datasetDir(id).isEmpty(), "dataset directory still there");
        http.delete("api/datasets/" + id).expectProblem(404);
    }

    // ---- upload parameters --------------------------------------------------------------------

    @Test
    void delimiterParameterOverridesTheSniffer() {
        // Commas are as regular as semicolons and more frequent: only the parameter makes ';' win.
        String csv = "a,b,c;d\n1,2,3;4\n5,6,7;8\n";
        JsonObject summary = http.upload("delimiter=" + Http.enc(";"), csv);
        assertEquals(";", summary.getJsonObject("dialect").getString("delimiter"));
        assertEquals(List.of("a,b,c", "d"), Http.names(summary));
        assertRows("delimiter=;", List.of(row("1,2,3", 4), row("5,6,7", 8)), rowsOf(summary.getString("id")));
    }

    @Test
    void quoteParameterOverridesTheQuoteCharacter() {
        String csv = "a,b\n1,'x,y'\n2,'z'\n";
        JsonObject summary = http.upload("quote=" + Http.enc("'"), csv);
        assertEquals("'", summary.getJsonObject("dialect").getString("quote"));
        assertRows("quote='", List.of(row(1, "x,y"), row(2, "z")), rowsOf(summary.getString("id")));
    }

    @Test
    void headerFalseNamesColumnsByPosition() {
        JsonObject summary = http.upload("header=false", "a,b\n1,2\n");
        assertEquals(JsonValue.FALSE, summary.getJsonObject("dialect").get("header"));
        assertEquals(List.of("column_1", "column_2"), Http.names(summary));
        JsonObject page = rowsOf(summary.getString("id"));
        assertEquals(List.of(List.of("a", "b"), List.of("1", "2")), JsonText.rows(page));
        assertEquals(2, summary.getJsonNumber("rowCount").longValue());
    }

    @Test
    void typesParameterOverridesInference() {
        String csv = "zip,amount\n12345,10\n23456,20\n";
        JsonObject inferred = http.upload("", csv);
        assertEquals("integer", inferred.getJsonArray("columns").getJsonObject(0).getString("type"),
                "without the parameter zip is inferred as integer");

        JsonObject summary = http.upload("types=" + Http.enc("zip:string,amount:float"), csv);
        JsonArray columns = summary.getJsonArray("columns");
        assertEquals("string", columns.getJsonObject(0).getString("type"), columns::toString);
        assertEquals("float", columns.getJsonObject(1).getString("type"), columns::toString);
        assertRows("types=zip:string,amount:float", List.of(row("12345", 10), row("23456", 20)),
                rowsOf(summary.getString("id")));
    }

    @Test
    void skipRowsSkipsAPreamble() {
        String csv = "exported by some tool\nat 2024-01-01\nid,val\n1,x\n2,y\n";
        JsonObject summary = http.upload("skipRows=2", csv);
        assertEquals(2, summary.getJsonObject("dialect").getInt("skipRows"));
        assertEquals(List.of("id", "val"), Http.names(summary));
        assertRows("skipRows=2", List.of(row(1, "x"), row(2, "y")), rowsOf(summary.getString("id")));
    }

    @Test
    void nullValuesParameterAddsNullMarkers() {
        String csv = "id,val\n1,-\n2,x\n3,missing\n";
        JsonObject summary = http.upload("nullValues=" + Http.enc("-,missing"), csv);
        assertRows("nullValues=-,missing", List.of(row(1, null), row(2, "x"), row(3, null)),
                rowsOf(summary.getString("id")));
    }

    @Test
    void defaultNullRules() {
        String csv = "id,s,n\n1,,\n2,\"\",\"\"\n3,NA,NaN\n4,x,5\n5,NULL,null\n6,N/A,7\n";
        JsonObject summary = http.upload("", csv);
        JsonArray columns = summary.getJsonArray("columns");
        assertEquals("string", columns.getJsonObject(1).getString("type"), columns::toString);
        assertEquals("integer", columns.getJsonObject(2).getString("type"), columns::toString);
        assertTrue(columns.getJsonObject(1).getBoolean("nullable"), columns::toString);
        assertRows("null rules", List.of(
                row(1, null, null),
                row(2, "", null),
                row(3, null, null),
                row(4, "x", 5),
                row(5, null, null),
                row(6, null, 7)), rowsOf(summary.getString("id")));
    }

    // ---- seed routes, paging, sample, stats ---------------------------------------------------

    @Test
    void seedRoutesAnswerExactlyLikeTheApiRoutes() {
        String id = http.upload("", numbers(25)).getString("id");
        String api = "api/datasets/" + id;

        JsonObject schema = http.get(api + "/schema").expect(200);
        assertEquals(schema, http.get("schema/" + id).expect(200), "schema");
        assertEquals(id, schema.getString("id"));
        assertEquals(25, schema.getJsonNumber("rowCount").longValue());
        assertNotNull(schema.getJsonObject("dialect"), schema::toString);
        assertEquals("UTF-8", schema.getString("encoding"), schema::toString);
        JsonArray columns = schema.getJsonArray("columns");
        assertEquals(2, columns.size());
        for (int i = 0; i < 2; i++) {
            JsonObject column = columns.getJsonObject(i);
            assertEquals(i, column.getInt("index"), column::toString);
            assertEquals(List.of("n", "sq").get(i), column.getString("name"));
            assertEquals("integer", column.getString("type"));
            assertEquals(JsonValue.FALSE, column.get("nullable"));
            assertNullOrAbsent(column, "format");
        }

        assertEquals(http.get(api + "/sample?rows=3").expect(200), http.get("sample/" + id + "?rows=3").expect(200),
                "sample");
        assertEquals(http.get(api + "/sample?rows=4&mode=random&seed=7").expect(200),
                http.get("sample/" + id + "?rows=4&mode=random&seed=7").expect(200), "random sample");
        assertEquals(http.get(api + "/stats").expect(200), http.get("stats/" + id).expect(200), "stats");

        Reply apiPage = http.get(api + "/rows?page=2&pageSize=10");
        Reply seedPage = http.get("data/" + id + "?page=2&pageSize=10");
        assertEquals(withoutLinks(apiPage.expect(200)), withoutLinks(seedPage.expect(200)), "rows page");
        assertEquals(withoutLinks(http.follow(apiPage, "next").expect(200)),
                withoutLinks(http.follow(seedPage, "next").expect(200)), "next pages");
    }

    private static JsonObject withoutLinks(JsonObject page) {
        return jakarta.json.Json.createObjectBuilder(page).remove("next").remove("previous").build();
    }

    /** {@code n,sq} for n = 1..count. */
    private static String numbers(int count) {
        StringBuilder csv = new StringBuilder("n,sq\n");
        for (int n = 1; n <= count; n++) {
            csv.append(n).append(',').append(n * n).append('\n');
        }
        return csv.toString();
    }

    private static List<List<Object>> numberRows(int from, int to) {
        List<List<Object>> rows = new ArrayList<>();
        for (int n = from; n <= to; n++) {
            rows.add(row(n, n * n));
        }
        return rows;
    }

    @Test
    void pagesByPageAndPageSizeWithLinks() {
        String id = http.upload("", numbers(25)).getString("id");

        Reply reply2 = http.get("data/" + id + "?page=2&pageSize=10");
        JsonObject page2 = reply2.expect(200);
        assertEquals(25, page2.getJsonNumber("count").longValue(), page2::toString);
        assertEquals(2, page2.getInt("page"));
        assertEquals(10, page2.getInt("pageSize"));
        assertEquals(3, page2.getInt("totalPages"));
        assertEquals(List.of("n", "sq"), Http.names(page2));
        assertRows("page 2", numberRows(11, 20), page2);

        JsonObject page3 = http.follow(reply2, "next").expect(200);
        assertEquals(3, page3.getInt("page"), page3::toString);
        assertRows("page 3 (next of 2)", numberRows(21, 25), page3);
        assertNullOrAbsent(page3, "next");

        JsonObject page1 = http.follow(reply2, "previous").expect(200);
        assertEquals(1, page1.getInt("page"), page1::toString);
        assertRows("page 1 (previous of 2)", numberRows(1, 10), page1);
        assertNullOrAbsent(page1, "previous");

        JsonObject defaults = http.get("data/" + id).expect(200);
        assertEquals(1, defaults.getInt("page"));
        assertEquals(100, defaults.getInt("pageSize"), "default pageSize");
        assertEquals(1, defaults.getInt("totalPages"));
        assertNullOrAbsent(defaults, "next");
        assertNullOrAbsent(defaults, "previous");
        assertRows("default page", numberRows(1, 25), defaults);

        JsonObject max = http.get("data/" + id + "?pageSize=1000").expect(200);
        assertRows("pageSize=1000", numberRows(1, 25), max);
    }

    @Test
    void pagesByOffsetAndLimit() {
        String id = http.upload("", numbers(25)).getString("id");
        JsonObject page = http.get("data/" + id + "?offset=5&limit=3").expect(200);
        assertEquals(25, page.getJsonNumber("count").longValue(), page::toString);
        assertRows("offset=5&limit=3", numberRows(6, 8), page);
        JsonObject rows = http.get("api/datasets/" + id + "/rows?offset=23&limit=10").expect(200);
        assertRows("offset=23&limit=10", numberRows(24, 25), rows);
    }

    @Test
    void shapeObjectsKeysRowsByColumn() {
        String id = http.upload("", numbers(25)).getString("id");
        JsonObject page = http.get("data/" + id + "?page=1&pageSize=2&shape=objects").expect(200);
        JsonArray rows = page.getJsonArray("rows");
        assertEquals(2, rows.size(), page::toString);
        for (int i = 0; i < 2; i++) {
            JsonObject row = rows.getJsonObject(i);
            assertEquals(Set.of("n", "sq"), row.keySet(), row::toString);
            Cells.assertCell("n", i + 1, row.get("n"));
            Cells.assertCell("sq", (i + 1) * (i + 1), row.get("sq"));
        }
    }

    @Test
    void sampleFirstRowsAndSeededRandomRows() {
        String id = http.upload("", numbers(25)).getString("id");

        JsonObject first = http.get("sample/" + id + "?rows=5").expect(200);
        assertEquals(List.of("n", "sq"), Http.names(first));
        assertRows("first 5", numberRows(1, 5), first);

        JsonObject random = http.get("sample/" + id + "?rows=5&mode=random&seed=42").expect(200);
        assertEquals(random, http.get("sample/" + id + "?rows=5&mode=random&seed=42").expect(200),
                "the same seed gives the same rows");
        JsonArray rows = random.getJsonArray("rows");
        assertEquals(5, rows.size(), random::toString);
        Set<Long> seen = new HashSet<>();
        for (JsonValue value : rows) {
            JsonArray row = value.asJsonArray();
            long n = row.getJsonNumber(0).longValueExact();
            assertTrue(n >= 1 && n <= 25, () -> "not a row of the file: " + row);
            assertEquals(n * n, row.getJsonNumber(1).longValueExact(), () -> "not a row of the file: " + row);
            assertTrue(seen.add(n), () -> "row drawn twice: " + random);
        }
    }

    @Test
    void statsOfAKnownFile() {
        String csv = """
                id,score,name,day
                1,2.5,a,2024-01-05
                2,,b,2024-01-01
                3,7.25,,2024-03-01
                4,1,d,
                """;
        String id = http.upload("", csv).getString("id");
        JsonObject stats = http.get("stats/" + id).expect(200);
        assertEquals(id, stats.getString("id"));
        assertEquals(4, stats.getJsonNumber("rowCount").longValue());
        JsonArray columns = stats.getJsonArray("columns");
        assertEquals(4, columns.size(), stats::toString);
        assertStats(columns.getJsonObject(0), "id", "integer", 0, 1, 4);
        assertStats(columns.getJsonObject(1), "score", "float", 1, 1, 7.25);
        assertStats(columns.getJsonObject(2), "name", "string", 1, "a", "d");
        assertStats(columns.getJsonObject(3), "day", "date", 1, "2024-01-01", "2024-03-01");
    }

    /** {@code count} is read as the non-null count, or (another common reading) all rows. */
    private static void assertStats(JsonObject column, String name, String type, long nulls, Object min, Object max) {
        assertEquals(name, column.getString("name"), column::toString);
        assertEquals(type, column.getString("type"), column::toString);
        assertEquals(nulls, column.getJsonNumber("nullCount").longValue(), () -> "nullCount of " + column);
        long count = column.getJsonNumber("count").longValue();
        assertTrue(count == 4 - nulls || count == 4, () -> "count of " + column);
        Cells.assertCell("min of " + column, min, column.get("min"));
        Cells.assertCell("max of " + column, max, column.get("max"));
    }

    // ---- malformed input ----------------------------------------------------------------------

    private static final String RAGGED = "a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n";

    @Test
    void raggedRowsAreRejectedLenientlyByDefault() {
        JsonObject summary = http.upload("", RAGGED);
        String id = summary.getString("id");
        assertEquals("ready", summary.getString("status"), summary::toString);
        assertEquals(2, summary.getJsonNumber("rejectCount").longValue(), summary::toString);

        JsonObject rejects = http.get("api/datasets/" + id + "/rejects").expect(200);
        assertEquals(2, rejects.getJsonNumber("count").longValue(), rejects::toString);
        JsonArray list = rejects.getJsonArray("rejects");
        assertEquals(2, list.size(), rejects::toString);
        assertReject(list.getJsonObject(0), 3, 12, 15);
        assertReject(list.getJsonObject(1), 4, 16, 23);

        List<List<String>> rows = JsonText.rows(rowsOf(id));
        assertTrue(rows.contains(List.of("1", "2", "3")) && rows.contains(List.of("10", "11", "12")),
                () -> "well-formed rows lost: " + rows);
        assertTrue(rows.indexOf(List.of("1", "2", "3")) < rows.indexOf(List.of("10", "11", "12")), rows::toString);
    }

    /** A reject names its 1-based line and a byte offset inside that line (header = line 1). */
    private static void assertReject(JsonObject reject, long line, long firstByte, long lastByte) {
        assertEquals(line, reject.getJsonNumber("line").longValue(), reject::toString);
        long at = reject.getJsonNumber("byte").longValue();
        assertTrue(at >= firstByte && at <= lastByte, () -> "byte " + at + " outside line " + line + ": " + reject);
        assertTrue(reject.containsKey("column") && reject.get("column").getValueType() == JsonValue.ValueType.NUMBER,
                reject::toString);
        assertFalse(reject.getString("reason", "").isBlank(), reject::toString);
    }

    @Test
    void strictRaggedRowIs422WithItsPosition() {
        Reply reply = http.post("api/datasets?strict=true&name=" + unique("strict"), utf8(RAGGED), "text/csv");
        JsonObject problem = reply.expectProblem(422);
        assertEquals(3, problem.getJsonNumber("line").longValue(), problem::toString);
        long at = problem.getJsonNumber("byte").longValue();
        assertTrue(at >= 12 && at <= 15, () -> "byte outside line 3: " + problem);
        assertEquals(JsonValue.ValueType.NUMBER, problem.get("column").getValueType(), problem::toString);
    }

    @Test
    void emptyBodyIsAClientError() {
        Reply reply = http.post("api/datasets?name=" + unique("empty"), new byte[0], "text/csv");
        assertTrue(reply.status() == 400 || reply.status() == 422, reply::describe);
        reply.problemBody();
    }

    @Test
    void headerOnlyFileIsAnEmptyDatasetOrAClientError() {
        Reply reply = http.post("api/datasets?name=" + unique("header-only"), utf8("a,b\n"), "text/csv");
        if (reply.status() == 201) {
            JsonObject summary = http.created(reply);
            assertEquals(0, summary.getJsonNumber("rowCount").longValue(), summary::toString);
            assertEquals(List.of("a", "b"), Http.names(summary));
            JsonObject page = http.get("data/" + summary.getString("id")).expect(200);
            assertEquals(0, page.getJsonArray("rows").size(), page::toString);
        } else {
            assertTrue(reply.status() == 400 || reply.status() == 422, reply::describe);
            reply.problemBody();
        }
    }

    @Test
    void binaryGarbageNeverCausesAServerError() {
        Random random = new Random(20241124);
        byte[] garbage = new byte[64 * 1024];
        random.nextBytes(garbage);
        garbage[0] = 0;
        garbage[100] = 0;
        assertNoServerError("random bytes", garbage);

        byte[] brokenGzip = new byte[8 * 1024];
        random.nextBytes(brokenGzip);
        brokenGzip[0] = 0x1f;
        brokenGzip[1] = (byte) 0x8b;
        brokenGzip[2] = 8;
        assertNoServerError("gzip magic followed by garbage", brokenGzip);

        http.get("api/health").expect(200);
    }

    private void assertNoServerError(String what, byte[] body) {
        Reply reply = http.post("api/datasets?name=" + unique("garbage"), body, "application/octet-stream");
        assertTrue(reply.status() < 500, () -> what + ": " + reply.describe());
        if (reply.status() == 201) {
            String id = http.created(reply).getString("id");
            Reply summary = http.get("api/datasets/" + id);
            assertTrue(summary.status() < 500, () -> what + ": " + summary.describe());
            Reply page = http.get("data/" + id);
            assertTrue(page.status() < 500, () -> what + ": " + page.describe());
        } else {
            assertTrue(reply.status() >= 400, () -> what + ": " + reply.describe());
            reply.problemBody();
        }
    }

    // ---- errors -------------------------------------------------------------------------------

    @Test
    void unknownIdIs404ProblemOnEveryRoute() {
        String unknown = UUID.randomUUID().toString();
        for (String path : List.of("api/datasets/" + unknown, "api/datasets/" + unknown + "/schema",
                "api/datasets/" + unknown + "/sample", "api/datasets/" + unknown + "/rows",
                "api/datasets/" + unknown + "/stats", "api/datasets/" + unknown + "/rejects",
                "schema/" + unknown, "sample/" + unknown, "data/" + unknown, "stats/" + unknown,
                "api/datasets/not-a-dataset-id")) {
            http.get(path).expectProblem(404);
        }
        http.delete("api/datasets/" + unknown).expectProblem(404);

        // An id that tries to climb out of the storage folder is never served.
        Reply traversal = http.get("api/datasets/..%2F..%2Fetc");
        assertTrue(traversal.status() == 404 || traversal.status() == 400, traversal::describe);
    }

    @Test
    void badParametersAre400ProblemsNamingTheParameter() {
        String id = http.upload("", numbers(25)).getString("id");
        assertBadParameter(http.get("data/" + id + "?page=0"), "page");
        assertBadParameter(http.get("data/" + id + "?pageSize=100000"), "pageSize");
        assertBadParameter(http.get("data/" + id + "?pageSize=1001"), "pageSize");
        assertBadParameter(http.get("data/" + id + "?page=abc"), "page");
        assertBadParameter(http.get("sample/" + id + "?rows=-1"), "rows");
        assertBadParameter(http.post("api/datasets?header=maybe", utf8(PEOPLE), "text/csv"), "header");
        assertBadParameter(http.post("api/datasets?delimiter=ab", utf8(PEOPLE), "text/csv"), "delimiter");
        assertBadParameter(http.post("api/datasets?types=" + Http.enc("zip:banana"), utf8(PEOPLE), "text/csv"),
                "types");
    }

    /**
     * An upload refused before its body is read leaves unread bytes on the connection. The server
     * may keep reading them, or close the connection; if it closes, the response must say
     * {@code Connection: close}, or a keep-alive client sends its next request into a dead connection.
     */
    @Test
    void uploadRefusedBeforeItsBodyIsReadSaysConnectionCloseIfItCloses() throws IOException {
        byte[] body = utf8(PEOPLE);
        assertClosesOnlyAfterSayingSo("whole body sent", body.length, body);
        assertClosesOnlyAfterSayingSo("body partly sent", 100_000, body);
    }

    private void assertClosesOnlyAfterSayingSo(String what, long contentLength, byte[] sent) throws IOException {
        List<String> headers = List.of("Content-Type: text/csv", "Content-Length: " + contentLength);
        try (RawHttp.Upload upload = RawHttp.open(http.base(), "POST", "api/datasets?header=maybe", headers, true)) {
            assertTrue(upload.write(out -> out.write(sent), 10_000), () -> what + ": " + upload.writeError());
            RawHttp.Response response = upload.awaitHead(30_000);
            assertEquals(400, response.status(), () -> what + ": " + response.raw());
            if ("close".equalsIgnoreCase(response.headers().getOrDefault("connection", ""))) {
                return;
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() < deadline && !upload.closedByServer()) {
                Poll.sleep(50);
            }
            assertFalse(upload.closedByServer(), () -> what + ": the server closed the connection after a"
                    + " response without Connection: close: " + response.raw());
        }
    }

    private static void assertBadParameter(Reply reply, String parameter) {
        JsonObject problem = reply.expectProblem(400);
        assertTrue(problem.getString("detail", "").contains(parameter),
                () -> "detail does not name " + parameter + ": " + problem);
        assertEquals(parameter, problem.getString("parameter", null), () -> "parameter member: " + problem);
    }

    // ---- size limit ---------------------------------------------------------------------------

    @Test
    void declaredBodyOverTheLimitIs413AndLeavesNothing() {
        long declared = MAX_UPLOAD_BYTES + 10 * 1024 * 1024;
        assertTooLargeLeavesNothing(List.of("Content-Type: text/csv", "Content-Length: " + declared),
                out -> SimpleCsv.writeExactly(out, declared));
    }

    @Test
    void chunkedBodyOverTheLimitIs413AndLeavesNothing() {
        long total = MAX_UPLOAD_BYTES + 10 * 1024 * 1024;
        assertTooLargeLeavesNothing(List.of("Content-Type: text/csv", "Transfer-Encoding: chunked"), out -> {
            ByteArrayOutputStream chunk = new ByteArrayOutputStream(70_000);
            SimpleCsv.writeHeader(chunk);
            long written = 0;
            long next = 0;
            while (written < total) {
                next = SimpleCsv.writeAtLeast(chunk, next, 64 * 1024 - chunk.size());
                RawHttp.writeChunk(out, chunk.toByteArray(), chunk.size());
                written += chunk.size();
                chunk.reset();
            }
            RawHttp.writeLastChunk(out);
        });
    }

    private void assertTooLargeLeavesNothing(List<String> headers, Http.BodyWriter body) {
        // Something stored first, so that lazily created catalog files do not count as leftovers.
        http.upload("name=" + unique("before-413"), PEOPLE);
        Map<String, Long> filesBefore = StorageDir.files();
        Set<String> idsBefore = ids(http.list());
        String name = unique("too-large");

        RawHttp.Response response;
        try (RawHttp.Upload upload = RawHttp.open(http.base(), "POST", "api/datasets?name=" + name, headers)) {
            upload.write(body, 120_000);
            response = upload.awaitResponse(60_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertEquals(413, response.status(), () -> "response: " + response.raw());
        response.toReply("POST", "api/datasets").problemBody();

        Poll.until(Duration.ofSeconds(30), "no dataset is left from the rejected upload",
                () -> newDatasets(idsBefore), List::isEmpty);
        Poll.until(Duration.ofSeconds(30), "no file is left from the rejected upload",
                () -> newFiles(filesBefore), Map::isEmpty);
        assertTrue(http.findByName(name).isEmpty(), "rejected upload still listed");
    }

    private static Set<String> ids(List<JsonObject> datasets) {
        Set<String> ids = new HashSet<>();
        datasets.forEach(d -> ids.add(d.getString("id")));
        return ids;
    }

    private List<JsonObject> newDatasets(Set<String> before) {
        return http.list().stream().filter(d -> !before.contains(d.getString("id"))).toList();
    }

    private static Map<String, Long> newFiles(Map<String, Long> before) {
        Map<String, Long> now = StorageDir.files();
        now.keySet().removeAll(before.keySet());
        return now;
    }

    // ---- visibility during a long upload ------------------------------------------------------

    /**
     * While an upload is still running (the test holds its end back), the dataset is listed as
     * ingesting with bytes received, and its first sealed chunk can already be paged.
     */
    @Test
    void aRunningUploadIsListedAndItsFirstChunkIsReadable() throws Exception {
        String name = unique("slow");
        long fastRows = 200_000;   // > 3 chunks of ~64K rows
        long tailRows = 10_000;
        CountDownLatch release = new CountDownLatch(1);
        AtomicLong rowsWritten = new AtomicLong();
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            Future<Reply> upload = writer.submit(() -> http.postStream("api/datasets?name=" + name, "text/csv",
                    out -> writeHeldBack(out, fastRows, tailRows, release, rowsWritten)));

            JsonObject listed = Poll.until(Duration.ofSeconds(60), "the upload is listed as ingesting with bytes",
                    () -> {
                        failIfDone(upload);
                        return http.findByName(name);
                    },
                    d -> d.isPresent() && "ingesting".equals(d.get().getString("status"))
                            && d.get().getJsonNumber("bytesReceived").longValue() > 0).orElseThrow();
            String id = listed.getString("id");
            http.remember(id);

            JsonObject firstPage = Poll.until(Duration.ofSeconds(60), "the first chunk is readable", () -> {
                failIfDone(upload);
                Reply reply = http.get("data/" + id + "?page=1&pageSize=10");
                assertTrue(reply.status() < 500, reply::describe);
                return reply.status() == 200 ? Optional.of(reply.object()) : Optional.<JsonObject>empty();
            }, p -> p.isPresent() && p.get().getJsonArray("rows").size() == 10).orElseThrow();
            assertRows("first page while ingesting", expectedSimpleRows(0, 10), firstPage);
            JsonObject during = http.summary(id);
            assertEquals("ingesting", during.getString("status"), "the upload is still held open");
            assertTrue(during.getJsonNumber("rowsParsed").longValue() >= 10, during::toString);
            assertFalse(upload.isDone(), "the upload ended early");

            release.countDown();
            Reply reply = upload.get(2, TimeUnit.MINUTES);
            JsonObject summary = http.created(reply);
            assertEquals(id, summary.getString("id"));
            assertEquals("ready", summary.getString("status"), summary::toString);
            long rows = rowsWritten.get();
            assertEquals(rows, summary.getJsonNumber("rowCount").longValue(), "rowCount");
            assertRows("first page after ingest", expectedSimpleRows(0, 10),
                    http.get("data/" + id + "?page=1&pageSize=10").expect(200));
            assertRows("last rows", expectedSimpleRows(rows - 3, rows),
                    http.get("data/" + id + "?offset=" + (rows - 3) + "&limit=3").expect(200));
        } finally {
            release.countDown();
            writer.shutdown();
            assertTrue(writer.awaitTermination(2, TimeUnit.MINUTES), "upload thread did not finish");
        }
    }

    /** Writes fast rows, then one row every 100 ms until released (at most 90 s), then a tail. */
    private static void writeHeldBack(OutputStream raw, long fastRows, long tailRows, CountDownLatch release,
                                      AtomicLong rowsWritten) throws IOException {
        OutputStream out = new java.io.BufferedOutputStream(raw, 64 * 1024);
        SimpleCsv.writeHeader(out);
        long next = 0;
        SimpleCsv.writeRows(out, next, fastRows);
        next = fastRows;
        out.flush();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        try {
            while (!release.await(100, TimeUnit.MILLISECONDS) && System.nanoTime() < deadline) {
                SimpleCsv.writeRows(out, next, next + 1);
                next++;
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        SimpleCsv.writeRows(out, next, next + tailRows);
        next += tailRows;
        out.flush();
        rowsWritten.set(next);
    }

    private static List<List<Object>> expectedSimpleRows(long from, long to) {
        List<List<Object>> rows = new ArrayList<>();
        for (long i = from; i < to; i++) {
            rows.add(SimpleCsv.expected(i));
        }
        return rows;
    }

    private static void failIfDone(Future<Reply> upload) {
        if (upload.isDone()) {
            try {
                fail("the upload ended while it was being held open: " + upload.get().describe());
            } catch (Exception e) {
                fail("the upload failed while it was being held open", e);
            }
        }
    }

    /** Objects in {@code array} without their null members (JSON null and absent mean the same). */
    private static List<JsonObject> withoutNulls(JsonArray array) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonObject object : array.getValuesAs(JsonObject.class)) {
            jakarta.json.JsonObjectBuilder copy = jakarta.json.Json.createObjectBuilder();
            object.forEach((k, v) -> {
                if (v.getValueType() != JsonValue.ValueType.NULL) {
                    copy.add(k, v);
                }
            });
            out.add(copy.build());
        }
        return out;
    }

    /** A member that has no value: JSON null, or left out. */
    private static void assertNullOrAbsent(JsonObject object, String member) {
        assertTrue(!object.containsKey(member) || object.isNull(member),
                () -> member + " should be null in " + object);
    }

    private static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return Instant.parse(text);
        }
    }

}
