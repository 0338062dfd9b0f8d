package org.dataexplorer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

class ColumnChunkTest {

    static void appendString(ColumnChunk.Builder b, String s) {
        byte[] utf8 = ("xx" + s + "yy").getBytes(StandardCharsets.UTF_8);
        b.appendString(utf8, 2, utf8.length - 4); // a slice of a larger buffer, as the parser passes them
    }

    @Test
    void integersWithNullsAcrossWordBoundaries() {
        ColumnChunk.Builder b = ColumnChunk.builder(ColumnType.INTEGER, 4);
        for (int i = 0; i < 200; i++) {
            if (i % 7 == 0) {
                b.appendNull();
            } else {
                b.appendLong(i * 1_000_000_007L);
            }
        }
        ColumnChunk c = b.build();
        assertEquals(200, c.size());
        assertEquals(29, c.nullCount());
        for (int i = 0; i < 200; i++) {
            assertEquals(i % 7 == 0, c.isNull(i), "row " + i);
            if (i % 7 != 0) {
                assertEquals(i * 1_000_000_007L, c.getLong(i));
                assertEquals((double) (i * 1_000_000_007L), c.getDouble(i));
            }
        }
        ChunkColumnInfo info = c.info(null);
        assertTrue(info.hasMinMax());
        assertEquals(1_000_000_007L, info.minLong());
        assertEquals(199 * 1_000_000_007L, info.maxLong());
        assertEquals(29, info.nullCount());
        assertThrows(IllegalStateException.class, () -> c.getBoolean(1));
        assertThrows(IndexOutOfBoundsException.class, () -> c.getLong(200));
    }

    @Test
    void noNullsMeansNoBitmap() {
        ColumnChunk.Builder b = ColumnChunk.builder(ColumnType.DATE, 10);
        b.appendLong(-5);
        b.appendLong(19_000);
        ColumnChunk c = b.build();
        assertEquals(0, c.nullCount());
        assertFalse(c.isNull(0));
        ChunkColumnInfo info = c.info("yyyy-MM-dd");
        assertEquals("yyyy-MM-dd", info.format());
        assertEquals(-5, info.minLong());
        assertEquals(19_000, info.maxLong());
    }

    @Test
    void floatsIgnoreNanInMinMax() {
        ColumnChunk.Builder b = ColumnChunk.builder(ColumnType.FLOAT, 4);
        b.appendDouble(2.5);
        b.appendDouble(Double.NaN);
        b.appendNull();
        b.appendDouble(-1e300);
        ColumnChunk c = b.build();
        assertTrue(Double.isNaN(c.getDouble(1)));
        assertTrue(c.isNull(2));
        ChunkColumnInfo info = c.info(null);
        assertEquals(-1e300, info.minDouble());
        assertEquals(2.5, info.maxDouble());
        assertEquals(1, info.nullCount());
        assertThrows(IllegalStateException.class, () -> c.getLong(0));
    }

    @Test
    void allNullHasNoMinMax() {
        ColumnChunk.Builder b = ColumnChunk.builder(ColumnType.TIMESTAMP, 4);
        b.appendNull();
        b.appendNull();
        ChunkColumnInfo info = b.build().info(null);
        assertFalse(info.hasMinMax());
        assertEquals(2, info.nullCount());
    }

    @Test
    void booleans() {
        ColumnChunk.Builder b = ColumnChunk.builder(ColumnType.BOOLEAN, 1);
        Random random = new Random(42);
        boolean[] expected = new boolean[300];
        for (int i = 0; i < 300; i++) {
            expected[i] = random.nextBoolean();
            if (i == 100) {
                b.appendNull();
            } else {
                b.appendBoolean(expected[i]);
            }
        }
        ColumnChunk c = b.build();
        for (int i = 0; i < 300; i++) {
            if (i != 100) {
                assertEquals(expected[i], c.getBoolean(i), "row " + i);
            }
        }
        assertTrue(c.isNull(100));
        assertFalse(c.getBoolean(100));
        ChunkColumnInfo info = c.info(null);
        assertEquals(0, info.minLong());
        assertEquals(1, info.maxLong());
    }

