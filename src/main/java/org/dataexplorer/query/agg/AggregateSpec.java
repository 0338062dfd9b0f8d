package org.dataexplorer.query.agg;

import java.util.Locale;

/**
 * One aggregate: {@code fn(column) AS as}.
 *
 * @param column column name, or null/{@code "*"} for {@code count}
 * @param fn     the function
 * @param as     output name (default {@code fn_column}, or {@code count})
 */
public record AggregateSpec(String column, Fn fn, String as) {

    public enum Fn {
        COUNT, COUNT_DISTINCT, SUM, MEAN, MIN, MAX, MEDIAN, STDDEV, VARIANCE, FIRST, LAST;

        public static Fn parse(String name) {
            if (name == null) {
                return null;
            }
            String n = name.trim().toLowerCase(Locale.ROOT);
            if (n.equals("avg") || n.equals("average")) {
                return MEAN;
            }
            for (Fn fn : values()) {
                if (fn.name().toLowerCase(Locale.ROOT).equals(n)) {
                    return fn;
                }
            }
            return null;
        }

        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public boolean countsRows() {
        return fn == Fn.COUNT && (column == null || column.equals("*"));
    }

    public String outputName() {
        if (as != null && !as.isBlank()) {
            return as;
        }
        return countsRows() ? "count" : fn.jsonName() + "_" + column;
    }
}
