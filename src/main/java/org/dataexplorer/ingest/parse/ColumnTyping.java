package org.dataexplorer.ingest.parse;

import org.dataexplorer.store.ColumnType;

/** The type a column's values are encoded with, and the layout of its dates and timestamps. */
public record ColumnTyping(ColumnType type, String format) {
}