    @Test
    void lowCardinalityStringsAreDictionaryEncoded() {
        ColumnChunk.Builder b = ColumnChunk.builder(ColumnType.STRING, 8);
        String[] values = {"rouge", "vert", "bleu", "", "日本"};
        for (int i = 0; i < 100; i++) {
            if (i % 10 == 3) {
                b.appendNull();
            } else {
                appendString(b, values[i % values.length]);
            }
        }
        ColumnChunk c = b.build();
        assertTrue(c.isDictionary());
        assertEquals(5, c.dictionarySize());
        for (int i = 0; i < 100; i++) {
            if (i % 10 == 3) {
                assertNull(c.getString(i));
                assertEquals(-1, c.code(i));
            } else {
                assertEquals(values[i % values.length], c.getString(i));
                assertEquals(values[i % values.length], c.dictionaryValue(c.code(i)));
            }
        }
        assertEquals(c.code(0), c.code(5));
        ChunkColumnInfo info = c.info(null);
        assertEquals("", info.minString());
        assertEquals("日本", info.maxString());
        assertEquals(10, info.nullCount());
    }

    @Test
    void dictionaryBoundsComeFromTheEntriesRowsUse() {
        java.util.Random random = new java.util.Random(4);
        String[] words = {"b", "ab", "é", "", "zz", "a".repeat(80), "Zeta"};
        for (int trial = 0; trial < 200; trial++) {
            ColumnChunk.Builder dictionary = ColumnChunk.builder(ColumnType.STRING, 64);
            for (int i = 0; i < 64; i++) {
                if (random.nextInt(4) == 0) {
                    dictionary.appendNull();
                    continue;
                }
                String w = words[random.nextInt(1 + random.nextInt(words.length))];
                appendString(dictionary, w);
            }
            ColumnChunk d = dictionary.build();
            assertTrue(d.isDictionary());
            // The same values as a plain chunk, whose bounds are compared row by row.
            ChunkColumnInfo expected = ColumnChunk.ofStrings(d.size(), utf8Of(d), offsetsOf(d), nullsOf(d)).info(null);
            assertEquals(expected, d.info(null));
        }
        // An entry no row uses (possible in a file) is not a bound.
        byte[] dict = "azm".getBytes(StandardCharsets.UTF_8);
        ColumnChunk unused = ColumnChunk.ofDictionary(2, new int[] {2, 2}, dict, new int[] {0, 1, 2, 3}, null);
        assertEquals("m", unused.info(null).minString());
        assertEquals("m", unused.info(null).maxString());
    }

