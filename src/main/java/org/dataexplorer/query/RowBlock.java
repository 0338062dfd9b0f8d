package org.dataexplorer.query;

import java.util.AbstractList;

import org.dataexplorer.store.ColumnChunk;

/**
 * Rows of an answer as positions in decoded column chunks: a list of value arrays for whoever wants
 * them ({@link #get} renders one row), and {@link #write} for the page writer, which renders each cell
 * straight into its output. Holds the chunks it points into until it is dropped.
 */
public final class RowBlock extends AbstractList<Object[]> {

    private final ValueRenderer[] renderers;
    /** Per distinct chunk the rows come from: its decoded columns, in output column order. */
    private final ColumnChunk[][] chunks;
    /** Per output row: index into {@link #chunks} and the row within that chunk. */
    private final int[] chunkOf;
    private final int[] rowInChunk;

    RowBlock(ValueRenderer[] renderers, ColumnChunk[][] chunks, int[] chunkOf, int[] rowInChunk) {
        this.renderers = renderers;
        this.chunks = chunks;
        this.chunkOf = chunkOf;
        this.rowInChunk = rowInChunk;
    }

    @Override
    public int size() {
        return chunkOf.length;
    }

    public int columnCount() {
        return renderers.length;
    }

    @Override
    public Object[] get(int row) {
        ColumnChunk[] columns = chunks[chunkOf[row]];
        int r = rowInChunk[row];
        Object[] values = new Object[renderers.length];
        for (int c = 0; c < values.length; c++) {
            values[c] = renderers[c].value(columns[c], r);
        }
        return values;
    }

    /** Writes the cells of {@code row} in column order. */
    public void write(int row, CellSink sink) {
        ColumnChunk[] columns = chunks[chunkOf[row]];
        int r = rowInChunk[row];
        for (int c = 0; c < renderers.length; c++) {
            renderers[c].write(columns[c], r, sink);
        }
    }
}
