package org.dataexplorer.query.agg;

import java.util.List;

/**
 * Groups of a query.
 *
 * @param rowCount rows the filters kept
 * @param groups   groups after {@code having}, before offset/limit
 * @param columns  output column names: group keys, then aggregates
 * @param rows     one array per group
 */
public record GroupResult(long rowCount, long groups, List<String> columns, List<Object[]> rows) {
}
