package org.dataexplorer.query.filter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.dataexplorer.query.Budget;
import org.dataexplorer.query.ColumnReader;
import org.dataexplorer.query.QueryException;
import org.dataexplorer.store.ChunkInfo;
import org.dataexplorer.store.ColumnChunk;
import org.dataexplorer.store.ColumnSchema;
import org.dataexplorer.store.DatasetManifest;

/** Filters ANDed together, compiled against a dataset's schema. */
public final class RowFilter {

    private final List<ColumnFilter> filters;

    private RowFilter(List<ColumnFilter> filters) {
        this.filters = filters;
    }

    /**
     * @throws QueryException naming the parameter of an unknown column or a bad operand
     */
    public static RowFilter compile(DatasetManifest manifest, List<FilterSpec> specs) {
        List<ColumnFilter> compiled = new ArrayList<>(specs.size());
        for (FilterSpec spec : specs) {
            ColumnSchema column = column(manifest, spec.column(), spec.parameter());
            compiled.add(ColumnFilter.compile(column, spec));
        }
        return new RowFilter(compiled);
    }

    public static ColumnSchema column(DatasetManifest manifest, String name, String parameter) {
        for (ColumnSchema c : manifest.columns()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw new QueryException(parameter, "There is no column named '" + name + "'");
    }

    public boolean isEmpty() {
        return filters.isEmpty();
    }

    /** Evaluates the filters chunk by chunk, skipping chunks whose min/max rule them out. */
    public Selection select(DatasetManifest manifest, ColumnReader reader, Budget budget) throws IOException {
        List<ChunkInfo> chunks = manifest.chunks();
        if (filters.isEmpty()) {
            return Selection.all(chunks);
        }
        long rows = 0;
        for (ChunkInfo chunk : chunks) {
            rows += chunk.rowCount();
        }
        budget.reserve(rows / 8 + chunks.size() * 40L, "the filtered row set");
        long[][] bits = new long[chunks.size()][];
        for (int c = 0; c < chunks.size(); c++) {
            budget.checkTime();
            ChunkInfo chunk = chunks.get(c);
            boolean possible = true;
            for (ColumnFilter f : filters) {
                if (!f.mayMatch(chunk.columns().get(f.column().index()), chunk.rowCount())) {
                    possible = false;
                    break;
                }
            }
            if (!possible) {
                continue;
            }
            long[] selected = allOnes(chunk.rowCount());
            for (ColumnFilter f : filters) {
                ColumnChunk values = reader.read(manifest, c, f.column());
                f.apply(values, selected);
                if (isZero(selected)) {
                    break;
                }
            }
            bits[c] = selected;
        }
        return Selection.of(chunks, bits);
    }

    private static long[] allOnes(int size) {
        long[] bits = new long[ColumnChunk.wordCount(size)];
        java.util.Arrays.fill(bits, -1L);
        if ((size & 63) != 0) {
            bits[bits.length - 1] = (1L << size) - 1;
        }
        return bits;
    }

    private static boolean isZero(long[] bits) {
        for (long w : bits) {
            if (w != 0) {
                return false;
            }
        }
        return true;
    }
}
