package org.dataexplorer.query;

import java.util.List;

/**
 * A page of a row query.
 *
 * @param count      rows the filters keep (exact)
 * @param columns    returned column names
 * @param rows       typed values, one array per row
 * @param nextCursor token for the next page in keyset paging, null on the last page or with offset paging
 */
public record RowResult(long count, List<String> columns, List<Object[]> rows, String nextCursor) {
}
