package org.dataexplorer.query;

import java.util.List;
import java.util.Map;

/**
 * Full statistics of one column, values typed like row values (dates and timestamps as ISO strings,
 * quantiles and histogram edges too). Members that do not apply are null; while a dataset is still
 * ingesting only {@code type, count, nullCount, min, max} are known.
 */
public record ColumnSummary(String name, String type, long count, long nullCount, Long distinctCount,
                            Boolean distinctApproximate, Object min, Object max, Double sum, Double mean,
                            Double stddev, Double variance, Object q1, Object median, Object q3,
                            Map<String, Object> percentiles, Integer minLength, Integer maxLength, Double meanLength,
                            Long zeros, Long negatives, List<ValueCount> topValues, Boolean topValuesApproximate,
                            List<HistogramBin> histogram, String sortOrder) {

    public record ValueCount(Object value, long count) {
    }

    public record HistogramBin(Object low, Object high, long count) {
    }
}
