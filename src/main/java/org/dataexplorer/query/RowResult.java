package org.dataexplorer.query;

import java.util.List;

/**
 * A page of a row query.
 *
 * @param count      rows the filters keep (exact)
 * @param columns    returned column names
 * @param rows       typed values, one array per row
 * @param nextCursor     token for the next page in keyset paging, null on the last page or with offset paging
 * @param previousCursor token for the page before in keyset paging, null on the first page or with offset paging
 * @param position       selected rows before this page, or -1 when a cursor did not say
 */
public record RowResult(long count, List<String> columns, List<Object[]> rows, String nextCursor,
                        String previousCursor, long position) {
}
