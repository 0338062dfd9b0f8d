package org.dataexplorer.ingest.parse;

import java.util.Arrays;

/**
 * The raw UTF-8 text of one column of the chunk being assembled. Types are decided when the chunk
 * is sealed, so the text waits here: one byte array and an end offset per value, no object per cell.
 * A null is recorded apart from an empty value (a quoted {@code ""}).
 */
final class TextColumn {

    // Small to start: a chunk of a very wide file has thousands of these. They grow by doubling and are reused.
    private byte[] bytes = new byte[256];
    private int[] ends = new int[64];
    private long[] nulls = new long[1];
    private int size;
    private int byteSize;

    void append(byte[] source, int offset, int length) {
        ensureRow();
        if (byteSize + length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(byteSize + length, bytes.length * 2));
        }
        System.arraycopy(source, offset, bytes, byteSize, length);
        byteSize += length;
        ends[size++] = byteSize;
    }

    void appendNull() {
        ensureRow();
        nulls[size >>> 6] |= 1L << size;
        ends[size++] = byteSize;
    }

    private void ensureRow() {
        if (size == ends.length) {
            ends = Arrays.copyOf(ends, size * 2);
        }
        if ((size >>> 6) >= nulls.length) {
            nulls = Arrays.copyOf(nulls, nulls.length * 2);
        }
    }

    int size() {
        return size;
    }

    int byteSize() {
        return byteSize;
    }

    boolean isNull(int row) {
        return (nulls[row >>> 6] & (1L << row)) != 0;
    }

    byte[] bytes() {
        return bytes;
    }

    int start(int row) {
        return row == 0 ? 0 : ends[row - 1];
    }

    /** Where row {@code row}'s bytes end (and row + 1's start). */
    int end(int row) {
        return ends[row];
    }

    int length(int row) {
        return ends[row] - start(row);
    }

    void clear() {
        Arrays.fill(nulls, 0, Math.min(nulls.length, (size >>> 6) + 1), 0L);
        size = 0;
        byteSize = 0;
    }
}
