package org.dataexplorer.query;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.dataexplorer.store.ChunkInfo;
import org.dataexplorer.store.ColumnChunk;
import org.dataexplorer.store.ColumnSchema;
import org.dataexplorer.store.DatasetManifest;

/** Renders given dataset rows, in the given order, reading each chunk's columns once. */
final class RowFetcher {

    private final ColumnReader reader;

    RowFetcher(ColumnReader reader) {
        this.reader = reader;
    }

    List<Object[]> fetch(DatasetManifest manifest, long[] rows, List<ColumnSchema> columns) throws IOException {
        int n = rows.length;
        Object[][] out = new Object[n][];
        long[] order = new long[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Integer[] byRow = new Integer[n];
        for (int i = 0; i < n; i++) {
            byRow[i] = i;
        }
        Arrays.sort(byRow, (a, b) -> Long.compare(rows[a], rows[b]));
        List<ValueRenderer> renderers = columns.stream().map(ValueRenderer::new).toList();
        List<ChunkInfo> chunks = manifest.chunks();
        int chunkIndex = -1;
        ChunkInfo chunk = null;
        List<ColumnChunk> data = new ArrayList<>(columns.size());
        for (Integer position : byRow) {
            long row = rows[position];
            if (chunk == null || row >= chunk.firstRow() + chunk.rowCount()) {
                chunkIndex = chunkOf(chunks, row, Math.max(chunkIndex, 0));
                chunk = chunks.get(chunkIndex);
                data.clear();
                for (ColumnSchema c : columns) {
                    data.add(reader.stored(manifest, chunkIndex, c.index()));
                }
            }
            int r = (int) (row - chunk.firstRow());
            Object[] values = new Object[columns.size()];
            for (int c = 0; c < values.length; c++) {
                values[c] = renderers.get(c).value(data.get(c), r);
            }
            out[position] = values;
        }
        return Arrays.asList(out);
    }

    /** Index of the chunk holding {@code row}, searching from chunk {@code from} on (chunks are in row order). */
    static int chunkOf(List<ChunkInfo> chunks, long row, int from) {
        int lo = from;
        int hi = chunks.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (chunks.get(mid).firstRow() <= row) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
