package org.dataexplorer.query.filter;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import org.dataexplorer.query.QueryException;
import org.dataexplorer.store.ColumnType;

/** Parses filter operands by the column's type, the way values are stored (see {@link ColumnType}). */
public final class TypedValues {

    private TypedValues() {
    }

    /** INTEGER, BOOLEAN (0/1), DATE (epoch day) or TIMESTAMP (epoch micros) as a long. */
    public static long parseLong(ColumnType type, String text, String parameter) {
        String t = text.trim();
        try {
            return switch (type) {
                case INTEGER -> Long.parseLong(t);
                case BOOLEAN -> parseBoolean(t) ? 1 : 0;
                case DATE -> LocalDate.parse(t).toEpochDay();
                case TIMESTAMP -> parseTimestamp(t);
                default -> throw new IllegalArgumentException(type + " is not held as a long");
            };
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw new QueryException(parameter, "'" + text + "' is not " + describe(type));
        }
    }

    public static double parseDouble(String text, String parameter) {
        try {
            String t = text.trim();
            if (!t.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?|(?i)[-+]?(infinity|nan)")) {
                throw new NumberFormatException(t);
            }
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new QueryException(parameter, "'" + text + "' is not " + describe(ColumnType.FLOAT));
        }
    }

    static boolean parseBoolean(String t) {
        return switch (t.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "t", "y" -> true;
            case "false", "0", "no", "f", "n" -> false;
            default -> throw new NumberFormatException(t);
        };
    }

    /** ISO date, date-time (local, read as stored: UTC when the source had offsets) or with an offset. */
    static long parseTimestamp(String t) {
        String s = t.replace(' ', 'T');
        if (s.length() <= 10) {
            return Math.multiplyExact(LocalDate.parse(s).toEpochDay(), 86_400_000_000L);
        }
        try {
            return micros(LocalDateTime.parse(s));
        } catch (DateTimeParseException e) {
            OffsetDateTime odt = OffsetDateTime.parse(s.endsWith("z") ? s.substring(0, s.length() - 1) + "Z" : s);
            return micros(odt.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
        }
    }

    private static long micros(LocalDateTime t) {
        return ChronoUnit.MICROS.between(LocalDateTime.of(1970, 1, 1, 0, 0), t);
    }

    static String describe(ColumnType type) {
        return switch (type) {
            case INTEGER -> "an integer";
            case FLOAT -> "a number";
            case BOOLEAN -> "a boolean (true/false)";
            case DATE -> "a date (yyyy-MM-dd)";
            case TIMESTAMP -> "a timestamp (yyyy-MM-ddTHH:mm:ss)";
            case STRING -> "a string";
        };
    }
}
