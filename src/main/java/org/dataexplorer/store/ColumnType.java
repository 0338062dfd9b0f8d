package org.dataexplorer.store;

import java.util.Locale;

/** Logical column types. The stored layout of each is described in {@code store.format}. */
public enum ColumnType {
    /** int64. */
    INTEGER,
    /** IEEE 754 double. */
    FLOAT,
    BOOLEAN,
    /** Days since 1970-01-01, stored as int64. */
    DATE,
    /** Microseconds since 1970-01-01T00:00 (UTC when the source carried an offset), stored as int64. */
    TIMESTAMP,
    /** UTF-8 text, plain or dictionary encoded. */
    STRING;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ColumnType fromJsonName(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }

    /** True when values of this type are held as int64 in a chunk. */
    public boolean isLongBacked() {
        return this == INTEGER || this == DATE || this == TIMESTAMP;
    }
}
