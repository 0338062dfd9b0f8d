package org.dataexplorer.query.sort;

/** One sort column; {@code sort=a,-b} gives {@code (a, asc), (b, desc)}. */
public record SortKey(String column, boolean descending) {

    public String normalized() {
        return (descending ? "-" : "+") + column.length() + ":" + column;
    }
}
