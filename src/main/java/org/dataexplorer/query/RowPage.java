package org.dataexplorer.query;

import java.util.List;

/**
 * Rows as typed values: {@code Long}, {@code Double}, {@code Boolean}, {@code String} (also dates and
 * timestamps, as ISO-8601) or null.
 *
 * @param columns names of the returned columns
 * @param rows    one array per row, in column order
 */
public record RowPage(List<String> columns, List<Object[]> rows) {
}
