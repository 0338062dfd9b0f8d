package org.dataexplorer.export;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.List;

import org.dataexplorer.query.ColumnReader;
import org.dataexplorer.query.filter.Selection;
import org.dataexplorer.query.sort.Permutation;
import org.dataexplorer.store.ColumnChunk;
import org.dataexplorer.store.ColumnSchema;
import org.dataexplorer.store.DatasetManifest;

/**
 * Walks the exported rows one at a time, exposing the current row as a position in decoded column
 * chunks (no value is materialized per cell). File order walks the selection chunk by chunk. Sorted order
 * reads the permutation in blocks; each block's rows are gathered in dataset-row order (so every chunk
 * is decoded at most once per block) into block-sized column chunks, then visited in permutation order.
 */
public final class RowCursor {

    /** Rows per sorted block; also bounds the row index packed into the low bits of a sort word. */
    private static final int BLOCK = 1 << 16;
    private static final int INDEX_BITS = 17;

    private final DatasetManifest manifest;
    private final ColumnReader reader;
    private final List<ColumnSchema> columns;
    private final Selection selection;
    private final Permutation permutation;

    private ColumnChunk[] current;
    private int chunk = -1;
    private int row = -1;
    private long position;
    private int[] blockRows = new int[0];
    private int blockSize;
    private int blockIndex;
    private byte[] scratch = new byte[256];

    /** Rows between two calls of the pause hook. */
    static final int PAUSE_EVERY_ROWS = 1024;

    private final Runnable pause;

    RowCursor(DatasetManifest manifest, ColumnReader reader, List<ColumnSchema> columns, Selection selection,
              Permutation permutation, Runnable pause) {
        this.pause = pause;
        this.manifest = manifest;
        this.reader = reader;
        this.columns = columns;
        this.selection = selection;
        this.permutation = permutation;
    }

    public List<ColumnSchema> columns() {
        return columns;
    }

    /** Rows exported so far. */
    public long position() {
        return position;
    }

    /** Moves to the next row; false past the last one. */
    public boolean next() throws IOException {
        boolean found = permutation == null ? nextInFileOrder() : nextInSortedOrder();
        if (found) {
            position++;
            if ((position & (PAUSE_EVERY_ROWS - 1)) == 0) {
                pause.run();
            }
        }
        return found;
    }

    /** The current row's chunk of projected column {@code c}. */
    public ColumnChunk column(int c) {
        return current[c];
    }

    /** The current row's position in its chunk. */
    public int row() {
        return row;
    }

    private boolean nextInFileOrder() throws IOException {
        if (chunk >= 0) {
            row = selection.next(chunk, row + 1);
            if (row >= 0) {
                return true;
            }
        }
        for (chunk++; chunk < selection.chunks(); chunk++) {
            if (selection.count(chunk) == 0) {
                continue;
            }
            current = load(chunk);
            row = selection.next(chunk, 0);
            if (row >= 0) {
                return true;
            }
        }
        return false;
    }

    private boolean nextInSortedOrder() throws IOException {
        if (blockIndex == blockSize) {
            if (position >= permutation.size()) {
                return false;
            }
            long[] rows = permutation.rows(position, BLOCK);
            if (rows.length == 0) {
                return false;
            }
            gather(rows);
        }
        row = blockRows[blockIndex++];
        return true;
    }

    /** Copies a block's rows into block chunks, reading source chunks in row order; maps block order to them. */
    private void gather(long[] rows) throws IOException {
        int n = rows.length;
        long[] byRow = new long[n];
        for (int i = 0; i < n; i++) {
            byRow[i] = rows[i] << INDEX_BITS | i;
        }
        Arrays.sort(byRow);
        ColumnChunk.Builder[] builders = new ColumnChunk.Builder[columns.size()];
        for (int c = 0; c < builders.length; c++) {
            builders[c] = ColumnChunk.builder(columns.get(c).type(), n);
        }
        if (blockRows.length < n) {
            blockRows = new int[n];
        }
        int loaded = -1;
        ColumnChunk[] source = null;
        for (int k = 0; k < n; k++) {
            long datasetRow = byRow[k] >>> INDEX_BITS;
            int index = (int) (byRow[k] & ((1 << INDEX_BITS) - 1));
            int c = selection.chunkOf(datasetRow);
            if (c != loaded) {
                source = load(c);
                loaded = c;
            }
            int r = (int) (datasetRow - selection.firstRow(c));
            for (int col = 0; col < builders.length; col++) {
                append(source[col], r, builders[col]);
            }
            blockRows[index] = k;
        }
        current = new ColumnChunk[builders.length];
        for (int c = 0; c < builders.length; c++) {
            current[c] = builders[c].build();
        }
        blockSize = n;
        blockIndex = 0;
    }

    private void append(ColumnChunk from, int r, ColumnChunk.Builder to) {
        if (from.isNull(r)) {
            to.appendNull();
            return;
        }
        switch (to.type()) {
            case INTEGER, DATE, TIMESTAMP -> to.appendLong(from.getLong(r));
            case FLOAT -> to.appendDouble(from.getDouble(r));
            case BOOLEAN -> to.appendBoolean(from.getBoolean(r));
            case STRING -> {
                int len = from.utf8Length(r);
                if (len > scratch.length) {
                    scratch = new byte[Math.max(len, scratch.length * 2)];
                }
                from.copyUtf8(r, scratch, 0);
                to.appendString(scratch, 0, len);
            }
        }
    }

    private ColumnChunk[] load(int c) throws IOException {
        checkInterrupted();
        ColumnChunk[] data = new ColumnChunk[columns.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = reader.read(manifest, c, columns.get(i));
        }
        return data;
    }

    private static void checkInterrupted() throws InterruptedIOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("export interrupted");
        }
    }
}
