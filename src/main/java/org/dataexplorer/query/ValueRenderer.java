package org.dataexplorer.query;

import org.dataexplorer.ingest.parse.TemporalLayout;
import org.dataexplorer.store.ColumnChunk;
import org.dataexplorer.store.ColumnSchema;
import org.dataexplorer.store.ColumnType;

/**
 * Turns stored values into the typed values clients see. A chunk sealed while a column's type was
 * still narrower (only while the upload runs, or integer chunks of a float column) is shown in the
 * column's current type. Immutable.
 */
public final class ValueRenderer {

    private final ColumnType type;
    private final boolean utc;

    public ValueRenderer(ColumnSchema column) {
        this.type = column.type();
        this.utc = column.type() == ColumnType.TIMESTAMP && column.format() != null
                && TemporalLayout.of(column.format()).hasOffset();
    }

    public Object value(ColumnChunk chunk, int row) {
        if (chunk.isNull(row)) {
            return null;
        }
        Object stored = stored(chunk.type(), chunk, row);
        if (chunk.type() == type) {
            return stored;
        }
        if (type == ColumnType.FLOAT && stored instanceof Long l) {
            return (double) l;
        }
        if (type == ColumnType.STRING) {
            return String.valueOf(stored);
        }
        return stored;
    }

    /**
     * Writes the cell {@link #value} would return, without boxing it: numbers as numbers, strings as
     * their stored UTF-8 bytes, dates and timestamps as their ISO text.
     */
    public void write(ColumnChunk chunk, int row, CellSink sink) {
        if (chunk.isNull(row)) {
            sink.nul();
            return;
        }
        ColumnType storedType = chunk.type();
        if (storedType != type) {
            writeObject(value(chunk, row), sink);
            return;
        }
        switch (storedType) {
            case INTEGER -> sink.number(chunk.getLong(row));
            case FLOAT -> {
                double v = chunk.getDouble(row);
                if (Double.isFinite(v)) {
                    sink.number(v);
                } else {
                    sink.nul();
                }
            }
            case BOOLEAN -> sink.bool(chunk.getBoolean(row));
            case DATE -> sink.isoDate(chunk.getLong(row));
            case TIMESTAMP -> sink.isoTimestamp(chunk.getLong(row), utc);
            case STRING -> {
                int start = chunk.utf8Start(row);
                sink.utf8(chunk.utf8Array(), start, chunk.utf8End(row) - start);
            }
        }
    }

    private static void writeObject(Object value, CellSink sink) {
        if (value == null) {
            sink.nul();
        } else if (value instanceof Long l) {
            sink.number(l);
        } else if (value instanceof Double d) {
            sink.number(d);
        } else if (value instanceof Boolean b) {
            sink.bool(b);
        } else {
            sink.string(value.toString());
        }
    }

    private Object stored(ColumnType storedType, ColumnChunk chunk, int row) {
        return switch (storedType) {
            case INTEGER -> chunk.getLong(row);
            case FLOAT -> finite(chunk.getDouble(row));
            case BOOLEAN -> chunk.getBoolean(row);
            case DATE -> TemporalLayout.formatIsoDate(chunk.getLong(row));
            case TIMESTAMP -> TemporalLayout.formatIsoTimestamp(chunk.getLong(row), utc);
            case STRING -> chunk.getString(row);
        };
    }

    /** JSON has no NaN or infinities. */
    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** A min/max bound of a chunk, in the column's type. */
    public Object bound(ColumnType storedType, long asLong, double asDouble, String asString) {
        Object value = switch (storedType) {
            case INTEGER -> asLong;
            case FLOAT -> finite(asDouble);
            case BOOLEAN -> asLong != 0;
            case DATE -> TemporalLayout.formatIsoDate(asLong);
            case TIMESTAMP -> TemporalLayout.formatIsoTimestamp(asLong, utc);
            case STRING -> asString;
        };
        if (type == ColumnType.FLOAT && value instanceof Long l) {
            return (double) l;
        }
        return value;
    }
}
