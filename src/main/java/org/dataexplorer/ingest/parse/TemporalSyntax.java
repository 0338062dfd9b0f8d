package org.dataexplorer.ingest.parse;

/**
 * Allocation-free scanners for the date and time parts that {@link TemporalLayout} and
 * {@link TypeInference} share. Results are packed into a {@code long}; {@link #NO_MATCH} means the
 * bytes do not fit.
 */
final class TemporalSyntax {

    static final long NO_MATCH = -1L;

    /** Date parts, in order of preference when several fit a column. */
    static final int ISO = 0;
    static final int YMD_SLASH = 1;
    static final int DMY_SLASH = 2;
    static final int MDY_SLASH = 3;
    static final int DMY_DOT = 4;
    static final int PART_COUNT = 5;
    static final int ALL_PARTS = (1 << PART_COUNT) - 1;

    static final String[] PART_PATTERNS = {"yyyy-MM-dd", "yyyy/MM/dd", "dd/MM/yyyy", "MM/dd/yyyy", "dd.MM.yyyy"};

    static final long MICROS_PER_DAY = 86_400_000_000L;

    private static final long DAY_BIAS = 1L << 30;
    private static final long OFFSET_BIAS = 1L << 17;

    private TemporalSyntax() {
    }

    /**
     * Scans a date of {@code part} starting at {@code p}. Returns {@code (epochDay + bias) << 8 | consumed}
     * or {@link #NO_MATCH}. The date must end at {@code end} or be followed by a space or {@code T}.
     * ISO needs two-digit month and day; the other parts accept one or two digits.
     */
    static long date(byte[] b, int p, int end, int part) {
        int year;
        int month;
        int day;
        int q = p;
        switch (part) {
            case ISO, YMD_SLASH -> {
                byte sep = part == ISO ? (byte) '-' : (byte) '/';
                if (end - q < (part == ISO ? 10 : 8)) {
                    return NO_MATCH;
                }
                year = digits(b, q, 4);
                q += 4;
                if (year < 0 || b[q++] != sep) {
                    return NO_MATCH;
                }
                int n = part == ISO ? 2 : digitRun(b, q, end, 2);
                month = n == 2 ? digits(b, q, 2) : n == 1 ? b[q] - '0' : -1;
                q += n;
                if (month < 0 || q >= end || b[q++] != sep) {
                    return NO_MATCH;
                }
                n = part == ISO ? Math.min(2, end - q) : digitRun(b, q, end, 2);
                day = n == 2 ? digits(b, q, 2) : (n == 1 && part != ISO) ? b[q] - '0' : -1;
                q += n;
            }
            case DMY_SLASH, MDY_SLASH, DMY_DOT -> {
                byte sep = part == DMY_DOT ? (byte) '.' : (byte) '/';
                int n = digitRun(b, q, end, 2);
                int first = n == 2 ? digits(b, q, 2) : n == 1 ? b[q] - '0' : -1;
                q += n;
                if (first < 0 || q >= end || b[q++] != sep) {
                    return NO_MATCH;
                }
                n = digitRun(b, q, end, 2);
                int second = n == 2 ? digits(b, q, 2) : n == 1 ? b[q] - '0' : -1;
                q += n;
                if (second < 0 || q >= end || b[q++] != sep || end - q < 4) {
                    return NO_MATCH;
                }
                year = digits(b, q, 4);
                q += 4;
                if (part == MDY_SLASH) {
                    month = first;
                    day = second;
                } else {
                    day = first;
                    month = second;
                }
            }
            default -> throw new IllegalArgumentException("date part " + part);
        }
        if (year < 0 || day < 0 || q < end && b[q] != ' ' && b[q] != 'T') {
            return NO_MATCH;
        }
        if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
            return NO_MATCH;
        }
        return (epochDay(year, month, day) + DAY_BIAS) << 8 | (q - p);
    }

    static long dateEpochDay(long packed) {
        return (packed >>> 8) - DAY_BIAS;
    }

    static int dateLength(long packed) {
        return (int) (packed & 0xFF);
    }

    /**
     * Scans {@code HH:mm[:ss[.fraction]]} plus, with {@code allowOffset}, an optional {@code Z},
     * {@code +hh}, {@code +hhmm} or {@code +hh:mm}, which must end exactly at {@code end}. Returns
     * {@code hasOffset << 56 | (offsetSeconds + bias) << 37 | microsOfDay} or {@link #NO_MATCH}.
     * Fractions beyond microseconds are truncated. A one-digit hour is accepted unless {@code strict}.
     */
    static long time(byte[] b, int p, int end, boolean allowOffset, boolean strict) {
        int n = strict ? (end - p >= 2 ? 2 : 0) : digitRun(b, p, end, 2);
        int hour = n == 2 ? digits(b, p, 2) : (n == 1 && !strict) ? b[p] - '0' : -1;
        p += n;
        if (hour < 0 || hour > 23 || end - p < 3 || b[p] != ':') {
            return NO_MATCH;
        }
        int minute = digits(b, p + 1, 2);
        p += 3;
        if (minute < 0 || minute > 59) {
            return NO_MATCH;
        }
        int second = 0;
        long micros = 0;
        if (p < end && b[p] == ':') {
            if (end - p < 3) {
                return NO_MATCH;
            }
            second = digits(b, p + 1, 2);
            p += 3;
            if (second < 0 || second > 59) {
                return NO_MATCH;
            }
            if (p < end && b[p] == '.') {
                p++;
                int start = p;
                while (p < end && TemporalSyntax.isDigit(b[p])) {
                    if (p - start < 6) {
                        micros = micros * 10 + (b[p] - '0');
                    }
                    p++;
                }
                int count = p - start;
                if (count == 0 || count > 9) {
                    return NO_MATCH;
                }
                for (int i = count; i < 6; i++) {
                    micros *= 10;
                }
            }
        }
        boolean hasOffset = false;
        int offsetSeconds = 0;
        if (p < end && allowOffset) {
            byte c = b[p];
            if (c == 'Z' || c == 'z') {
                hasOffset = true;
                p++;
            } else if (c == '+' || c == '-') {
                int oh = end - p >= 3 ? digits(b, p + 1, 2) : -1;
                int om = 0;
                p += 3;
                if (oh < 0 || oh > 18) {
                    return NO_MATCH;
                }
                if (p < end) {
                    if (b[p] == ':') {
                        p++;
                    }
                    om = end - p >= 2 ? digits(b, p, 2) : -1;
                    p += 2;
                    if (om < 0 || om > 59) {
                        return NO_MATCH;
                    }
                }
                hasOffset = true;
                offsetSeconds = (oh * 3600 + om * 60) * (c == '-' ? -1 : 1);
            }
        }
        if (p != end) {
            return NO_MATCH;
        }
        long microsOfDay = ((hour * 60L + minute) * 60L + second) * 1_000_000L + micros;
        return (hasOffset ? 1L << 56 : 0L) | (offsetSeconds + OFFSET_BIAS) << 37 | microsOfDay;
    }

    static boolean timeHasOffset(long packed) {
        return (packed >>> 56 & 1L) != 0;
    }

    static long timeMicrosOfDay(long packed) {
        return packed & ((1L << 37) - 1);
    }

    static int timeOffsetSeconds(long packed) {
        return (int) ((packed >>> 37 & ((1L << 19) - 1)) - OFFSET_BIAS);
    }

    static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> isLeap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    static boolean isLeap(int year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    /** Days since 1970-01-01 of a valid proleptic Gregorian date (Hinnant's days_from_civil). */
    static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** Value of exactly {@code count} digits at {@code p}, or -1. Caller guarantees the bytes exist. */
    private static int digits(byte[] b, int p, int count) {
        int v = 0;
        for (int i = 0; i < count; i++) {
            int d = b[p + i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    /** Number of consecutive digits at {@code p}, at most {@code max}; 0 also when more than max follow. */
    private static int digitRun(byte[] b, int p, int end, int max) {
        int n = 0;
        while (p + n < end && isDigit(b[p + n])) {
            if (++n > max) {
                return 0;
            }
        }
        return n;
    }
}
