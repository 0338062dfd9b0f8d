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

    RowBlock fetch(DatasetManifest manifest, long[] rows, List<ColumnSchema> columns) throws IOException {
        int n = rows.length;
        int[] byRow = new int[n];
        boolean ascending = true;
        for (int i = 0; i < n; i++) {
            byRow[i] = i;
            ascending &= i == 0 || rows[i - 1] <= rows[i];
        }
        if (!ascending) {
            // A sorted page: visit its rows in file order, so each chunk is looked up once.
            Integer[] boxed = new Integer[n];
            for (int i = 0; i < n; i++) {
                boxed[i] = i;
            }
            Arrays.sort(boxed, (a, b) -> Long.compare(rows[a], rows[b]));
            for (int i = 0; i < n; i++) {
                byRow[i] = boxed[i];
            }
        }
        ValueRenderer[] renderers = new ValueRenderer[columns.size()];
        for (int c = 0; c < renderers.length; c++) {
            renderers[c] = new ValueRenderer(columns.get(c));
        }
        List<ChunkInfo> chunks = manifest.chunks();
        List<ColumnChunk[]> loaded = new ArrayList<>();
        int[] chunkOf = new int[n];
        int[] rowInChunk = new int[n];
        int chunkIndex = -1;
        ChunkInfo chunk = null;
        for (int position : byRow) {
            long row = rows[position];
            if (chunk == null || row >= chunk.firstRow() + chunk.rowCount()) {
                chunkIndex = chunkOf(chunks, row, Math.max(chunkIndex, 0));
                chunk = chunks.get(chunkIndex);
                ColumnChunk[] data = new ColumnChunk[columns.size()];
                for (int c = 0; c < data.length; c++) {
                    data[c] = reader.stored(manifest, chunkIndex, columns.get(c).index());
                }
                loaded.add(data);
            }
            chunkOf[position] = loaded.size() - 1;
            rowInChunk[position] = (int) (row - chunk.firstRow());
        }
        return new RowBlock(renderers, loaded.toArray(ColumnChunk[][]::new), chunkOf, rowInChunk);
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
