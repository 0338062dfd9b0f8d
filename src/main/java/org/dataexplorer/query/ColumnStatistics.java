package org.dataexplorer.query;

/**
 * Summary of one column; min and max are typed like row values and null when every value is null.
 */
public record ColumnStatistics(String name, String type, long count, long nullCount, Object min, Object max) {
}