    private static byte[] utf8Of(ColumnChunk c) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int r = 0; r < c.size(); r++) {
            byte[] v = new byte[c.utf8Length(r)];
            c.copyUtf8(r, v, 0);
            out.writeBytes(v);
        }
        return out.toByteArray();
    }

    private static int[] offsetsOf(ColumnChunk c) {
        int[] offsets = new int[c.size() + 1];
        for (int r = 0; r < c.size(); r++) {
            offsets[r + 1] = offsets[r] + c.utf8Length(r);
        }
        return offsets;
    }

    private static long[] nullsOf(ColumnChunk c) {
        long[] nulls = new long[ColumnChunk.wordCount(c.size())];
        for (int r = 0; r < c.size(); r++) {
            if (c.isNull(r)) {
                nulls[r >>> 6] |= 1L << r;
            }
        }
        return nulls;
    }

    @Test
    void highCardinalityStringsStayPlain() {
        ColumnChunk.Builder b = ColumnChunk.builder(ColumnType.STRING, 8);
        for (int i = 0; i < 100; i++) {
            appendString(b, "value-" + i);
        }
        b.appendNull();
        ColumnChunk c = b.build();
        assertFalse(c.isDictionary());
        assertEquals(0, c.dictionarySize());
        assertEquals("value-42", c.getString(42));
        assertNull(c.getString(100));
        assertEquals("value-0", c.info(null).minString());
        assertEquals("value-99", c.info(null).maxString());
        assertThrows(IllegalStateException.class, () -> c.code(0));
    }

    @Test
    void compareStringsUsesUtf8ByteOrder() {
        ColumnChunk.Builder b = ColumnChunk.builder(ColumnType.STRING, 4);
        appendString(b, "Z");
        appendString(b, "a");
        appendString(b, "é"); // U+00E9 sorts after ASCII in UTF-8 byte order
        b.appendNull();
        ColumnChunk c = b.build();
        assertTrue(c.compareStrings(0, 1) < 0);
        assertTrue(c.compareStrings(1, 2) < 0);
        assertTrue(c.compareStrings(3, 0) < 0);
        assertEquals(0, c.compareStrings(2, 2));
        byte[] dst = new byte[4];
        assertEquals(2, c.copyUtf8(2, dst, 1));
        assertEquals("é", new String(dst, 1, 2, StandardCharsets.UTF_8));
    }

    @Test
    void longStringStatsAreBoundsCutTo64CodePoints() {
        ColumnChunk.Builder b = ColumnChunk.builder(ColumnType.STRING, 2);
        appendString(b, "a".repeat(100));
        appendString(b, "b".repeat(100));
        ChunkColumnInfo info = b.build().info(null);
        assertEquals("a".repeat(64), info.minString());
        assertEquals("b".repeat(63) + "c", info.maxString());
        assertTrue(info.maxString().compareTo("b".repeat(100)) > 0);
    }

    @Test
    void widenIntegerToFloatAndDateToTimestamp() {
        ColumnChunk.Builder ints = ColumnChunk.builder(ColumnType.INTEGER, 3);
        ints.appendLong(3);
        ints.appendNull();
        ints.appendLong(-7);
        ColumnChunk floats = ints.build().widenTo(ColumnType.FLOAT);
        assertEquals(ColumnType.FLOAT, floats.type());
        assertEquals(3.0, floats.getDouble(0));
        assertTrue(floats.isNull(1));
        assertEquals(-7.0, floats.getDouble(2));
        assertEquals(-7.0, floats.info(null).minDouble());

        ColumnChunk.Builder dates = ColumnChunk.builder(ColumnType.DATE, 2);
        dates.appendLong(1);
        dates.appendNull();
        ColumnChunk ts = dates.build().widenTo(ColumnType.TIMESTAMP);
        assertEquals(ColumnType.TIMESTAMP, ts.type());
        assertEquals(86_400_000_000L, ts.getLong(0));
        assertTrue(ts.isNull(1));

        assertSame(ts, ts.widenTo(ColumnType.TIMESTAMP));
        assertThrows(IllegalArgumentException.class, () -> ts.widenTo(ColumnType.DATE));
        assertThrows(IllegalArgumentException.class, () -> floats.widenTo(ColumnType.STRING));
    }

    @Test
    void estimatedBytesGrowsWithContent() {
        ColumnChunk.Builder small = ColumnChunk.builder(ColumnType.INTEGER, 1);
        small.appendLong(1);
        ColumnChunk.Builder big = ColumnChunk.builder(ColumnType.INTEGER, 1);
        for (int i = 0; i < 10_000; i++) {
            big.appendLong(i);
        }
        assertTrue(big.build().estimatedBytes() >= 80_000);
        assertTrue(small.build().estimatedBytes() < 1_000);
    }

    @Test
    void builderRejectsWrongTypes() {
        ColumnChunk.Builder b = ColumnChunk.builder(ColumnType.FLOAT, 1);
        assertThrows(IllegalStateException.class, () -> b.appendLong(1));
        assertThrows(IllegalStateException.class, () -> b.appendString(new byte[1], 0, 1));
        assertThrows(IllegalArgumentException.class,
                () -> ColumnChunk.ofDictionary(1, new int[] {5}, new byte[0], new int[] {0}, null));
    }

    @Test
    void textInASharedBufferEncodesAsTheBuilderWouldWithOrWithoutADictionary() {
        Random random = new Random(77);
        for (int distinctValues : new int[] {1, 7, 300, 5000}) {
            int size = 1000 + random.nextInt(200);
            byte[] buffer = new byte[size * 40];
            int[] starts = new int[size];
            int[] ends = new int[size];
            long[] nulls = new long[(size + 63) / 64 + 1];
            ColumnChunk.Builder builder = ColumnChunk.builder(ColumnType.STRING, size);
            int at = 3;
            for (int r = 0; r < size; r++) {
                if (random.nextInt(10) == 0) {
                    nulls[r >>> 6] |= 1L << r;
                    builder.appendNull();
                    continue;
                }
                int v = random.nextInt(distinctValues);
                byte[] value = (v % 5 == 0 ? "" : "value \u00e9 " + v + "x".repeat(v % 13))
                        .getBytes(StandardCharsets.UTF_8);
                System.arraycopy(value, 0, buffer, at, value.length);
                starts[r] = at;
                ends[r] = at + value.length;
                at += value.length + random.nextInt(3); // values need not be next to each other
                builder.appendString(value, 0, value.length);
            }
            ColumnChunk expected = builder.build();
            ColumnChunk text = ColumnChunk.ofText(size, buffer, starts, ends, nulls);
            assertEquals(expected.isDictionary(), text.isDictionary(), distinctValues + " distinct");
            assertEquals(distinctValues <= 300, text.isDictionary());
            for (int r = 0; r < size; r++) {
                assertEquals(expected.isNull(r), text.isNull(r));
                assertEquals(expected.getString(r), text.getString(r), "row " + r);
                if (text.isDictionary() && !text.isNull(r)) {
                    assertEquals(expected.code(r), text.code(r));
                }
            }
        }
    }
}
