package org.dataexplorer.query.gw;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Graphic Walker's offset-date model (computation.md §4). Offsets are minutes with
 * {@code Date#getTimezoneOffset}'s sign (UTC+2 is -120): wall-clock time at offset {@code o} is
 * {@code epochMs - o * 60000}. Calendar fields are read and truncated in that wall-clock time and the
 * result is turned back into epoch milliseconds.
 */
final class OffsetDates {

    static final long NONE = Long.MIN_VALUE;
    static final Set<String> DRILL_LEVELS = Set.of("year", "quarter", "month", "week", "day", "hour", "minute",
            "second", "iso_year", "iso_week");
    static final Set<String> FEATURE_LEVELS = Set.of("year", "quarter", "month", "week", "weekday", "day", "hour",
            "minute", "second", "iso_year", "iso_week", "iso_weekday");

    private static final long MINUTE = 60_000L;
    private static final Pattern YEAR = Pattern.compile("[+-]?\\d{4,6}");
    private static final Pattern YEAR_MONTH = Pattern.compile("\\d{4}-\\d{2}");

    private OffsetDates() {
    }

    /** Wall-clock milliseconds (as if UTC) to epoch milliseconds at {@code offset}. */
    static long fromWallClock(long wallMs, int offset) {
        return wallMs + offset * MINUTE;
    }

    private static LocalDateTime wallClock(long epochMs, int offset) {
        long wall = epochMs - offset * MINUTE;
        return LocalDateTime.ofEpochSecond(Math.floorDiv(wall, 1000L), (int) Math.floorMod(wall, 1000L) * 1_000_000,
                ZoneOffset.UTC);
    }

    private static long epoch(LocalDateTime wall, int offset) {
        return wall.toInstant(ZoneOffset.UTC).toEpochMilli() + offset * MINUTE;
    }

    /** The start of the display-time unit holding {@code epochMs}, in epoch milliseconds. */
    static long drill(long epochMs, String level, int displayOffset) {
        return new Drill(level, displayOffset).apply(epochMs);
    }

    /**
     * {@code dateTimeDrill} at one level and display offset. Units of a day or less are arithmetic; longer
     * ones go through the calendar once per day, the last day's answer being remembered (rows close in time
     * are usually neighbours).
     */
    static final class Drill {
        private static final long DAY = 86_400_000L;

        private final String level;
        private final long shift;
        private final long unit;
        private long lastDay = Long.MIN_VALUE;
        private long lastStart;

        Drill(String level, int displayOffset) {
            if (!DRILL_LEVELS.contains(level)) {
                throw new IllegalArgumentException(level);
            }
            this.level = level;
            this.shift = displayOffset * MINUTE;
            this.unit = switch (level) {
                case "day" -> DAY;
                case "hour" -> 3_600_000L;
                case "minute" -> MINUTE;
                case "second" -> 1000L;
                default -> 0;
            };
        }

        long apply(long epochMs) {
            long wall = epochMs - shift;
            if (unit > 0) {
                return Math.floorDiv(wall, unit) * unit + shift;
            }
            long day = Math.floorDiv(wall, DAY);
            if (day != lastDay) {
                lastStart = startDay(LocalDate.ofEpochDay(day));
                lastDay = day;
            }
            return lastStart * DAY + shift;
        }

        private long startDay(LocalDate d) {
            LocalDate start = switch (level) {
                case "year" -> d.withDayOfYear(1);
                case "quarter" -> LocalDate.of(d.getYear(), (d.getMonthValue() - 1) / 3 * 3 + 1, 1);
                case "month" -> d.withDayOfMonth(1);
                case "week" -> d.with(TemporalAdjusters.previousOrSame(DayOfWeek.SUNDAY));
                case "iso_year" -> LocalDate.of(d.get(IsoFields.WEEK_BASED_YEAR), 1, 1);
                case "iso_week" -> d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                default -> throw new IllegalArgumentException(level);
            };
            return start.toEpochDay();
        }
    }

    /** A display-time calendar component of {@code epochMs}. */
    static int feature(long epochMs, String level, int displayOffset) {
        LocalDateTime t = wallClock(epochMs, displayOffset);
        LocalDate d = t.toLocalDate();
        return switch (level) {
            case "year" -> d.getYear();
            case "quarter" -> (d.getMonthValue() - 1) / 3 + 1;
            case "month" -> d.getMonthValue();
            case "week" -> {
                // Week 1 is the Sunday-starting week that holds January 1.
                LocalDate firstSunday = d.withDayOfYear(1).with(TemporalAdjusters.previousOrSame(DayOfWeek.SUNDAY));
                yield (int) (ChronoUnit.DAYS.between(firstSunday, d) / 7) + 1;
            }
            case "weekday" -> d.getDayOfWeek().getValue() % 7;
            case "day" -> d.getDayOfMonth();
            case "hour" -> t.getHour();
            case "minute" -> t.getMinute();
            case "second" -> t.getSecond();
            case "iso_year" -> d.get(IsoFields.WEEK_BASED_YEAR);
            case "iso_week" -> d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            case "iso_weekday" -> d.getDayOfWeek().getValue();
            default -> throw new IllegalArgumentException(level);
        };
    }

    /**
     * A date string's epoch milliseconds: ISO forms {@code YYYY}, {@code YYYY-MM}, {@code YYYY-MM-DD},
     * {@code YYYY-MM-DD[T ]HH:mm[:ss[.fff]]} are wall-clock time at {@code offset}; with a {@code Z} or
     * {@code ±hh:mm} suffix they are absolute. {@link #NONE} when the text is none of these.
     */
    static long parse(String text, int offset) {
        String s = text.strip();
        try {
            if (YEAR.matcher(s).matches()) {
                return epoch(LocalDate.of(Integer.parseInt(s), 1, 1).atStartOfDay(), offset);
            }
            if (YEAR_MONTH.matcher(s).matches()) {
                return epoch(LocalDate.parse(s + "-01").atStartOfDay(), offset);
            }
            if (s.length() == 10) {
                return epoch(LocalDate.parse(s).atStartOfDay(), offset);
            }
            String iso = s.length() > 10 && s.charAt(10) == ' ' ? s.substring(0, 10) + 'T' + s.substring(11) : s;
            if (iso.endsWith("Z") || iso.length() > 19 && hasOffset(iso)) {
                return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
            }
            return epoch(LocalDateTime.parse(iso), offset);
        } catch (DateTimeParseException | NumberFormatException e) {
            return NONE;
        }
    }

    private static boolean hasOffset(String iso) {
        int t = iso.indexOf('T');
        if (t < 0) {
            return false;
        }
        String time = iso.substring(t);
        return time.indexOf('+') > 0 || time.indexOf('-') > 0;
    }
}
