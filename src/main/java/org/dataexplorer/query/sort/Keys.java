package org.dataexplorer.query.sort;

import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * The sort keys of one row: which keys are null, the encoded keys, the full bytes of truncated
 * string keys, and the dataset row (the last tie-breaker, which makes every sort stable). Also the
 * form of a keyset cursor.
 */
public final class Keys {

    long row;
    long nulls;
    final long[] enc;
    final byte[][] full;
    private KeyColumn[] source;
    private int sourceRow;

    Keys(int keys) {
        enc = new long[keys];
        full = new byte[keys][];
    }

    public long row() {
        return row;
    }

    /** Loads row {@code chunkRow} of the given chunk columns; full strings are fetched only when needed. */
    void load(KeyColumn[] columns, int chunkRow, long datasetRow) {
        row = datasetRow;
        nulls = 0;
        source = columns;
        sourceRow = chunkRow;
        for (int i = 0; i < columns.length; i++) {
            full[i] = null;
            if (columns[i].isNull(chunkRow)) {
                nulls |= 1L << i;
                enc[i] = 0;
            } else {
                enc[i] = columns[i].encode(chunkRow);
            }
        }
    }

    byte[] full(int i) {
        if (full[i] == null && source != null) {
            full[i] = source[i].full(sourceRow);
        }
        return full[i];
    }

    /** A detached copy holding the full bytes it may need. */
    Keys copy(SortOrder order) {
        Keys k = new Keys(enc.length);
        k.row = row;
        k.nulls = nulls;
        System.arraycopy(enc, 0, k.enc, 0, enc.length);
        for (int i = 0; i < enc.length; i++) {
            if (order.needsFull(i, enc[i], nulls)) {
                k.full[i] = full(i);
            }
        }
        return k;
    }

    // ---- cursor form ----

    public String toToken(long queryHash) {
        int size = 8 + 8 + 8 + 4 + enc.length * 12;
        for (byte[] f : full) {
            size += f == null ? 0 : f.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putLong(queryHash).putLong(row).putLong(nulls).putInt(enc.length);
        for (int i = 0; i < enc.length; i++) {
            out.putLong(enc[i]);
            out.putInt(full[i] == null ? -1 : full[i].length);
            if (full[i] != null) {
                out.put(full[i]);
            }
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out.array());
    }

    /** @throws IllegalArgumentException when the token is not one of ours for this query */
    public static Keys fromToken(String token, long queryHash, int keys) {
        ByteBuffer in = ByteBuffer.wrap(Base64.getUrlDecoder().decode(token));
        try {
            if (in.getLong() != queryHash) {
                throw new IllegalArgumentException("the cursor belongs to another query");
            }
            Keys k = new Keys(keys);
            k.row = in.getLong();
            k.nulls = in.getLong();
            if (in.getInt() != keys) {
                throw new IllegalArgumentException("the cursor belongs to another query");
            }
            for (int i = 0; i < keys; i++) {
                k.enc[i] = in.getLong();
                int length = in.getInt();
                if (length >= 0) {
                    k.full[i] = new byte[length];
                    in.get(k.full[i]);
                }
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("the cursor has trailing bytes");
            }
            return k;
        } catch (java.nio.BufferUnderflowException | NegativeArraySizeException e) {
            throw new IllegalArgumentException("the cursor is truncated");
        }
    }
}
