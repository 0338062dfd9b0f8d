package org.dataexplorer.store.format;

import static org.dataexplorer.store.format.ChunkFileTest.assertSameValues;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongSupplier;

import org.dataexplorer.store.ColumnChunk;
import org.dataexplorer.store.ColumnType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackedEncodingTest {

    private static final int ROWS = 5_000;

    @TempDir
    Path dir;

    @Test
    void aVersionOneFileStillReadsAsWritten() throws IOException {
        // Written by the version-1 writer (every numeric section PLAIN) from ChunkFileTest.sampleColumns(7, 1000).
        Path file = dir.resolve("00000000.chunk");
        try (InputStream in = getClass().getResourceAsStream("/format/sample-v1.chunk")) {
            Files.copy(in, file);
        }
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(1, ByteBuffer.wrap(bytes, 8, 4).getInt(), "the resource is a version-1 file");
        ChunkFileReader.verify(file, 0x29da2ffaL);
        List<ColumnChunk> expected = ChunkFileTest.sampleColumns(7, 1_000);
        for (int c = 0; c < expected.size(); c++) {
            assertSameValues(expected.get(c), ChunkFileReader.readColumn(file, c));
        }
    }

    @Test
    void narrowNumbersArePackedAndReadBackExactly() throws IOException {
        Random random = new Random(1);
        List<ColumnChunk> columns = List.of(
                longs(ColumnType.INTEGER, random, 0.1, () -> 1_000_000 + random.nextInt(50_000)),
                longs(ColumnType.INTEGER, random, 0, () -> random.nextInt(7) - 3),
                longs(ColumnType.INTEGER, random, 0.3, () -> 42),
                longs(ColumnType.DATE, random, 0.05, () -> random.nextInt(20_000) - 10_000),
                longs(ColumnType.TIMESTAMP, random, 0.02, () -> (1_600_000_000L + random.nextInt(31_000_000)) * 1_000_000L),
                longs(ColumnType.TIMESTAMP, random, 0.02, () -> -(random.nextInt(1 << 30) * 1_000L)),
                longs(ColumnType.TIMESTAMP, random, 0, () -> random.nextLong() >>> 20),
                longs(ColumnType.INTEGER, random, 0, () -> random.nextBoolean() ? 0 : Long.MAX_VALUE),
                longs(ColumnType.TIMESTAMP, random, 0, () -> (random.nextBoolean() ? -9_000_000_000_000L
                        : 9_000_000_000_000L + random.nextInt(1_000)) * 1_000_000L),
                doubles(random, 0.2, () -> random.nextInt(100_000) / 100.0),
                doubles(random, 0, () -> -random.nextInt(1_000)),
                doubles(random, 0.5, () -> random.nextInt(1 << 20) / 1e9));
        byte[] expectedEncodings = {ChunkFormat.PACKED, ChunkFormat.PACKED, ChunkFormat.PACKED, ChunkFormat.PACKED,
            ChunkFormat.PACKED, ChunkFormat.PACKED, ChunkFormat.PACKED, ChunkFormat.PACKED, ChunkFormat.PACKED,
            ChunkFormat.DECIMAL,
            ChunkFormat.DECIMAL, ChunkFormat.DECIMAL};
        int[] expectedWidths = {16, 3, 0, 15, 25, 30, 44, 63, 45, 17, 10, 20};
        Path file = dir.resolve("packed.chunk");
        long crc = ChunkFileWriter.write(file, columns);
        ChunkFileReader.verify(file, crc);
        assertEquals(2, ByteBuffer.wrap(Files.readAllBytes(file), 8, 4).getInt());
        for (int c = 0; c < columns.size(); c++) {
            byte[] section = ChunkFileReader.readColumnBytes(file, c);
            assertEquals(expectedEncodings[c], section[1], "encoding of column " + c);
            assertEquals(expectedWidths[c], width(section, columns.get(c)), "bits per value of column " + c);
            assertSameValues(columns.get(c), ChunkFileReader.readColumn(file, c));
            ColumnChunk read = ChunkFileReader.readColumn(file, c);
            for (int row = 0; row < ROWS; row++) {
                if (read.isNull(row)) {
                    assertEquals(0.0, read.type() == ColumnType.FLOAT ? read.getDouble(row) : read.getLong(row),
                            "a null row holds 0");
                }
            }
        }
        assertTrue(Files.size(file) < columns.size() * ROWS * 8L / 2, "packed file of " + Files.size(file) + " bytes");
    }

    @Test
    void valuesThatDoNotPackStayPlain() throws IOException {
        Random random = new Random(2);
        List<ColumnChunk> columns = List.of(
                longs(ColumnType.INTEGER, random, 0, random::nextLong),
                longs(ColumnType.INTEGER, random, 0, () -> random.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE),
                doubles(random, 0.1, random::nextGaussian),
                doubles(random, 0, () -> random.nextInt(10) == 0 ? -0.0 : 1.5),
                doubles(random, 0, () -> random.nextInt(10) == 0 ? Double.NaN : 2.25),
                doubles(random, 0, () -> random.nextInt(10) == 0 ? Double.NEGATIVE_INFINITY : 2.25),
                doubles(random, 0, () -> 1e17 + random.nextInt(1000) * 64.0),
                doubles(random, 0, () -> random.nextInt(1000) / 1e10));
        Path file = dir.resolve("plain.chunk");
        ChunkFileReader.verify(file, ChunkFileWriter.write(file, columns));
        for (int c = 0; c < columns.size(); c++) {
            assertEquals(ChunkFormat.PLAIN, ChunkFileReader.readColumnBytes(file, c)[1], "encoding of column " + c);
            assertSameValues(columns.get(c), ChunkFileReader.readColumn(file, c));
        }
    }

    @Test
    void everyWidthAndNullPatternRoundTrips() throws IOException {
        Random random = new Random(3);
        for (int round = 0; round < 300; round++) {
            int rows = random.nextInt(3) == 0 ? random.nextInt(70) : random.nextInt(3_000);
            int width = random.nextInt(65);
            long base = random.nextLong() >> random.nextInt(64);
            double nulls = random.nextInt(4) == 0 ? random.nextDouble() : 0;
            long mask = width == 64 ? -1L : (1L << width) - 1;
            ColumnType type = ColumnType.values()[random.nextInt(3) == 0 ? 4 : random.nextInt(2) * 3];
            List<ColumnChunk> columns = new ArrayList<>();
            long step = type == ColumnType.TIMESTAMP ? new long[] {1, 1_000, 1_000_000}[random.nextInt(3)] : 1;
            columns.add(longs(type, random, nulls, () -> {
                long v = base + (random.nextLong() & mask);
                return v - v % step;
            }, rows));
            int places = random.nextInt(PackedLongs.MAX_SCALE + 2);
            double decimalStep = Math.pow(10, -places);
            int span = 1 << random.nextInt(31);
            columns.add(doubles(random, nulls, () -> Double.parseDouble(String.format(java.util.Locale.ROOT, "%." + places + "f",
                    (random.nextInt(span) - span / 3) * decimalStep)), rows));
            Path file = dir.resolve("r" + round + ".chunk");
            ChunkFileReader.verify(file, ChunkFileWriter.write(file, columns));
            for (int c = 0; c < columns.size(); c++) {
                ColumnChunk read = ChunkFileReader.readColumn(file, c);
                assertSameValues(columns.get(c), read);
                assertSameValues(columns.get(c), ChunkFileReader.decodeColumn(ChunkFileReader.readColumnBytes(file, c)));
            }
        }
    }

    @Test
    void damagedPackingHeadersAreRefused() throws IOException {
        Random random = new Random(4);
        ColumnChunk ints = longs(ColumnType.INTEGER, random, 0, () -> random.nextInt(1000), 100);
        ColumnChunk decimals = doubles(random, 0, () -> random.nextInt(1000) / 100.0, 100);
        Path file = dir.resolve("h.chunk");
        ChunkFileWriter.write(file, List.of(ints, decimals));
        byte[] packed = ChunkFileReader.readColumnBytes(file, 0);
        byte[] decimal = ChunkFileReader.readColumnBytes(file, 1);
        int header = 10; // type, encoding, rows, null count; no nulls
        assertEquals(ChunkFormat.PACKED, packed[1]);
        assertEquals(ChunkFormat.DECIMAL, decimal[1]);

        byte[] badWidth = packed.clone();
        badWidth[header + 16] = 65;
        assertRefused(badWidth, "bad packing");
        byte[] badMultiplier = packed.clone();
        ByteBuffer.wrap(badMultiplier).putLong(header + 8, 0);
        assertRefused(badMultiplier, "bad packing");
        byte[] wider = packed.clone();
        wider[header + 16] = (byte) (packed[header + 16] + 1);
        assertRefused(wider, "ends early");
        byte[] badScale = decimal.clone();
        badScale[header] = (byte) (PackedLongs.MAX_SCALE + 1);
        assertRefused(badScale, "bad decimal scale");
        byte[] packedFloat = decimal.clone();
        packedFloat[1] = ChunkFormat.PACKED;
        assertRefused(packedFloat, "bad encoding");
        byte[] decimalInts = packed.clone();
        decimalInts[1] = ChunkFormat.DECIMAL;
        assertRefused(decimalInts, "bad encoding");
    }

    private static void assertRefused(byte[] section, String message) {
        CorruptChunkException e = assertThrows(CorruptChunkException.class, () -> ChunkFileReader.decodeColumn(section));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    /** Bits per value a PACKED or DECIMAL section stores (after its nulls, base and multiplier). */
    private static int width(byte[] section, ColumnChunk column) {
        int at = 10 + (column.nullCount() > 0 ? ColumnChunk.wordCount(column.size()) * 8 : 0);
        return section[at + (section[1] == ChunkFormat.DECIMAL ? 1 : 0) + 16];
    }

    private static ColumnChunk longs(ColumnType type, Random random, double nulls, LongSupplier values) {
        return longs(type, random, nulls, values, ROWS);
    }

    private static ColumnChunk longs(ColumnType type, Random random, double nulls, LongSupplier values, int rows) {
        ColumnChunk.Builder builder = ColumnChunk.builder(type, rows);
        for (int row = 0; row < rows; row++) {
            if (random.nextDouble() < nulls) {
                builder.appendNull();
            } else {
                builder.appendLong(values.getAsLong());
            }
        }
        return builder.build();
    }

    private static ColumnChunk doubles(Random random, double nulls, java.util.function.DoubleSupplier values) {
        return doubles(random, nulls, values, ROWS);
    }

    private static ColumnChunk doubles(Random random, double nulls, java.util.function.DoubleSupplier values, int rows) {
        ColumnChunk.Builder builder = ColumnChunk.builder(ColumnType.FLOAT, rows);
        for (int row = 0; row < rows; row++) {
            if (random.nextDouble() < nulls) {
                builder.appendNull();
            } else {
                builder.appendDouble(values.getAsDouble());
            }
        }
        return builder.build();
    }
}
