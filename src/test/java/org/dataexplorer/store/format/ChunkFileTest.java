package org.dataexplorer.store.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.dataexplorer.store.ColumnChunk;
import org.dataexplorer.store.ColumnType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkFileTest {

    private static final int ROWS = 1_000;

    @TempDir
    Path dir;

    /** One column per type and encoding, seeded, with nulls; index 6 is dictionary, 7 plain strings. */
    static List<ColumnChunk> sampleColumns(long seed, int rows) {
        Random random = new Random(seed);
        ColumnChunk.Builder ints = ColumnChunk.builder(ColumnType.INTEGER, rows);
        ColumnChunk.Builder floats = ColumnChunk.builder(ColumnType.FLOAT, rows);
        ColumnChunk.Builder bools = ColumnChunk.builder(ColumnType.BOOLEAN, rows);
        ColumnChunk.Builder dates = ColumnChunk.builder(ColumnType.DATE, rows);
        ColumnChunk.Builder stamps = ColumnChunk.builder(ColumnType.TIMESTAMP, rows);
        ColumnChunk.Builder allNull = ColumnChunk.builder(ColumnType.INTEGER, rows);
        ColumnChunk.Builder dict = ColumnChunk.builder(ColumnType.STRING, rows);
        ColumnChunk.Builder plain = ColumnChunk.builder(ColumnType.STRING, rows);
        String[] cities = {"Paris", "Zürich", "東京", "", "New York, NY"};
        for (int row = 0; row < rows; row++) {
            boolean isNull = random.nextInt(10) == 0;
            if (isNull) {
                ints.appendNull();
                floats.appendNull();
                bools.appendNull();
                dates.appendNull();
                stamps.appendNull();
                dict.appendNull();
                plain.appendNull();
            } else {
                ints.appendLong(random.nextLong());
                floats.appendDouble(row == 5 ? Double.NaN : random.nextGaussian() * 1e6);
                bools.appendBoolean(random.nextBoolean());
                dates.appendLong(random.nextInt(40_000) - 20_000);
                stamps.appendLong(random.nextLong() / 1000);
                byte[] city = cities[random.nextInt(cities.length)].getBytes(StandardCharsets.UTF_8);
                dict.appendString(city, 0, city.length);
                byte[] text = ("row " + row + " " + Long.toHexString(random.nextLong())).getBytes(StandardCharsets.UTF_8);
                plain.appendString(text, 0, text.length);
            }
            allNull.appendNull();
        }
        return List.of(ints.build(), floats.build(), bools.build(), dates.build(), stamps.build(), allNull.build(),
                dict.build(), plain.build());
    }

    static void assertSameValues(ColumnChunk expected, ColumnChunk actual) {
        assertEquals(expected.type(), actual.type());
        assertEquals(expected.size(), actual.size());
        assertEquals(expected.nullCount(), actual.nullCount());
        assertEquals(expected.isDictionary(), actual.isDictionary());
        for (int row = 0; row < expected.size(); row++) {
            assertEquals(expected.isNull(row), actual.isNull(row), "null at row " + row);
            switch (expected.type()) {
                case INTEGER, DATE, TIMESTAMP -> assertEquals(expected.getLong(row), actual.getLong(row));
                case FLOAT -> assertEquals(Double.doubleToRawLongBits(expected.getDouble(row)),
                        Double.doubleToRawLongBits(actual.getDouble(row)));
                case BOOLEAN -> assertEquals(expected.getBoolean(row), actual.getBoolean(row));
                case STRING -> assertEquals(expected.getString(row), actual.getString(row));
            }
        }
        assertEquals(expected.info("f"), actual.info("f"));
    }

    @Test
    void roundTripsEveryTypeAndEncoding() throws IOException {
        List<ColumnChunk> columns = sampleColumns(7, ROWS);
        assertTrue(columns.get(6).isDictionary());
        assertFalse(columns.get(7).isDictionary());
        Path file = dir.resolve("00000000.chunk");
        long crc = ChunkFileWriter.write(file, columns);

        assertFalse(Files.exists(DurableFiles.tempFor(file)), "temp file must be renamed away");
        ChunkFileReader.verify(file, crc);
        assertEquals(columns.size(), ChunkFileReader.columnCount(file));
        for (int i = 0; i < columns.size(); i++) {
            assertSameValues(columns.get(i), ChunkFileReader.readColumn(file, i));
            assertSameValues(columns.get(i), ChunkFileReader.decodeColumn(ChunkFileReader.readColumnBytes(file, i)));
        }
        assertThrows(IllegalArgumentException.class, () -> ChunkFileReader.readColumn(file, columns.size()));
    }

    @Test
    void emptyChunkAndLargeDictionaryRoundTrip() throws IOException {
        Path empty = dir.resolve("empty.chunk");
        ColumnChunk none = ColumnChunk.builder(ColumnType.STRING, 0).build();
        ChunkFileReader.verify(empty, ChunkFileWriter.write(empty, List.of(none)));
        assertEquals(0, ChunkFileReader.readColumn(empty, 0).size());

        ColumnChunk.Builder b = ColumnChunk.builder(ColumnType.STRING, 2_000);
        for (int row = 0; row < 2_000; row++) {
            byte[] v = ("k" + (row % 700)).getBytes(StandardCharsets.UTF_8); // 700 codes: two-byte width
            b.appendString(v, 0, v.length);
        }
        ColumnChunk wide = b.build();
        assertEquals(700, wide.dictionarySize());
        Path file = dir.resolve("wide.chunk");
        ChunkFileWriter.write(file, List.of(wide));
        assertSameValues(wide, ChunkFileReader.readColumn(file, 0));
    }

    @Test
    void rejectsColumnsOfDifferentSizes() {
        ColumnChunk.Builder a = ColumnChunk.builder(ColumnType.INTEGER, 1);
        a.appendLong(1);
        ColumnChunk.Builder b = ColumnChunk.builder(ColumnType.INTEGER, 1);
        assertThrows(IllegalArgumentException.class,
                () -> ChunkFileWriter.write(dir.resolve("x.chunk"), List.of(a.build(), b.build())));
    }

    @Test
    void flippedByteInEverySectionIsDetected() throws IOException {
        List<ColumnChunk> columns = sampleColumns(11, 300);
        Path file = dir.resolve("c.chunk");
        long crc = ChunkFileWriter.write(file, columns);
        byte[] original = Files.readAllBytes(file);
        Random random = new Random(3);
        for (int column = 0; column < columns.size(); column++) {
            // find the section through the reader's own verified bytes, then damage one byte inside it
            byte[] section = ChunkFileReader.readColumnBytes(file, column);
            int sectionStart = indexOf(original, section);
            assertTrue(sectionStart > 0);
            byte[] damaged = original.clone();
            damaged[sectionStart + random.nextInt(section.length)] ^= (byte) (1 << random.nextInt(8));
            Files.write(file, damaged);
            int c = column;
            CorruptChunkException e = assertThrows(CorruptChunkException.class,
                    () -> ChunkFileReader.readColumn(file, c));
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("column " + column + " checksum failed"), e.getMessage());
            assertThrows(CorruptChunkException.class, () -> ChunkFileReader.readColumnBytes(file, c));
            assertThrows(CorruptChunkException.class, () -> ChunkFileReader.verify(file, crc));
            // the other columns are still readable: damage stays local
            int other = (column + 1) % columns.size();
            assertSameValues(columns.get(other), ChunkFileReader.readColumn(file, other));
        }
    }

    @Test
    void flippedByteInHeaderOrDirectoryIsDetected() throws IOException {
        Path file = dir.resolve("h.chunk");
        ChunkFileWriter.write(file, sampleColumns(5, 50));
        byte[] original = Files.readAllBytes(file);
        int[] positions = {12, 16, original.length - 24 - 5, original.length - 24 + 2, original.length - 10};
        for (int position : positions) {
            byte[] damaged = original.clone();
            damaged[position] ^= 0x10;
            Files.write(file, damaged);
            assertThrows(CorruptChunkException.class, () -> ChunkFileReader.readColumn(file, 0),
                    "damage at byte " + position);
        }
    }

    @Test
    void truncatedFileIsDetected() throws IOException {
        Path file = dir.resolve("t.chunk");
        ChunkFileWriter.write(file, sampleColumns(1, 200));
        long size = Files.size(file);
        for (long keep : new long[] {size - 1, size / 2, 30, 10, 0}) {
            Path copy = dir.resolve("t" + keep + ".chunk");
            Files.copy(file, copy);
            try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.WRITE)) {
                channel.truncate(keep);
            }
            CorruptChunkException e = assertThrows(CorruptChunkException.class,
                    () -> ChunkFileReader.readColumn(copy, 0), "kept " + keep);
            assertTrue(e.getMessage().contains(copy.toString()));
        }
    }

    @Test
    void wrongMagicIsDetected() throws IOException {
        Path file = dir.resolve("m.chunk");
        long crc = ChunkFileWriter.write(file, sampleColumns(2, 20));
        byte[] bytes = Files.readAllBytes(file);
        bytes[0] = 'X';
        Files.write(file, bytes);
        CorruptChunkException e = assertThrows(CorruptChunkException.class, () -> ChunkFileReader.readColumn(file, 0));
        assertTrue(e.getMessage().contains("magic"), e.getMessage());
        assertThrows(CorruptChunkException.class, () -> ChunkFileReader.verify(file, crc));

        Path text = dir.resolve("text.chunk");
        Files.writeString(text, "id,name\n1,a\n".repeat(10));
        assertThrows(CorruptChunkException.class, () -> ChunkFileReader.readColumn(text, 0));
    }

    @Test
    void unknownVersionIsRejected() throws IOException {
        Path file = dir.resolve("v.chunk");
        ChunkFileWriter.write(file, sampleColumns(2, 20));
        byte[] bytes = Files.readAllBytes(file);
        bytes[11] = 99; // low byte of the version int after the 8-byte magic
        Files.write(file, bytes);
        CorruptChunkException e = assertThrows(CorruptChunkException.class, () -> ChunkFileReader.readColumn(file, 0));
        assertTrue(e.getMessage().contains("version 99"), e.getMessage());
    }

    @Test
    void verifyComparesWithTheExpectedChecksum() throws IOException {
        Path file = dir.resolve("e.chunk");
        long crc = ChunkFileWriter.write(file, sampleColumns(4, 20));
        ChunkFileReader.verify(file, crc);
        assertThrows(CorruptChunkException.class, () -> ChunkFileReader.verify(file, crc ^ 1));
    }

    @Test
    void overwritingReplacesAtomically() throws IOException {
        Path file = dir.resolve("r.chunk");
        ChunkFileWriter.write(file, sampleColumns(1, 10));
        List<ColumnChunk> second = sampleColumns(2, 30);
        long crc = ChunkFileWriter.write(file, second);
        ChunkFileReader.verify(file, crc);
        assertSameValues(second.get(0), ChunkFileReader.readColumn(file, 0));
    }

    @Test
    void garbageSectionBytesFailCleanly() {
        Random random = new Random(99);
        List<byte[]> inputs = new ArrayList<>();
        inputs.add(new byte[0]);
        inputs.add(new byte[] {6, 1, 0x7f, -1, -1, -1, 0, 0, 0, 0});
        for (int i = 0; i < 200; i++) {
            byte[] b = new byte[random.nextInt(64)];
            random.nextBytes(b);
            if (b.length > 0) {
                b[0] = (byte) (1 + random.nextInt(6));
            }
            if (b.length > 1) {
                b[1] = (byte) random.nextInt(2);
            }
            inputs.add(b);
        }
        for (byte[] input : inputs) {
            try {
                ChunkFileReader.decodeColumn(input);
            } catch (CorruptChunkException expected) {
                assertEquals(null, expected.file());
            }
        }
        assertArrayEquals(new byte[0], inputs.get(0));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
