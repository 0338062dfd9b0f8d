package org.dataexplorer.export;

import java.io.IOException;
import java.time.LocalDate;

import org.dataexplorer.store.ColumnSchema;
import org.dataexplorer.store.ColumnType;

/**
 * Writes DATE (epoch days) and TIMESTAMP (epoch microseconds) values as text, either in ISO-8601 or in the
 * layout the column was detected in (its {@code format}), without allocating. Timestamps that carried an
 * offset are stored in UTC and written with {@code Z}; a layout whose time is optional writes midnight as
 * the date alone, as such values were most likely written in the source.
 */
final class TemporalText {

    private static final long MICROS_PER_DAY = 86_400_000_000L;

    private enum DatePart { YMD_DASH, YMD_SLASH, DMY_SLASH, MDY_SLASH, DMY_DOT }

    private final DatePart part;
    private final boolean timestamp;
    private final boolean timeOptional;
    private final char separator;
    private final boolean utc;
    private final int[] ymd = new int[3];

    private TemporalText(DatePart part, boolean timestamp, boolean timeOptional, char separator, boolean utc) {
        this.part = part;
        this.timestamp = timestamp;
        this.timeOptional = timeOptional;
        this.separator = separator;
        this.utc = utc;
    }

    /** The writer for a DATE or TIMESTAMP column. */
    static TemporalText of(ColumnSchema column, boolean iso) {
        boolean timestamp = column.type() == ColumnType.TIMESTAMP;
        String format = column.format();
        boolean utc = timestamp && format != null && format.contains("XXX");
        if (iso || format == null) {
            return new TemporalText(DatePart.YMD_DASH, timestamp, false, 'T', utc);
        }
        DatePart part;
        if (format.startsWith("yyyy-MM-dd")) {
            part = DatePart.YMD_DASH;
        } else if (format.startsWith("yyyy/MM/dd")) {
            part = DatePart.YMD_SLASH;
        } else if (format.startsWith("dd/MM/yyyy")) {
            part = DatePart.DMY_SLASH;
        } else if (format.startsWith("MM/dd/yyyy")) {
            part = DatePart.MDY_SLASH;
        } else if (format.startsWith("dd.MM.yyyy")) {
            part = DatePart.DMY_DOT;
        } else {
            return new TemporalText(DatePart.YMD_DASH, timestamp, false, 'T', utc);
        }
        String rest = format.substring(10);
        boolean optional = rest.startsWith("[");
        char separator = rest.contains("'T'") ? 'T' : ' ';
        return new TemporalText(part, timestamp, optional, separator, utc);
    }

    /** Writes one value: epoch days for a DATE column, epoch microseconds for a TIMESTAMP column. */
    void write(long value, ByteOut out) throws IOException {
        if (!timestamp) {
            date(value, out);
            return;
        }
        long day = Math.floorDiv(value, MICROS_PER_DAY);
        long ofDay = Math.floorMod(value, MICROS_PER_DAY);
        date(day, out);
        if (timeOptional && ofDay == 0) {
            return;
        }
        out.write(separator);
        long seconds = ofDay / 1_000_000;
        int fraction = (int) (ofDay % 1_000_000);
        out.padded(seconds / 3600, 2);
        out.write(':');
        out.padded(seconds / 60 % 60, 2);
        out.write(':');
        out.padded(seconds % 60, 2);
        if (fraction != 0) {
            int digits = 6;
            while (fraction % 10 == 0) {
                fraction /= 10;
                digits--;
            }
            out.write('.');
            out.padded(fraction, digits);
        }
        if (utc) {
            out.write('Z');
        }
    }

    private void date(long epochDay, ByteOut out) throws IOException {
        civil(epochDay);
        int y = ymd[0];
        if (y < 0 || y > 9999) {
            out.ascii(LocalDate.ofEpochDay(epochDay).toString());
            return;
        }
        switch (part) {
            case YMD_DASH, YMD_SLASH -> {
                char sep = part == DatePart.YMD_DASH ? '-' : '/';
                out.padded(y, 4);
                out.write(sep);
                out.padded(ymd[1], 2);
                out.write(sep);
                out.padded(ymd[2], 2);
            }
            case DMY_SLASH, DMY_DOT -> {
                char sep = part == DatePart.DMY_DOT ? '.' : '/';
                out.padded(ymd[2], 2);
                out.write(sep);
                out.padded(ymd[1], 2);
                out.write(sep);
                out.padded(y, 4);
            }
            case MDY_SLASH -> {
                out.padded(ymd[1], 2);
                out.write('/');
                out.padded(ymd[2], 2);
                out.write('/');
                out.padded(y, 4);
            }
        }
    }

    /** Year, month, day of an epoch day (H. Hinnant's days_from_civil inverse), into {@link #ymd}. */
    private void civil(long epochDay) {
        long z = epochDay + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long d = doy - (153 * mp + 2) / 5 + 1;
        long m = mp < 10 ? mp + 3 : mp - 9;
        long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
        ymd[0] = (int) y;
        ymd[1] = (int) m;
        ymd[2] = (int) d;
    }
}
