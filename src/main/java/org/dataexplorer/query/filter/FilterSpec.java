package org.dataexplorer.query.filter;

import java.util.List;

/**
 * One filter as the client wrote it, values still text (they are parsed by the column's type when
 * compiled).
 *
 * @param column    column name
 * @param op        operator
 * @param values    operands: one for most operators, a list for {@code in}/{@code notin}, two for
 *                  {@code between}, none for {@code isnull}/{@code notnull}
 * @param parameter the request parameter to blame in an error (e.g. {@code price__gt} or {@code filters[2]})
 */
public record FilterSpec(String column, Op op, List<String> values, String parameter) {

    public FilterSpec {
        values = List.copyOf(values);
    }

    /** A stable text form, for cache keys. */
    public String normalized() {
        StringBuilder b = new StringBuilder(column.length() + 16).append(column.length()).append(':').append(column)
                .append("__").append(op.jsonName());
        for (String v : values) {
            b.append('|').append(v.length()).append(':').append(v);
        }
        return b.toString();
    }
}
