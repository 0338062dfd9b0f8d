package org.dataexplorer.query;

import org.dataexplorer.ingest.parse.TemporalLayout;
import org.dataexplorer.store.ColumnChunk;
import org.dataexplorer.store.ColumnSchema;
import org.dataexplorer.store.ColumnType;

/**
 * Turns stored values into the typed values clients see. A chunk sealed while a column's type was
 * still narrower (only while the upload runs, or integer chunks of a float column) is shown in the
 * column's current type.
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
