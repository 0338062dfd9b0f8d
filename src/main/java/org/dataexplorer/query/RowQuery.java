package org.dataexplorer.query;

import java.util.List;

import org.dataexplorer.query.filter.FilterSpec;
import org.dataexplorer.query.sort.SortKey;

/**
 * A request for rows.
 *
 * @param filters    ANDed filters
 * @param sort       sort keys, empty for file order
 * @param nullsFirst nulls before values (default: after)
 * @param columns    projection, empty for all
 * @param offset     rows of the result to skip (ignored with a cursor)
 * @param limit      rows to return
 * @param cursor     null: offset paging; empty: the first page of keyset paging; else a {@code next} token
 */
public record RowQuery(List<FilterSpec> filters, List<SortKey> sort, boolean nullsFirst, List<String> columns,
                       long offset, int limit, String cursor) {

    public RowQuery {
        filters = List.copyOf(filters);
        sort = List.copyOf(sort);
        columns = List.copyOf(columns);
    }
}
