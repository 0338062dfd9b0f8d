package org.dataexplorer.ingest.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TemporalLayoutTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static long day(TemporalLayout layout, String s) {
        byte[] bytes = b(s);
        return layout.parseEpochDay(bytes, 0, bytes.length);
    }

    private static long micros(TemporalLayout layout, String s) {
        byte[] bytes = b("[" + s + "]");
        return layout.parseEpochMicros(bytes, 1, bytes.length - 2);
    }

    private static boolean matches(TemporalLayout layout, String s) {
        byte[] bytes = b(s);
        return layout.matches(bytes, 0, bytes.length);
    }

    private static long micros(LocalDateTime t) {
        return ChronoUnit.MICROS.between(LocalDateTime.of(1970, 1, 1, 0, 0), t);
    }

    @Test
    void parsesEveryDatePart() {
        long expected = LocalDate.of(2024, 3, 1).toEpochDay();
        assertEquals(expected, day(TemporalLayout.of("yyyy-MM-dd"), "2024-03-01"));
        assertEquals(expected, day(TemporalLayout.of("yyyy/MM/dd"), "2024/03/01"));
        assertEquals(expected, day(TemporalLayout.of("dd/MM/yyyy"), "01/03/2024"));
        assertEquals(expected, day(TemporalLayout.of("MM/dd/yyyy"), "03/01/2024"));
        assertEquals(expected, day(TemporalLayout.of("dd.MM.yyyy"), "01.03.2024"));
        assertEquals(expected, day(TemporalLayout.of("MM/dd/yyyy"), "3/1/2024"));
    }

    @Test
    void dateRoundTripsOverFourCenturies() {
        TemporalLayout iso = TemporalLayout.of("yyyy-MM-dd");
        Random random = new Random(11);
        for (int i = 0; i < 5_000; i++) {
            long epochDay = LocalDate.of(1800, 1, 1).toEpochDay() + random.nextInt(146_097);
            String text = TemporalLayout.formatIsoDate(epochDay);
            assertEquals(LocalDate.ofEpochDay(epochDay).toString(), text);
            assertEquals(epochDay, day(iso, text));
        }
    }

    @Test
    void rejectsInvalidCalendarDates() {
        TemporalLayout iso = TemporalLayout.of("yyyy-MM-dd");
        assertFalse(matches(iso, "2021-02-29"));
        assertTrue(matches(iso, "2020-02-29"));
        assertFalse(matches(iso, "1900-02-29"));
        assertTrue(matches(iso, "2000-02-29"));
        assertFalse(matches(iso, "2021-04-31"));
        assertFalse(matches(iso, "2021-13-01"));
        assertFalse(matches(iso, "2021-00-10"));
        assertFalse(matches(iso, "2021-1-10"));
        assertThrows(IllegalArgumentException.class, () -> day(iso, "2021-02-30"));
    }

    @Test
    void parsesTimestampsWithFractions() {
        TemporalLayout t = TemporalLayout.of("yyyy-MM-dd'T'HH:mm[:ss[.SSSSSS]]");
        assertEquals(micros(LocalDateTime.of(2024, 3, 1, 13, 45)), micros(t, "2024-03-01T13:45"));
        assertEquals(micros(LocalDateTime.of(2024, 3, 1, 13, 45, 12)), micros(t, "2024-03-01T13:45:12"));
        assertEquals(micros(LocalDateTime.of(2024, 3, 1, 13, 45, 12, 500_000_000)),
                micros(t, "2024-03-01T13:45:12.5"));
        assertEquals(micros(LocalDateTime.of(2024, 3, 1, 13, 45, 12, 123_456_000)),
                micros(t, "2024-03-01T13:45:12.123456789"));
        assertFalse(matches(t, "2024-03-01 13:45"));
        assertFalse(matches(t, "2024-03-01"));
        assertFalse(matches(t, "2024-03-01T24:00"));
        assertFalse(matches(t, "2024-03-01T13:45:12."));
        assertFalse(t.hasOffset());
    }

    @Test
    void convertsOffsetsToUtc() {
        TemporalLayout t = TemporalLayout.of("yyyy-MM-dd'T'HH:mm[:ss[.SSSSSS]]XXX");
        assertTrue(t.hasOffset());
        long utc = micros(LocalDateTime.of(2024, 3, 1, 12, 0));
        assertEquals(utc, micros(t, "2024-03-01T12:00:00Z"));
        assertEquals(utc, micros(t, "2024-03-01T14:00:00+02:00"));
        assertEquals(utc, micros(t, "2024-03-01T14:00+0200"));
        assertEquals(utc, micros(t, "2024-03-01T06:30:00-05:30"));
        assertEquals(micros(LocalDateTime.of(2024, 2, 29, 23, 0)), micros(t, "2024-03-01T01:00:00+02:00"));
        assertFalse(matches(t, "2024-03-01T12:00:00"));
    }

    @Test
    void optionalTimeParsesDateOnlyAsMidnight() {
        TemporalLayout t = TemporalLayout.of("yyyy-MM-dd[ HH:mm[:ss[.SSSSSS]]]");
        assertEquals(LocalDate.of(2024, 3, 1).toEpochDay() * 86_400_000_000L, micros(t, "2024-03-01"));
        assertEquals(micros(LocalDateTime.of(2024, 3, 1, 8, 5, 1)), micros(t, "2024-03-01 08:05:01"));
        TemporalLayout us = TemporalLayout.of("MM/dd/yyyy[ HH:mm[:ss[.SSSSSS]]]");
        assertEquals(micros(LocalDateTime.of(2024, 3, 1, 9, 5)), micros(us, "3/1/2024 9:05"));
        assertEquals(micros(LocalDateTime.of(2024, 3, 1, 0, 0)), micros(us, "03/01/2024"));
    }

    @Test
    void timestampsBeforeEpochAreNegative() {
        TemporalLayout t = TemporalLayout.of("dd.MM.yyyy HH:mm[:ss[.SSSSSS]]");
        long expected = micros(LocalDateTime.of(1969, 12, 31, 23, 59, 59));
        assertEquals(expected, micros(t, "31.12.1969 23:59:59"));
        assertEquals("1969-12-31T23:59:59", TemporalLayout.formatIsoTimestamp(expected, false));
    }

    @Test
    void formatsIsoTimestamps() {
        long m = micros(LocalDateTime.of(2024, 3, 1, 13, 45));
        assertEquals("2024-03-01T13:45:00", TemporalLayout.formatIsoTimestamp(m, false));
        assertEquals("2024-03-01T13:45:00Z", TemporalLayout.formatIsoTimestamp(m, true));
        assertEquals("2024-03-01T13:45:00.5", TemporalLayout.formatIsoTimestamp(m + 500_000, false));
        assertEquals("2024-03-01T13:45:00.123456", TemporalLayout.formatIsoTimestamp(m + 123_456, false));
        assertEquals("2024-03-01T13:45:00.00001Z", TemporalLayout.formatIsoTimestamp(m + 10, true));
    }

    @Test
    void timestampRoundTripsThroughIsoText() {
        TemporalLayout t = TemporalLayout.of("yyyy-MM-dd'T'HH:mm[:ss[.SSSSSS]]XXX");
        Random random = new Random(3);
        for (int i = 0; i < 5_000; i++) {
            long m = (random.nextLong() % (200L * 365 * 86_400_000_000L));
            String text = TemporalLayout.formatIsoTimestamp(m, true);
            assertEquals(m, micros(t, text), text);
            assertEquals(LocalDateTime.ofEpochSecond(Math.floorDiv(m, 1_000_000), 0, ZoneOffset.UTC)
                    .toLocalDate().toString(), text.substring(0, 10));
        }
    }

    @Test
    void dateWidensToTimestampMicros() {
        TemporalLayout d = TemporalLayout.of("dd/MM/yyyy");
        long epochDay = day(d, "29/02/2024");
        assertEquals("2024-02-29T00:00:00", TemporalLayout.formatIsoTimestamp(epochDay * 86_400_000_000L, false));
    }

    @Test
    void unknownPatternIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> TemporalLayout.of("yyyyMMdd"));
    }

    @Test
    void theEightBytesAtATimePathAgreesWithTheByteWiseScanOnValidAndDamagedValues() {
        Random random = new Random(31);
        String[] patterns = {"yyyy-MM-dd", "yyyy-MM-dd HH:mm[:ss[.SSSSSS]]", "yyyy-MM-dd'T'HH:mm[:ss[.SSSSSS]]",
                "yyyy-MM-dd[ HH:mm[:ss[.SSSSSS]]]", "yyyy-MM-dd['T'HH:mm[:ss[.SSSSSS]]]"};
        String noise = "0123456789-: T/.aZ+\u00e9\t";
        int compared = 0;
        int accepted = 0;
        for (String pattern : patterns) {
            TemporalLayout layout = TemporalLayout.of(pattern);
            for (int i = 0; i < 40_000; i++) {
                // Edges on purpose: year 0000 and 9999, leap days, days 00 and 32, months 00 and 13, 23:59:59, 24:00.
                String date = String.format("%04d-%02d-%02d", random.nextInt(4) == 0 ? random.nextInt(2) * 9999
                        : 1900 + random.nextInt(200), random.nextInt(14), random.nextInt(33));
                String time = String.format("%02d:%02d:%02d", random.nextInt(26), random.nextInt(62), random.nextInt(62));
                char separator = random.nextBoolean() ? ' ' : 'T';
                char[] value = (random.nextBoolean() ? date : date + separator + time).toCharArray();
                for (int k = random.nextInt(3); k > 0; k--) {
                    value[random.nextInt(value.length)] = noise.charAt(random.nextInt(noise.length()));
                }
                byte[] bytes = b("xx" + new String(value) + "yy");
                int length = bytes.length - 4;
                long eachByte = layout.scanEachByte(bytes, 2, length);
                long expected = eachByte == TemporalSyntax.NO_MATCH || layout.time() != TemporalLayout.Time.NONE
                        ? eachByte : eachByte / TemporalSyntax.MICROS_PER_DAY;
                assertEquals(expected, layout.valueOrNoMatch(bytes, 2, length), pattern + ": " + new String(value));
                compared++;
                accepted += eachByte == TemporalSyntax.NO_MATCH ? 0 : 1;
            }
        }
        assertTrue(accepted > compared / 10 && accepted < compared * 9 / 10, accepted + " of " + compared + " valid");
    }
}
