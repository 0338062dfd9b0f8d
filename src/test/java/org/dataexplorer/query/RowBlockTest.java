package org.dataexplorer.query;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.dataexplorer.api.json.JsonWriter;
import org.dataexplorer.ingest.parse.TemporalLayout;
import org.dataexplorer.store.ColumnChunk;
import org.dataexplorer.store.ColumnSchema;
import org.dataexplorer.store.ColumnType;
import org.junit.jupiter.api.Test;

/**
 * A page written cell by cell ({@link RowBlock#write}) must be exactly the page of value arrays
 * ({@link RowBlock#get}) written the general way, for every type, null, odd string and widened chunk.
 */
class RowBlockTest {

    private static final int ROWS = 2_000;
    private static final String[] WORDS = {"", "plain", "with \"quotes\"", "back\\slash", "tab\there", "line\nbreak",
        "bell\u0007", "é café", "日本語", "emoji 😀", "\u2028separator", "x".repeat(300)};

    @Test
    void cellByCellWritingGivesTheSameJsonAsValueArrays() {
        Random random = new Random(7);
        List<ColumnSchema> schema = List.of(
                new ColumnSchema(0, "i", ColumnType.INTEGER, true, null),
                new ColumnSchema(1, "f", ColumnType.FLOAT, true, null),
                new ColumnSchema(2, "b", ColumnType.BOOLEAN, true, null),
                new ColumnSchema(3, "d", ColumnType.DATE, true, "yyyy-MM-dd"),
                new ColumnSchema(4, "t", ColumnType.TIMESTAMP, true, "yyyy-MM-dd'T'HH:mm[:ss[.SSSSSS]]"),
                new ColumnSchema(5, "tz", ColumnType.TIMESTAMP, true, "yyyy-MM-dd'T'HH:mm[:ss[.SSSSSS]]XXX"),
                new ColumnSchema(6, "s", ColumnType.STRING, true, null),
                new ColumnSchema(7, "dict", ColumnType.STRING, true, null),
                // Chunks sealed narrower than the column: integers in a float column, integers in a string column.
                new ColumnSchema(8, "widened float", ColumnType.FLOAT, true, null),
                new ColumnSchema(9, "widened string", ColumnType.STRING, true, null));
        ValueRenderer[] renderers = schema.stream().map(ValueRenderer::new).toArray(ValueRenderer[]::new);
        ColumnChunk[][] chunks = {chunkColumns(random), chunkColumns(random)};
        int n = 3_000;
        int[] chunkOf = new int[n];
        int[] rowInChunk = new int[n];
        for (int i = 0; i < n; i++) {
            chunkOf[i] = random.nextInt(2);
            rowInChunk[i] = random.nextInt(ROWS);
        }
        RowBlock block = new RowBlock(renderers, chunks, chunkOf, rowInChunk);
        List<Object[]> arrays = new ArrayList<>(block);
        assertEquals(JsonWriter.toJson(arrays), JsonWriter.toJson(block));
    }

