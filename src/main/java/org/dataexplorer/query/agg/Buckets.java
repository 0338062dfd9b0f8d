package org.dataexplorer.query.agg;

import java.time.DayOfWeek;
import java.time.LocalDate;

/** Truncates dates (epoch days) and timestamps (epoch micros) to the start of their bucket. */
final class Buckets {

    static final long MICROS_PER_DAY = 86_400_000_000L;
    static final long MICROS_PER_HOUR = 3_600_000_000L;

    private long lastDay = Long.MIN_VALUE;
    private long lastBucket;

    /** The first day of the bucket holding {@code epochDay}; DAY and HOUR give the day itself. */
    long day(long epochDay, GroupKey.Bucket bucket) {
        if (epochDay == lastDay) {
            return lastBucket;
        }
        LocalDate d = LocalDate.ofEpochDay(epochDay);
        LocalDate start = switch (bucket) {
            case YEAR -> d.withDayOfYear(1);
            case QUARTER -> LocalDate.of(d.getYear(), (d.getMonthValue() - 1) / 3 * 3 + 1, 1);
            case MONTH -> d.withDayOfMonth(1);
            case WEEK -> d.minusDays(d.getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue());
            case DAY, HOUR -> d;
        };
        lastDay = epochDay;
        lastBucket = start.toEpochDay();
        return lastBucket;
    }

    long micros(long micros, GroupKey.Bucket bucket) {
        if (bucket == GroupKey.Bucket.HOUR) {
            return Math.floorDiv(micros, MICROS_PER_HOUR) * MICROS_PER_HOUR;
        }
        return day(Math.floorDiv(micros, MICROS_PER_DAY), bucket) * MICROS_PER_DAY;
    }
}
