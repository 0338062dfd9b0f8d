package org.dataexplorer.query.agg;

import java.util.Locale;

/**
 * A group-by column, with a bucket for dates and timestamps.
 *
 * @param column column name
 * @param bucket null, or {@code year|quarter|month|week|day|hour}
 */
public record GroupKey(String column, Bucket bucket) {

    public enum Bucket {
        YEAR, QUARTER, MONTH, WEEK, DAY, HOUR;

        public static Bucket parse(String name) {
            if (name == null) {
                return null;
            }
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    /** The output column name: the column, or {@code column_bucket}. */
    public String outputName() {
        return bucket == null ? column : column + "_" + bucket.name().toLowerCase(Locale.ROOT);
    }
}