    private static ColumnChunk[] chunkColumns(Random random) {
        long[] ints = new long[ROWS];
        double[] floats = new double[ROWS];
        long[] bits = new long[(ROWS + 63) / 64];
        long[] days = new long[ROWS];
        long[] micros = new long[ROWS];
        ByteArrayOutputStream utf8 = new ByteArrayOutputStream();
        int[] offsets = new int[ROWS + 1];
        int[] codes = new int[ROWS];
        for (int r = 0; r < ROWS; r++) {
            ints[r] = switch (r % 4) {
                case 0 -> Long.MIN_VALUE + random.nextInt(3);
                case 1 -> Long.MAX_VALUE - random.nextInt(3);
                default -> random.nextInt(2_000_001) - 1_000_000;
            };
            floats[r] = switch (r % 7) {
                case 0 -> Double.NaN;
                case 1 -> Double.POSITIVE_INFINITY;
                case 2 -> random.nextInt(100_000) / 100.0;
                case 3 -> -random.nextDouble() * 1e12;
                case 4 -> Double.MIN_VALUE;
                default -> random.nextGaussian();
            };
            if (random.nextBoolean()) {
                bits[r >>> 6] |= 1L << r;
            }
            days[r] = random.nextInt(4_000_000) - 2_000_000;
            micros[r] = switch (r % 5) {
                case 0 -> random.nextLong() % 400_000_000_000_000_000L;
                case 1 -> r % 10 == 1 ? Long.MIN_VALUE + random.nextInt(1000) : Long.MAX_VALUE - random.nextInt(1000);
                // Runs of one day, as in a file sorted by time.
                case 2, 3 -> 1_700_000_000_000_000L + (r / 40) * 86_400_000_000L + random.nextInt(1_000_000_000);
                default -> random.nextInt(1_000_000) * 86_400_000_000L / 7 + random.nextInt(1_000_000);
            };
            byte[] word = WORDS[random.nextInt(WORDS.length)].getBytes(StandardCharsets.UTF_8);
            if (r % 50 == 0) {
                word = new byte[] {'b', 'a', 'd', (byte) 0xC3, '!', (byte) 0xFF};
            }
            utf8.writeBytes(word);
            offsets[r + 1] = utf8.size();
            codes[r] = random.nextInt(WORDS.length);
        }
        long[] nulls = new long[(ROWS + 63) / 64];
        for (int r = 0; r < ROWS; r += 1 + random.nextInt(9)) {
            nulls[r >>> 6] |= 1L << r;
        }
        ByteArrayOutputStream dict = new ByteArrayOutputStream();
        int[] dictOffsets = new int[WORDS.length + 1];
        for (int w = 0; w < WORDS.length; w++) {
            dict.writeBytes(WORDS[w].getBytes(StandardCharsets.UTF_8));
            dictOffsets[w + 1] = dict.size();
        }
        return new ColumnChunk[] {
            ColumnChunk.ofLongs(ColumnType.INTEGER, ROWS, ints, nulls.clone()),
            ColumnChunk.ofDoubles(ROWS, floats, nulls.clone()),
            ColumnChunk.ofBooleans(ROWS, bits, nulls.clone()),
            ColumnChunk.ofLongs(ColumnType.DATE, ROWS, days, nulls.clone()),
            ColumnChunk.ofLongs(ColumnType.TIMESTAMP, ROWS, micros.clone(), nulls.clone()),
            ColumnChunk.ofLongs(ColumnType.TIMESTAMP, ROWS, micros.clone(), null),
            ColumnChunk.ofStrings(ROWS, utf8.toByteArray(), offsets, nulls.clone()),
            ColumnChunk.ofDictionary(ROWS, codes, dict.toByteArray(), dictOffsets, nulls.clone()),
            ColumnChunk.ofLongs(ColumnType.INTEGER, ROWS, ints.clone(), nulls.clone()),
            ColumnChunk.ofLongs(ColumnType.INTEGER, ROWS, ints.clone(), null),
        };
    }

    @Test
    void isoDatesAndTimestampsAreWrittenAsJavaTimeFormatsThem() {
        Random random = new Random(11);
        byte[] out = new byte[TemporalLayout.ISO_TIMESTAMP_MAX_BYTES];
        List<Long> days = new ArrayList<>(Arrays.asList(0L, -1L, -719_528L, -719_529L, 2_932_896L, 2_932_897L,
                LocalDate.MIN.toEpochDay(), LocalDate.MAX.toEpochDay()));
        for (int i = 0; i < 100_000; i++) {
            days.add(random.nextLong(LocalDate.MIN.toEpochDay(), LocalDate.MAX.toEpochDay() + 1));
            days.add((long) random.nextInt(5_000_000) - 2_500_000);
        }
        for (long day : days) {
            String expected = LocalDate.ofEpochDay(day).toString();
            assertEquals(expected, TemporalLayout.formatIsoDate(day));
            assertEquals(expected, new String(out, 0, TemporalLayout.writeIsoDate(day, out, 0), StandardCharsets.US_ASCII));
        }
        for (int i = 0; i < 100_000; i++) {
            long seconds = random.nextLong(-62_135_596_800L, 253_402_300_800L);
            int micro = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1000;
                default -> random.nextInt(1_000_000);
            };
            long micros = seconds * 1_000_000 + micro;
            LocalDateTime time = LocalDateTime.ofEpochSecond(seconds, micro * 1000, ZoneOffset.UTC);
            String expected = reference(time);
            assertEquals(expected, TemporalLayout.formatIsoTimestamp(micros, false));
            assertEquals(expected + "Z", TemporalLayout.formatIsoTimestamp(micros, true));
            int end = TemporalLayout.writeIsoTimestamp(micros, true, out, 0);
            assertArrayEquals((expected + "Z").getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(out, end));
        }
    }

    /** yyyy-MM-ddTHH:mm:ss with the fraction's trailing zeros trimmed, seconds always shown. */
    private static String reference(LocalDateTime time) {
        String fraction = "";
        if (time.getNano() != 0) {
            fraction = "." + String.format("%06d", time.getNano() / 1000).replaceAll("0+$", "");
        }
        return time.toLocalDate() + String.format("T%02d:%02d:%02d", time.getHour(), time.getMinute(), time.getSecond())
                + fraction;
    }
}
