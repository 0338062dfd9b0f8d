package org.dataexplorer.store.stats;

import java.util.List;

import org.dataexplorer.store.ColumnType;

/**
 * Statistics of one column over a whole dataset, computed while it was ingested. Values are raw:
 * integers, booleans (0/1), dates (epoch days) and timestamps (epoch micros) in the {@code Long}
 * members, floats in the {@code Double} ones, strings in the {@code String} ones; quantiles and
 * histogram edges are doubles in the same units. Members that do not apply to the type are null.
 *
 * @param distinctApproximate the distinct count is a HyperLogLog estimate (more distinct values than
 *                            {@code stats.distinct.exact.max})
 * @param topApproximate      topValues counts are frequent-items sketch estimates
 * @param sortOrder           {@code ascending}, {@code descending} or {@code unsorted} (nulls ignored)
 */
public record ColumnProfile(String name, ColumnType type, long count, long nullCount, long distinct,
                            boolean distinctApproximate, Long minLong, Long maxLong, Double minDouble,
                            Double maxDouble, String minString, String maxString, Double sum, Double mean,
                            Double stddev, Double variance, Double p5, Double q1, Double median, Double q3,
                            Double p95, Integer minLength, Integer maxLength, Double meanLength, Long zeros,
                            Long negatives, List<TopValue> topValues, boolean topApproximate, List<Bin> histogram,
                            String sortOrder) {

    public ColumnProfile {
        topValues = topValues == null ? List.of() : List.copyOf(topValues);
        histogram = histogram == null ? List.of() : List.copyOf(histogram);
    }

    /** A value (Long, Double or String, raw as above) and how often it occurs. */
    public record TopValue(Object value, long count) {
    }

    /** A histogram bin {@code [low, high)} (the last one includes high). */
    public record Bin(double low, double high, long count) {
    }
}
