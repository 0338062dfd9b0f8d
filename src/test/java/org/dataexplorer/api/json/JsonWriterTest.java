package org.dataexplorer.api.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbProperty;

import org.junit.jupiter.api.Test;

class JsonWriterTest {

    record Page(long count, @JsonbProperty("next_page") String next, List<String> columns, List<Object[]> rows,
                Kind kind) {
    }

    enum Kind { ROWS }

    @Test
    void recordsKeepTheirOrderAndNamesAndValuesTheirTypes() {
        Page page = new Page(2, null, List.of("a", "b"),
                List.of(new Object[] {1L, 2.5}, new Object[] {null, Double.NaN}), Kind.ROWS);
        assertEquals("{\"count\":2,\"next_page\":null,\"columns\":[\"a\",\"b\"],\"rows\":[[1,2.5],[null,null]],"
                + "\"kind\":\"rows\"}", JsonWriter.toJson(page));
        assertEquals("[-9223372036854775808,9223372036854775807,0,-7,1.0E-5,1.0E22,-0.0,12345678901234567890,1.50]",
                JsonWriter.toJson(List.of(Long.MIN_VALUE, Long.MAX_VALUE, 0, -7, 1e-5, 1e22, -0.0,
                        new BigInteger("12345678901234567890"), new BigDecimal("1.50"))));
    }

    @Test
    void eachOutputStartsAfreshThoughTheThreadReusesItsBuffers() {
        assertEquals("[[[1]],2]", JsonWriter.toJson(List.of(List.of(List.of(1)), 2)));
        assertEquals("3", JsonWriter.toJson(3));
        assertEquals("[\"x\"]", JsonWriter.toJson(List.of("x")));
    }

    @Test
    void stringsAreEscapedAsRfc8259AsksAndSurviveARoundTrip() {
        assertEquals("[\"\\\"\\\\\\n\\r\\t\\b\\f\\u0000\\u001f/\",\"\u00e9\u4e2d\uD83D\uDE00\",\"\\ud800x\"]",
                JsonWriter.toJson(List.of("\"\\\n\r\t\b\f\u0000\u001f/", "\u00e9\u4e2d\uD83D\uDE00", "\uD800x")));
        Random random = new Random(11);
        for (int round = 0; round < 300; round++) {
            Object value = randomValue(random, 0);
            String json = JsonWriter.toJson(value);
            JsonValue parsed = Json.createReader(new StringReader(json)).readValue();
            assertEquals(normalise(value), normalise(parsed), json);
        }
    }

    @Test
    void integersAreWrittenAsLongToStringWritesThem() {
        java.util.Random random = new java.util.Random(3);
        List<Long> values = new java.util.ArrayList<>(List.of(0L, 1L, -1L, 9L, 10L, 99L, 100L, 101L,
                Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, 999_999_999_999_999_999L, 1_000_000_000_000_000_000L));
        for (long p = 1; p > 0 && p < Long.MAX_VALUE / 10; p *= 10) {
            values.addAll(List.of(p, p - 1, p + 1, -p, 10 * p - 1));
        }
        for (int i = 0; i < 20_000; i++) {
            values.add(random.nextLong() >> random.nextInt(64));
        }
        StringBuilder expected = new StringBuilder("[");
        for (long v : values) {
            expected.append(expected.length() > 1 ? "," : "").append(v);
        }
        assertEquals(expected.append(']').toString(), JsonWriter.toJson(values));
    }

