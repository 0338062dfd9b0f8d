package org.dataexplorer.query.agg;

import java.util.List;

import org.dataexplorer.query.filter.FilterSpec;
import org.dataexplorer.query.sort.SortKey;

/**
 * A group-by query.
 *
 * @param filters    row filters, applied before grouping
 * @param groupBy    group keys (empty: one group of all rows)
 * @param aggregates aggregates per group
 * @param having     filters over output columns (group keys and aggregate names), applied after grouping
 * @param sort       order over output columns; default: group keys ascending, nulls last
 * @param nullsFirst nulls before values when sorting
 * @param offset     groups to skip
 * @param limit      groups to return
 */
public record GroupQuery(List<FilterSpec> filters, List<GroupKey> groupBy, List<AggregateSpec> aggregates,
                         List<FilterSpec> having, List<SortKey> sort, boolean nullsFirst, long offset, int limit) {

    public GroupQuery {
        filters = List.copyOf(filters);
        groupBy = List.copyOf(groupBy);
        aggregates = List.copyOf(aggregates);
        having = List.copyOf(having);
        sort = List.copyOf(sort);
    }
}
