package org.dataexplorer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.Test;

/**
 * Runs in the failsafe JVM with {@code -Xmx128m}, where the server is embedded too: a CSV of more
 * than 200 MB, generated while it is sent, must be ingested completely and read back correctly.
 */
class LargeUploadSmallHeapIT extends WithDeployedService {

    private static final long MIN_BYTES = 200L * 1024 * 1024;
    private static final int PAGE_SIZE = 1000;


    @Test
    void ingestsAGeneratedCsvLargerThanTheHeap() {
        long maxHeap = Runtime.getRuntime().maxMemory();
        assertTrue(maxHeap < MIN_BYTES, () -> "this test must run with a heap smaller than the file, max heap is "
                + maxHeap / (1024 * 1024) + " MB");

        LargeCsv csv = new LargeCsv(MIN_BYTES);
        long start = System.nanoTime();
        Reply reply = http.postStream("api/datasets?name=large-" + UUID.randomUUID(), csv, "text/csv");
        JsonObject summary = http.created(reply);
        String id = summary.getString("id");
        if ("ingesting".equals(summary.getString("status"))) {
            summary = http.awaitSettled(id, Duration.ofMinutes(5));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double mb = csv.bytes() / (1024.0 * 1024.0);
        System.out.printf("LargeUploadSmallHeapIT: %,d rows, %.1f MB uploaded and ingested in %.1f s = %.1f MB/s"
                + " (max heap %d MB)%n", csv.rows(), mb, seconds, mb / seconds, maxHeap / (1024 * 1024));

        assertTrue(csv.bytes() >= MIN_BYTES, "the generator stopped early");
        JsonObject ready = summary;
        assertEquals("ready", ready.getString("status"), ready::toString);
        long rows = csv.rows();
        assertEquals(rows, ready.getJsonNumber("rowCount").longValue(), "rowCount");
        assertEquals(csv.bytes(), ready.getJsonNumber("bytesReceived").longValue(), "bytesReceived");
        assertEquals(0, ready.getJsonNumber("rejectCount").longValue(), "rejectCount");
        assertSchema(ready.getJsonArray("columns"));

        long totalPages = (rows + PAGE_SIZE - 1) / PAGE_SIZE;
        for (long page : List.of(1L, 2L, totalPages / 2, totalPages - 1, totalPages)) {
            JsonObject body = http.get("data/" + id + "?page=" + page + "&pageSize=" + PAGE_SIZE).expect(200);
            assertEquals(rows, body.getJsonNumber("count").longValue(), "count");
            assertEquals(totalPages, body.getJsonNumber("totalPages").longValue(), "totalPages");
            long first = (page - 1) * PAGE_SIZE;
            assertPage("page " + page, first, Math.min(rows, first + PAGE_SIZE), body);
        }
        long offset = rows / 3 + 7;
        assertPage("offset " + offset, offset, offset + 500,
                http.get("api/datasets/" + id + "/rows?offset=" + offset + "&limit=500").expect(200));

        assertStats(http.get("stats/" + id).expect(200), rows);
    }

    private static void assertSchema(JsonArray columns) {
        String[][] expected = {{"id", "integer", "false"}, {"qty", "integer", "true"}, {"price", "float", "false"},
            {"day", "date", "false"}, {"ts", "timestamp", "false"}, {"category", "string", "false"},
            {"comment", "string", "true"}};
        assertEquals(expected.length, columns.size(), columns::toString);
        for (int i = 0; i < expected.length; i++) {
            JsonObject column = columns.getJsonObject(i);
            assertEquals(expected[i][0], column.getString("name"), column::toString);
            assertEquals(expected[i][1], column.getString("type"), column::toString);
            assertEquals(Boolean.parseBoolean(expected[i][2]), column.getBoolean("nullable"), column::toString);
        }
    }

    private static void assertPage(String context, long from, long to, JsonObject page) {
        JsonArray rows = page.getJsonArray("rows");
        assertEquals(to - from, rows.size(), () -> context + ": rows on the page");
        for (long i = from; i < to; i++) {
            assertRow(context + ", row " + i, LargeCsv.expected(i), rows.getJsonArray((int) (i - from)));
        }
    }

    private static void assertRow(String context, LargeCsv.Row expected, JsonArray actual) {
        assertEquals(LargeCsv.COLUMNS.length, actual.size(), () -> context + ": " + actual);
        Cells.assertCell(context + " id", expected.id(), actual.get(0));
        Cells.assertCell(context + " qty", expected.qty(), actual.get(1));
        BigDecimal price = actual.getJsonNumber(2).bigDecimalValue();
        assertTrue(price.subtract(expected.price()).abs().compareTo(new BigDecimal("0.000001")) < 0,
                () -> context + " price: expected " + expected.price() + ", got " + actual.get(2));
        Cells.assertCell(context + " day", expected.day().toString(), actual.get(3));
        assertEquals(expected.ts(), timestamp(actual.get(4)), () -> context + " ts: " + actual.get(4));
        Cells.assertCell(context + " category", expected.category(), actual.get(5));
        Cells.assertCell(context + " comment", expected.comment(), actual.get(6));
    }

    /** An ISO timestamp, with or without fractions or an offset (then as UTC). */
    private static LocalDateTime timestamp(JsonValue value) {
        String text = ((JsonString) value).getString();
        try {
            return LocalDateTime.parse(text);
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(text).withOffsetSameInstant(java.time.ZoneOffset.UTC).toLocalDateTime();
        }
    }

    private static void assertStats(JsonObject stats, long rows) {
        long qtyNulls = 0;
        long qtyMin = Long.MAX_VALUE;
        long qtyMax = Long.MIN_VALUE;
        long commentNulls = 0;
        for (long i = 0; i < rows; i++) {
            LargeCsv.Row row = LargeCsv.expected(i);
            if (row.qty() == null) {
                qtyNulls++;
            } else {
                qtyMin = Math.min(qtyMin, row.qty());
                qtyMax = Math.max(qtyMax, row.qty());
            }
            if (row.comment() == null) {
                commentNulls++;
            }
        }
        assertEquals(rows, stats.getJsonNumber("rowCount").longValue(), stats::toString);
        JsonArray columns = stats.getJsonArray("columns");
        JsonObject id = columns.getJsonObject(0);
        assertEquals(0, id.getJsonNumber("nullCount").longValue(), id::toString);
        Cells.assertCell("id min", 1, id.get("min"));
        Cells.assertCell("id max", rows, id.get("max"));
        JsonObject qty = columns.getJsonObject(1);
        assertEquals(qtyNulls, qty.getJsonNumber("nullCount").longValue(), qty::toString);
        long qtyCount = qty.getJsonNumber("count").longValue();
        long nonNull = rows - qtyNulls;
        assertTrue(qtyCount == nonNull || qtyCount == rows, qty::toString);
        Cells.assertCell("qty min", qtyMin, qty.get("min"));
        Cells.assertCell("qty max", qtyMax, qty.get("max"));
        JsonObject comment = columns.getJsonObject(6);
        assertEquals(commentNulls, comment.getJsonNumber("nullCount").longValue(), comment::toString);
    }
}