    @Test
    void doublesParseBackToThemselvesInDoubleToStringsForm() {
        assertEquals("[0.5,-12.25,3.0,1.0E7,0.001,9.99,0.1,100.1,1.0E-4,0.30000000000000004]",
                JsonWriter.toJson(List.of(0.5, -12.25, 3.0, 1e7, 0.001, 9.99, 0.1, 100.1, 1e-4, 0.1 + 0.2)));
        Random random = new Random(5);
        for (int i = 0; i < 200_000; i++) {
            double v = switch (i % 4) {
                case 0 -> random.nextInt(2_000_000_000) / 100.0 - 1e7;
                case 1 -> random.nextInt(100_000) / 10.0;
                case 2 -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(30) - 10);
                default -> Double.longBitsToDouble(random.nextLong());
            };
            String json = JsonWriter.toJson(List.of(v));
            String text = json.substring(1, json.length() - 1);
            if (!Double.isFinite(v)) {
                assertEquals("null", text);
                continue;
            }
            assertEquals(v, Double.parseDouble(text), text);
            String reference = Double.toString(v);
            assertEquals(reference.contains("E"), text.contains("E"), text + " vs " + reference);
            assertTrue(text.length() <= reference.length(), text + " is longer than " + reference);
        }
    }

    @Test
    void longStringsAndDeepNestingCrossTheBufferBoundaries() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            b.append(i % 7 == 0 ? '\u4e2d' : i % 11 == 0 ? '\n' : (char) ('a' + i % 26));
        }
        Object nested = List.of(b.toString());
        for (int i = 0; i < 200; i++) {
            nested = List.of(nested, Map.of("k", i));
        }
        String json = JsonWriter.toJson(nested);
        assertEquals(normalise(nested), normalise(Json.createReader(new StringReader(json)).readValue()));
    }

    private static Object randomValue(Random random, int depth) {
        int kind = random.nextInt(depth > 3 ? 5 : 7);
        return switch (kind) {
            case 0 -> null;
            case 1 -> random.nextLong() >> random.nextInt(64);
            case 2 -> random.nextBoolean() ? random.nextDouble() * Math.pow(10, random.nextInt(40) - 20) : (double) random.nextInt(1000);
            case 3 -> random.nextBoolean();
            case 4 -> randomString(random);
            case 5 -> {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(5); i > 0; i--) {
                    list.add(randomValue(random, depth + 1));
                }
                yield list;
            }
            default -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = random.nextInt(5); i > 0; i--) {
                    map.put(randomString(random), randomValue(random, depth + 1));
                }
                yield map;
            }
        };
    }

    private static String randomString(Random random) {
        StringBuilder b = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            int pick = random.nextInt(10);
            if (pick < 4) {
                b.append((char) (0x20 + random.nextInt(0x5f)));
            } else if (pick < 6) {
                b.append((char) random.nextInt(0x20));
            } else if (pick < 8) {
                b.append((char) (0x80 + random.nextInt(0xD800 - 0x80)));
            } else {
                b.appendCodePoint(0x10000 + random.nextInt(0x10FFFF - 0x10000));
            }
        }
        return b.toString();
    }

    /** Plain Java values of either side, for comparison: numbers as BigDecimal, objects as maps. */
    private static Object normalise(Object v) {
        if (v instanceof JsonValue j) {
            return switch (j.getValueType()) {
                case NULL -> null;
                case TRUE -> true;
                case FALSE -> false;
                case STRING -> ((JsonString) j).getString();
                case NUMBER -> ((JsonNumber) j).bigDecimalValue().stripTrailingZeros();
                case ARRAY -> ((JsonArray) j).stream().map(JsonWriterTest::normalise).toList();
                case OBJECT -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    ((JsonObject) j).forEach((k, x) -> m.put(k, normalise(x)));
                    yield m;
                }
            };
        }
        if (v instanceof Number n) {
            return new BigDecimal(n.toString()).stripTrailingZeros();
        }
        if (v instanceof List<?> list) {
            return list.stream().map(JsonWriterTest::normalise).toList();
        }
        if (v instanceof Object[] array) {
            return Arrays.stream(array).map(JsonWriterTest::normalise).toList();
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> m = new LinkedHashMap<>();
            map.forEach((k, x) -> m.put((String) k, normalise(x)));
            return m;
        }
        return v;
    }
}
