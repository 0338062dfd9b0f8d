package org.dataexplorer.store;

/**
 * One column of a dataset.
 *
 * @param index  0-based position
 * @param name   unique, non-empty name
 * @param type   logical type over the whole file
 * @param nullable whether any null was seen
 * @param format the source layout of dates and timestamps (a {@link java.time.format.DateTimeFormatter}
 *               pattern), else null
 */
public record ColumnSchema(int index, String name, ColumnType type, boolean nullable, String format) {
}
