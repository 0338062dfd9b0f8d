package org.dataexplorer.ingest.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ValueParsersTest {

    private static long parseLong(String s) {
        byte[] b = ("xx" + s + "yy").getBytes(StandardCharsets.UTF_8);
        return ValueParsers.parseLong(b, 2, b.length - 4);
    }

    private static double parseDouble(String s) {
        byte[] b = ("xx" + s + "yy").getBytes(StandardCharsets.UTF_8);
        return ValueParsers.parseDouble(b, 2, b.length - 4);
    }

    private static boolean parseBoolean(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return ValueParsers.parseBoolean(b, 0, b.length);
    }

    @Test
    void parsesLongsIncludingExtremes() {
        assertEquals(0, parseLong("0"));
        assertEquals(-42, parseLong("-42"));
        assertEquals(42, parseLong(" 42 "));
        assertEquals(Long.MAX_VALUE, parseLong("9223372036854775807"));
        assertEquals(Long.MIN_VALUE, parseLong("-9223372036854775808"));
    }

    @Test
    void rejectsBadOrOverflowingLongs() {
        assertThrows(NumberFormatException.class, () -> parseLong("9223372036854775808"));
        assertThrows(NumberFormatException.class, () -> parseLong("-9223372036854775809"));
        assertThrows(NumberFormatException.class, () -> parseLong("12a"));
        assertThrows(NumberFormatException.class, () -> parseLong("-"));
        assertThrows(NumberFormatException.class, () -> parseLong(""));
        assertThrows(NumberFormatException.class, () -> parseLong("1.5"));
    }

    @Test
    void longRoundTripsForRandomValues() {
        Random random = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            long v = random.nextLong() >> random.nextInt(64);
            assertEquals(v, parseLong(Long.toString(v)));
        }
    }

    @Test
    void parsesDoubles() {
        assertEquals(1.5, parseDouble("1.5"));
        assertEquals(-0.5, parseDouble("-.5"));
        assertEquals(0.001, parseDouble("1e-3"));
        assertEquals(1.5e300, parseDouble("1.5E300"));
        assertEquals(0.1, parseDouble("0.1"));
        assertEquals(123456789012345678.0, parseDouble("123456789012345678"));
        assertEquals(3.0, parseDouble("3."));
        assertEquals(-0.0, parseDouble("-0.0"));
    }

    @Test
    void doubleFastPathMatchesJdkForRandomValues() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            String text = switch (i % 4) {
                case 0 -> Double.toString(random.nextDouble() * 1000);
                case 1 -> String.format(java.util.Locale.ROOT, "%.3f", random.nextGaussian() * 1e6);
                case 2 -> Long.toString(random.nextLong() % 100_000_000_000L) + "." + random.nextInt(1000);
                default -> Double.toString(Double.longBitsToDouble(random.nextLong() & 0x7FEF_FFFF_FFFF_FFFFL));
            };
            assertEquals(Double.parseDouble(text), parseDouble(text), text);
        }
    }

    @Test
    void rejectsBadDoubles() {
        assertThrows(NumberFormatException.class, () -> parseDouble("abc"));
        assertThrows(NumberFormatException.class, () -> parseDouble("1e"));
        assertThrows(NumberFormatException.class, () -> parseDouble("NaN"));
        assertThrows(NumberFormatException.class, () -> parseDouble("1.5d"));
        assertThrows(NumberFormatException.class, () -> parseDouble("."));
    }

    @Test
    void parsesBooleans() {
        assertTrue(parseBoolean("true"));
        assertTrue(parseBoolean("YES"));
        assertFalse(parseBoolean("False"));
        assertFalse(parseBoolean("no"));
        assertThrows(IllegalArgumentException.class, () -> parseBoolean("maybe"));
        assertThrows(IllegalArgumentException.class, () -> parseBoolean("1"));
    }
}
