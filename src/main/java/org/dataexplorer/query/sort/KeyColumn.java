package org.dataexplorer.query.sort;

import org.dataexplorer.store.ColumnChunk;
import org.dataexplorer.store.ColumnType;

/**
 * A sort column of one chunk, encoded so that comparing the {@code long}s orders the values:
 * numbers as themselves (doubles through their bits; NaN last either way), booleans as 0/1, strings
 * as their first 7 UTF-8 bytes plus a last byte that says whether the string is longer (then the
 * full bytes break ties). Descending keys are complemented.
 */
final class KeyColumn {

    private final ColumnChunk chunk;
    private final ColumnType type;
    private final boolean descending;
    private final long[] dictionaryKeys;
    private byte[] scratch = new byte[64];

    KeyColumn(ColumnChunk chunk, boolean descending) {
        this.chunk = chunk;
        this.type = chunk.type();
        this.descending = descending;
        if (chunk.isDictionary()) {
            dictionaryKeys = new long[chunk.dictionarySize()];
            for (int code = 0; code < dictionaryKeys.length; code++) {
                int length = chunk.dictionaryUtf8Length(code);
                ensure(length);
                chunk.copyDictionaryUtf8(code, scratch, 0);
                dictionaryKeys[code] = prefix(scratch, length);
            }
        } else {
            dictionaryKeys = null;
        }
    }

    boolean isString() {
        return type == ColumnType.STRING;
    }

    boolean isNull(int row) {
        return chunk.isNull(row);
    }

    /** The encoded key of a non-null row, complemented when descending. */
    long encode(int row) {
        if (type == ColumnType.FLOAT && Double.isNaN(chunk.getDouble(row))) {
            return Long.MAX_VALUE; // NaN after every number in both directions (chunk min/max ignore it)
        }
        long key = switch (type) {
            case FLOAT -> sortableDouble(chunk.getDouble(row));
            case BOOLEAN -> chunk.getBoolean(row) ? 1 : 0;
            case STRING -> {
                if (dictionaryKeys != null) {
                    yield dictionaryKeys[chunk.code(row)];
                }
                int length = chunk.utf8Length(row);
                ensure(length);
                chunk.copyUtf8(row, scratch, 0);
                yield prefix(scratch, length);
            }
            default -> chunk.getLong(row);
        };
        return descending ? ~key : key;
    }

    /** The full UTF-8 bytes of a string row (a copy). */
    byte[] full(int row) {
        byte[] copy = new byte[chunk.utf8Length(row)];
        chunk.copyUtf8(row, copy, 0);
        return copy;
    }

    /** Whether an encoded string key stands for a longer string (its ties need the full bytes). */
    static boolean truncated(long key, boolean descending) {
        long k = descending ? ~key : key;
        return (k & 0xFF) != 0;
    }

    static long sortableDouble(double v) {
        long bits = Double.doubleToLongBits(v);
        return bits ^ ((bits >> 63) & Long.MAX_VALUE);
    }

    /** First 7 bytes big-endian, then 1 when the string is longer; sign-flipped for signed comparison. */
    static long prefix(byte[] utf8, int length) {
        long key = 0;
        for (int i = 0; i < 7; i++) {
            key = (key << 8) | (i < length ? utf8[i] & 0xFF : 0);
        }
        key = (key << 8) | (length > 7 ? 1 : 0);
        return key ^ Long.MIN_VALUE;
    }

    private void ensure(int length) {
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
    }
}
