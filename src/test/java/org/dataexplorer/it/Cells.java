package org.dataexplorer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Compares typed JSON cells with expected Java values: {@code null} is JSON null, a {@link Number}
 * a JSON number of the same value (scale ignored: 10 equals 10.0), a {@link Boolean} true/false,
 * a {@link String} a JSON string.
 */
final class Cells {

    private Cells() {
    }

    static List<Object> row(Object... cells) {
        return Arrays.asList(cells);
    }

    static void assertRows(String context, List<List<Object>> expected, JsonObject page) {
        JsonArray rows = page.getJsonArray("rows");
        assertEquals(expected.size(), rows.size(), () -> context + ": row count of " + page);
        for (int r = 0; r < expected.size(); r++) {
            assertRow(context + ", row " + r + " of " + page, expected.get(r), rows.getJsonArray(r));
        }
    }

    static void assertRow(String context, List<Object> expected, JsonArray actual) {
        assertEquals(expected.size(), actual.size(), () -> context + ": cells in " + actual);
        for (int c = 0; c < expected.size(); c++) {
            assertCell(context + ", cell " + c, expected.get(c), actual.get(c));
        }
    }

    static void assertCell(String context, Object expected, JsonValue actual) {
        if (expected == null) {
            assertEquals(JsonValue.ValueType.NULL, actual.getValueType(), () -> context + ": expected null, got " + actual);
        } else if (expected instanceof Number number) {
            assertEquals(JsonValue.ValueType.NUMBER, actual.getValueType(),
                    () -> context + ": expected the number " + expected + ", got " + actual);
            BigDecimal want = new BigDecimal(number.toString());
            BigDecimal got = ((JsonNumber) actual).bigDecimalValue();
            assertTrue(want.compareTo(got) == 0, () -> context + ": expected " + want + ", got " + got);
        } else if (expected instanceof Boolean flag) {
            assertEquals(flag ? JsonValue.TRUE : JsonValue.FALSE, actual, () -> context + ": expected " + flag);
        } else if (expected instanceof String text) {
            assertEquals(JsonValue.ValueType.STRING, actual.getValueType(),
                    () -> context + ": expected the string \"" + text + "\", got " + actual);
            assertEquals(text, ((JsonString) actual).getString(), () -> context);
        } else {
            fail("unsupported expected value " + expected);
        }
    }
}
