package org.dataexplorer.store;

/**
 * What one column of one chunk holds: the type and format its values were encoded with (a chunk
 * sealed early in an upload may hold a narrower type than the column's final one, see
 * {@link ColumnType}), and min/max for skipping chunks in queries.
 *
 * <p>Min and max are set for the member that matches the type: {@code minLong/maxLong} for
 * INTEGER, DATE, TIMESTAMP and BOOLEAN (0/1); {@code minDouble/maxDouble} for FLOAT (NaN ignored);
 * {@code minString/maxString} for STRING (UTF-8 byte order, each cut to at most 64 characters,
 * so max is only a bound). {@code hasMinMax} is false when every value is null.
 */
public record ChunkColumnInfo(ColumnType type, String format, int nullCount, boolean hasMinMax,
                              long minLong, long maxLong, double minDouble, double maxDouble,
                              String minString, String maxString) {
}
