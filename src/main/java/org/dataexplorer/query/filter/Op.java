package org.dataexplorer.query.filter;

import java.util.Locale;

/** Filter operators, named as in the {@code column__op=value} query parameters. */
public enum Op {
    EXACT, NOT, GT, GTE, LT, LTE, CONTAINS, ICONTAINS, STARTSWITH, ENDSWITH, IN, NOTIN, ISNULL, NOTNULL, BETWEEN,
    REGEX;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The operator named {@code name} (as in {@code __gte}), or null when there is none. */
    public static Op parse(String name) {
        for (Op op : values()) {
            if (op.jsonName().equals(name)) {
                return op;
            }
        }
        return null;
    }

    boolean textOnly() {
        return this == CONTAINS || this == ICONTAINS || this == STARTSWITH || this == ENDSWITH || this == REGEX;
    }
}
