package org.dataexplorer.ingest.parse;

import java.util.Arrays;

/**
 * The raw UTF-8 text of one column of the chunk being assembled. Types are decided when the chunk
 * is sealed, so the text waits here: a byte array and a start and end offset per value, no object per
 * cell. The bytes are either the column's own (values copied in by {@link #append}) or a block of
 * source text the values were tokenized in place in (see {@link BlockTokenizer}), which the column only
 * points into. A null is recorded apart from an empty value (a quoted {@code ""}).
 */
final class TextColumn {

    // Small to start: a chunk of a very wide file has thousands of these. They grow by doubling and are reused.
    private byte[] bytes = new byte[256];
    private int[] starts = new int[64];
    private int[] ends = new int[64];
    private long[] nulls = new long[1];
    private int size;
    private int byteSize;
    /** Whether {@link #bytes} is a shared block (dropped at {@link #clear}) rather than this column's buffer. */
    private boolean view;
    private byte[] ownBytes;

    void append(byte[] source, int offset, int length) {
        ensureRow();
        if (byteSize + length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(byteSize + length, bytes.length * 2));
        }
        System.arraycopy(source, offset, bytes, byteSize, length);
        starts[size] = byteSize;
        byteSize += length;
        ends[size++] = byteSize;
    }

    void appendNull() {
        ensureRow();
        nulls[size >>> 6] |= 1L << size;
        starts[size] = byteSize;
        ends[size++] = byteSize;
    }

    /** Makes the column a view of {@code block}: {@link #point} then adds values that lie in it. */
    void viewOf(byte[] block) {
        if (!view) {
            ownBytes = bytes;
        }
        view = true;
        bytes = block;
    }

    /** A value at {@code block[start, end)} of the block this column views. */
    void point(int start, int end) {
        ensureRow();
        starts[size] = start;
        ends[size++] = end;
        byteSize += end - start;
    }

    /** Moves row {@code row}'s value to {@code [start, end)} of the viewed bytes. */
    void repoint(int row, int start, int end) {
        byteSize += (end - start) - (ends[row] - starts[row]);
        starts[row] = start;
        ends[row] = end;
    }

    /** A null in a column that views a block. */
    void pointNull() {
        ensureRow();
        nulls[size >>> 6] |= 1L << size;
        starts[size] = 0;
        ends[size++] = 0;
    }

    /** Room for one more row; the null bitmap always has a bit for every row the offsets have room for. */
    private void ensureRow() {
        if (size == ends.length) {
            ends = Arrays.copyOf(ends, size * 2);
            starts = Arrays.copyOf(starts, size * 2);
            nulls = Arrays.copyOf(nulls, Math.max(nulls.length, (size * 2 + 63) >>> 6));
        }
    }

    int size() {
        return size;
    }

    /** Bytes of text the values hold. */
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
        return starts[row];
    }

    int end(int row) {
        return ends[row];
    }

    /** The start offsets, {@code [0, size())} in use; for handing the column over without a copy. */
    int[] starts() {
        return starts;
    }

    int[] ends() {
        return ends;
    }

    /** The null bitmap (bit {@code r % 64} of word {@code r / 64}), at least {@code size()} bits, none set past it. */
    long[] nullBits() {
        return nulls;
    }

    int length(int row) {
        return ends[row] - starts[row];
    }

    void clear() {
        Arrays.fill(nulls, 0, Math.min(nulls.length, (size >>> 6) + 1), 0L);
        size = 0;
        byteSize = 0;
        if (view) {
            bytes = ownBytes;
            ownBytes = null;
            view = false;
        }
    }
}
