package org.dataexplorer.export;

import java.util.List;

import org.dataexplorer.query.filter.FilterSpec;
import org.dataexplorer.query.sort.SortKey;

/**
 * Which rows and columns to export: the same filters, sort and projection as a row query.
 *
 * @param filters    ANDed filters
 * @param sort       sort keys, empty for file order
 * @param nullsFirst nulls before values (default: after)
 * @param columns    projection, empty for all
 */
public record ExportRequest(List<FilterSpec> filters, List<SortKey> sort, boolean nullsFirst, List<String> columns) {

    public ExportRequest {
        filters = List.copyOf(filters);
        sort = List.copyOf(sort);
        columns = List.copyOf(columns);
    }

    public static ExportRequest all() {
        return new ExportRequest(List.of(), List.of(), false, List.of());
    }
}
