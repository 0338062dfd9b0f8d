package org.dataexplorer.ingest.parse;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * One date or timestamp layout, parsed from the pattern strings {@link TypeInference#format()}
 * returns. Immutable and thread-safe; parsing allocates nothing.
 *
 * <p>The patterns are written in {@link java.time.format.DateTimeFormatter} style, but this class
 * is the parser of record and is a little more lenient than the pattern letters say: outside ISO
 * layouts day, month and hour may have one digit ({@code 1/2/2020 9:05}), seconds are optional
 * ({@code HH:mm[:ss]}), and fractions may have 1 to 9 digits (truncated to microseconds).
 * Surrounding spaces and tabs are ignored.
 *
 * <p>Supported: the date parts {@code yyyy-MM-dd}, {@code yyyy/MM/dd}, {@code dd/MM/yyyy},
 * {@code MM/dd/yyyy}, {@code dd.MM.yyyy}; each alone (DATE), with a required time, or with an
 * optional time (a TIMESTAMP column that also holds date-only values). ISO layouts may use
 * {@code 'T'} as separator and may carry an offset ({@code Z}, {@code +hh:mm}, {@code +hhmm},
 * {@code +hh}), converted to UTC.
 */
public final class TemporalLayout {

    /** Whether a layout has a time part. */
    public enum Time {
        /** Date only: a DATE column. */
        NONE,
        /** Every value has a time. */
        REQUIRED,
        /** Values may or may not have a time; date-only values are midnight. */
        OPTIONAL
    }

    private static final String TIME_BODY = "HH:mm[:ss[.SSSSSS]]";
    private static final Map<String, TemporalLayout> BY_PATTERN = new HashMap<>();

    static {
        for (int part = 0; part < TemporalSyntax.PART_COUNT; part++) {
            boolean iso = part == TemporalSyntax.ISO;
            register(new TemporalLayout(part, Time.NONE, false, false));
            for (Time time : new Time[] {Time.REQUIRED, Time.OPTIONAL}) {
                register(new TemporalLayout(part, time, false, false));
                if (iso) {
                    register(new TemporalLayout(part, time, true, false));
                    register(new TemporalLayout(part, time, false, true));
                    register(new TemporalLayout(part, time, true, true));
                }
            }
        }
    }

    private final int part;
    private final Time time;
    private final boolean tSeparator;
    private final boolean offset;
    private final String pattern;
    /** {@code yyyy-MM-dd HH:mm:ss} values (no offset) may take {@link #isoTimestamp}. */
    private final boolean isoSeconds;
    /** {@code yyyy-MM-dd} values may take {@link #isoDate}. */
    private final boolean isoDateAlone;
    /** What the separator bytes of {@code dd HH:mm} hold in this layout. */
    private final long dhmSeparators;

    private TemporalLayout(int part, Time time, boolean tSeparator, boolean offset) {
        this.part = part;
        this.time = time;
        this.tSeparator = tSeparator;
        this.offset = offset;
        this.pattern = buildPattern();
        this.isoSeconds = part == TemporalSyntax.ISO && time != Time.NONE && !offset;
        this.isoDateAlone = part == TemporalSyntax.ISO && time != Time.REQUIRED;
        this.dhmSeparators = (long) (tSeparator ? 'T' : ' ') << 16 | (long) ':' << 40;
    }

    private static void register(TemporalLayout layout) {
        BY_PATTERN.put(layout.pattern, layout);
    }

    /** The layout for a pattern returned by {@link TypeInference#format()}. */
    public static TemporalLayout of(String pattern) {
        TemporalLayout layout = BY_PATTERN.get(pattern);
        if (layout == null) {
            throw new IllegalArgumentException("unsupported date/time pattern: " + pattern);
        }
        return layout;
    }

    static TemporalLayout of(int part, Time time, boolean tSeparator, boolean offset) {
        boolean iso = part == TemporalSyntax.ISO;
        boolean hasTime = time != Time.NONE;
        return of(new TemporalLayout(part, time, iso && hasTime && tSeparator, iso && hasTime && offset).pattern);
    }

    public String pattern() {
        return pattern;
    }

    public Time time() {
        return time;
    }

    /** True for a timestamp layout whose values carry a UTC offset (values are converted to UTC). */
    public boolean hasOffset() {
        return offset;
    }

    public boolean matches(byte[] buf, int off, int len) {
        return scan(buf, off, len) != TemporalSyntax.NO_MATCH;
    }

    /** Days since 1970-01-01 of the value's date part. */
    public long parseEpochDay(byte[] buf, int off, int len) {
        long packedDate = scanDate(buf, off, len);
        if (packedDate == TemporalSyntax.NO_MATCH || scan(buf, off, len) == TemporalSyntax.NO_MATCH) {
            throw mismatch(buf, off, len);
        }
        return TemporalSyntax.dateEpochDay(packedDate);
    }

    /** Microseconds since 1970-01-01T00:00, in UTC when the value has an offset; date-only is midnight. */
    public long parseEpochMicros(byte[] buf, int off, int len) {
        long micros = scan(buf, off, len);
        if (micros == TemporalSyntax.NO_MATCH) {
            throw mismatch(buf, off, len);
        }
        return micros;
    }

    /**
     * What {@link #parseEpochDay} (a layout without time) or {@link #parseEpochMicros} returns for a
     * matching value, without throwing: {@link TemporalSyntax#NO_MATCH} when the value does not match.
     */
    long valueOrNoMatch(byte[] buf, int off, int len) {
        long micros = scan(buf, off, len);
        if (micros == TemporalSyntax.NO_MATCH || time != Time.NONE) {
            return micros;
        }
        return micros / TemporalSyntax.MICROS_PER_DAY;
    }

    /** {@code 2024-03-01}. */
    public static String formatIsoDate(long epochDay) {
        byte[] out = new byte[ISO_TIMESTAMP_MAX_BYTES];
        return new String(out, 0, writeIsoDate(epochDay, out, 0), StandardCharsets.ISO_8859_1);
    }

    /**
     * {@code 2024-03-01T13:45:00}, with a fraction only when non-zero (trailing zeros trimmed) and a
     * {@code Z} suffix when {@code utc}.
     */
    public static String formatIsoTimestamp(long micros, boolean utc) {
        byte[] out = new byte[ISO_TIMESTAMP_MAX_BYTES];
        return new String(out, 0, writeIsoTimestamp(micros, utc, out, 0), StandardCharsets.ISO_8859_1);
    }

    /** Room {@link #writeIsoTimestamp} may need: a six-digit year with sign, time, fraction and zone. */
    public static final int ISO_TIMESTAMP_MAX_BYTES = 48;

    /**
     * Writes {@link #formatIsoDate} as ASCII into {@code out} at {@code at}, without allocating for years
     * 0 to 9999; returns the end.
     */
    public static int writeIsoDate(long epochDay, byte[] out, int at) {
        // Civil date from a day count (H. Hinnant's algorithm), in a 400-year era starting 0000-03-01.
        long z = epochDay + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long shiftedMonth = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * shiftedMonth + 2) / 5 + 1);
        int month = (int) (shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999) {
            String text = LocalDate.ofEpochDay(epochDay).toString();
            for (int i = 0; i < text.length(); i++) {
                out[at++] = (byte) text.charAt(i);
            }
            return at;
        }
        int y = (int) year;
        out[at++] = (byte) ('0' + y / 1000);
        out[at++] = (byte) ('0' + y / 100 % 10);
        out[at++] = (byte) ('0' + y / 10 % 10);
        out[at++] = (byte) ('0' + y % 10);
        out[at++] = '-';
        at = two(out, at, month);
        out[at++] = '-';
        return two(out, at, day);
    }

    /** Writes {@link #formatIsoTimestamp} as ASCII into {@code out} at {@code at}; returns the end. */
    public static int writeIsoTimestamp(long micros, boolean utc, byte[] out, int at) {
        long day = Math.floorDiv(micros, TemporalSyntax.MICROS_PER_DAY);
        long ofDay = Math.floorMod(micros, TemporalSyntax.MICROS_PER_DAY);
        at = writeIsoDate(day, out, at);
        return writeIsoTimeOfDay(ofDay, utc, out, at);
    }

    /** Writes the part of {@link #writeIsoTimestamp} from the {@code T} on, for micros since midnight. */
    public static int writeIsoTimeOfDay(long ofDay, boolean utc, byte[] out, int at) {
        out[at++] = 'T';
        long seconds = ofDay / 1_000_000;
        int fraction = (int) (ofDay % 1_000_000);
        at = two(out, at, (int) (seconds / 3600));
        out[at++] = ':';
        at = two(out, at, (int) (seconds / 60 % 60));
        out[at++] = ':';
        at = two(out, at, (int) (seconds % 60));
        if (fraction != 0) {
            out[at++] = '.';
            int digits = 6;
            while (fraction % 10 == 0) {
                fraction /= 10;
                digits--;
            }
            for (int i = digits - 1; i >= 0; i--) {
                out[at + i] = (byte) ('0' + fraction % 10);
                fraction /= 10;
            }
            at += digits;
        }
        if (utc) {
            out[at++] = 'Z';
        }
        return at;
    }

    private static int two(byte[] out, int at, int value) {
        out[at] = (byte) ('0' + value / 10);
        out[at + 1] = (byte) ('0' + value % 10);
        return at + 2;
    }

    @Override
    public String toString() {
        return pattern;
    }

    /** Epoch micros of a matching value, or NO_MATCH. */
    private long scan(byte[] buf, int off, int len) {
        // The commonest shapes, exactly as wide as they must be (no spaces around), are read eight bytes at a time.
        if (len == 19 && isoSeconds) {
            long micros = isoTimestamp(buf, off);
            if (micros != TemporalSyntax.NO_MATCH) {
                return micros;
            }
        } else if (len == 10 && isoDateAlone) {
            long day = isoDate(buf, off);
            if (day != TemporalSyntax.NO_MATCH) {
                return day * TemporalSyntax.MICROS_PER_DAY;
            }
        }
        return scanEachByte(buf, off, len);
    }

    /** {@code yyyy-MM-dd} at {@code off} (ten bytes) as its epoch day, or NO_MATCH (the byte-wise scan then decides). */
    private static long isoDate(byte[] buf, int off) {
        long ymd = Swar.word(buf, off); // yyyy-MM-
        long md = Swar.word(buf, off + 2); // yy-MM-dd
        if ((ymd & YMD_SEPARATORS) != YMD_DASHES || !allDigits(ymd, YMD_SEPARATORS) || !allDigits(md, BYTES_2_AND_5)) {
            return TemporalSyntax.NO_MATCH;
        }
        return epochDayOrNoMatch(year(ymd), digitPair(ymd, 5), digitPair(md, 6));
    }

    /**
     * {@code yyyy-MM-dd HH:mm:ss} (or with {@code T}) at {@code off} (nineteen bytes) as epoch microseconds, or
     * NO_MATCH (the byte-wise scan then decides).
     */
    private long isoTimestamp(byte[] buf, int off) {
        long ymd = Swar.word(buf, off); // yyyy-MM-
        long dayHourMinute = Swar.word(buf, off + 8); // dd HH:mm
        long hms = Swar.word(buf, off + 11); // HH:mm:ss
        if ((ymd & YMD_SEPARATORS) != YMD_DASHES || (dayHourMinute & BYTES_2_AND_5) != dhmSeparators
                || (hms & BYTES_2_AND_5) != HMS_COLONS || !allDigits(ymd, YMD_SEPARATORS)
                || !allDigits(dayHourMinute, BYTES_2_AND_5) || !allDigits(hms, BYTES_2_AND_5)) {
            return TemporalSyntax.NO_MATCH;
        }
        long day = epochDayOrNoMatch(year(ymd), digitPair(ymd, 5), digitPair(dayHourMinute, 0));
        int hour = digitPair(hms, 0);
        int minute = digitPair(hms, 3);
        int second = digitPair(hms, 6);
        if (day == TemporalSyntax.NO_MATCH || hour > 23 || minute > 59 || second > 59) {
            return TemporalSyntax.NO_MATCH;
        }
        return day * TemporalSyntax.MICROS_PER_DAY + ((hour * 60L + minute) * 60 + second) * 1_000_000L;
    }

    // Byte k of a word is the character at offset k: masks of the separator bytes and the separators they must hold.
    private static final long YMD_SEPARATORS = 0xFFL << 32 | 0xFFL << 56;
    private static final long YMD_DASHES = (long) '-' << 32 | (long) '-' << 56;
    /** The separators of {@code yy-MM-dd}, {@code dd HH:mm} and {@code HH:mm:ss} alike. */
    private static final long BYTES_2_AND_5 = 0xFFL << 16 | 0xFFL << 40;
    private static final long HMS_COLONS = (long) ':' << 16 | (long) ':' << 40;
    private static final long ZEROS = 0x3030303030303030L;

    /** Whether every byte of {@code word} outside {@code separators} is an ASCII digit. */
    private static boolean allDigits(long word, long separators) {
        long d = ((word & ~separators) | (ZEROS & separators)) ^ ZEROS; // 0..9 in each digit byte, if digits
        return (((d + 0x7676767676767676L) | d) & 0x8080808080808080L) == 0;
    }

    private static int digit(long word, int k) {
        return (int) (word >>> (8 * k)) & 0x0F;
    }

    private static int digitPair(long word, int k) {
        return digit(word, k) * 10 + digit(word, k + 1);
    }

    private static int year(long ymd) {
        return digitPair(ymd, 0) * 100 + digitPair(ymd, 2);
    }

    private static long epochDayOrNoMatch(int year, int month, int day) {
        if (month < 1 || month > 12 || day < 1 || day > TemporalSyntax.daysInMonth(year, month)) {
            return TemporalSyntax.NO_MATCH;
        }
        return TemporalSyntax.epochDay(year, month, day);
    }

    /** What {@link #scan} answers, byte by byte, for every shape the layout accepts. */
    long scanEachByte(byte[] buf, int off, int len) {
        int s = ValueParsers.trimStart(buf, off, off + len);
        int e = ValueParsers.trimEnd(buf, s, off + len);
        long packedDate = TemporalSyntax.date(buf, s, e, part);
        if (packedDate == TemporalSyntax.NO_MATCH) {
            return TemporalSyntax.NO_MATCH;
        }
        long dayMicros = TemporalSyntax.dateEpochDay(packedDate) * TemporalSyntax.MICROS_PER_DAY;
        int q = s + TemporalSyntax.dateLength(packedDate);
        if (q == e) {
            return time == Time.REQUIRED ? TemporalSyntax.NO_MATCH : dayMicros;
        }
        if (time == Time.NONE || buf[q] != (tSeparator ? 'T' : ' ')) {
            return TemporalSyntax.NO_MATCH;
        }
        long packedTime = TemporalSyntax.time(buf, q + 1, e, offset, part == TemporalSyntax.ISO);
        if (packedTime == TemporalSyntax.NO_MATCH || TemporalSyntax.timeHasOffset(packedTime) != offset) {
            return TemporalSyntax.NO_MATCH;
        }
        return dayMicros + TemporalSyntax.timeMicrosOfDay(packedTime)
                - TemporalSyntax.timeOffsetSeconds(packedTime) * 1_000_000L;
    }

    private long scanDate(byte[] buf, int off, int len) {
        int s = ValueParsers.trimStart(buf, off, off + len);
        int e = ValueParsers.trimEnd(buf, s, off + len);
        return TemporalSyntax.date(buf, s, e, part);
    }

    private String buildPattern() {
        String date = TemporalSyntax.PART_PATTERNS[part];
        if (time == Time.NONE) {
            return date;
        }
        String body = (tSeparator ? "'T'" : " ") + TIME_BODY + (offset ? "XXX" : "");
        return time == Time.REQUIRED ? date + body : date + "[" + body + "]";
    }

    private IllegalArgumentException mismatch(byte[] buf, int off, int len) {
        String text = new String(buf, off, Math.min(len, 64), java.nio.charset.StandardCharsets.UTF_8);
        return new IllegalArgumentException("value \"" + text + "\" does not match " + pattern);
    }
}
