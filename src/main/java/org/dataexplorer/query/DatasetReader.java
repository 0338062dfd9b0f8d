package org.dataexplorer.query;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;

import org.dataexplorer.store.ChunkColumnInfo;
import org.dataexplorer.store.ChunkInfo;
import org.dataexplorer.store.ColumnChunk;
import org.dataexplorer.store.ColumnSchema;
import org.dataexplorer.store.ColumnType;
import org.dataexplorer.store.DatasetManifest;
import org.dataexplorer.store.catalog.Catalog;

/**
 * Reads rows, samples and summary statistics of one dataset from its sealed chunks. Works on the
 * manifest it is given, so a dataset still being ingested answers from the chunks sealed so far.
 */
public final class DatasetReader {

    private final Catalog catalog;

    public DatasetReader(Catalog catalog) {
        this.catalog = catalog;
    }

    /** Rows {@code [offset, offset + limit)} of the given columns (all when {@code columns} is empty). */
    public RowPage rows(DatasetManifest manifest, long offset, int limit, List<String> columns) throws IOException {
        List<ColumnSchema> selected = select(manifest, columns);
        List<Object[]> rows = new ArrayList<>(limit);
        long end = Math.min(rowCount(manifest), offset + limit);
        long row = offset;
        while (row < end) {
            ChunkInfo chunk = chunkOf(manifest, row);
            int from = (int) (row - chunk.firstRow());
            int to = (int) Math.min(chunk.rowCount(), end - chunk.firstRow());
            readRows(manifest, chunk, selected, from, to, rows);
            row = chunk.firstRow() + to;
        }
        return new RowPage(selected.stream().map(ColumnSchema::name).toList(), rows);
    }

    /** {@code count} distinct rows picked uniformly at random with the given seed, in file order. */
    public RowPage randomSample(DatasetManifest manifest, int count, long seed, List<String> columns) throws IOException {
        List<ColumnSchema> selected = select(manifest, columns);
        long total = rowCount(manifest);
        int n = (int) Math.min(count, total);
        // Floyd's algorithm: n distinct picks in O(n) without a table of all rows.
        Random random = new Random(seed);
        TreeSet<Long> picks = new TreeSet<>();
        for (long j = total - n; j < total; j++) {
            long t = (long) (random.nextDouble() * (j + 1));
            if (!picks.add(t)) {
                picks.add(j);
            }
        }
        List<Object[]> rows = new ArrayList<>(n);
        ChunkInfo current = null;
        List<ColumnChunk> data = null;
        List<ValueRenderer> renderers = renderers(selected);
        for (long pick : picks) {
            if (current == null || pick >= current.firstRow() + current.rowCount()) {
                current = chunkOf(manifest, pick);
                data = columnsOf(manifest, current, selected);
            }
            rows.add(row(data, renderers, (int) (pick - current.firstRow())));
        }
        return new RowPage(selected.stream().map(ColumnSchema::name).toList(), rows);
    }

    /** Count, nulls, min and max per column, from the chunk metadata alone. */
    public List<ColumnStatistics> statistics(DatasetManifest manifest) {
        List<ColumnStatistics> result = new ArrayList<>();
        long rows = rowCount(manifest);
        for (ColumnSchema column : manifest.columns()) {
            ValueRenderer renderer = new ValueRenderer(column);
            long nulls = 0;
            Bound min = null;
            Bound max = null;
            for (ChunkInfo chunk : manifest.chunks()) {
                ChunkColumnInfo info = chunk.columns().get(column.index());
                nulls += info.nullCount();
                if (!info.hasMinMax() || !comparable(info.type(), column.type())) {
                    continue;
                }
                Bound low = Bound.of(info, true, column.type());
                Bound high = Bound.of(info, false, column.type());
                min = min == null || low.compareTo(min) < 0 ? low : min;
                max = max == null || high.compareTo(max) > 0 ? high : max;
            }
            result.add(new ColumnStatistics(column.name(), column.type().jsonName(), rows - nulls, nulls,
                    min == null ? null : min.render(renderer), max == null ? null : max.render(renderer)));
        }
        return result;
    }

    public long rowCount(DatasetManifest manifest) {
        List<ChunkInfo> chunks = manifest.chunks();
        if (chunks.isEmpty()) {
            return 0;
        }
        ChunkInfo last = chunks.get(chunks.size() - 1);
        return last.firstRow() + last.rowCount();
    }

    private static boolean comparable(ColumnType stored, ColumnType column) {
        return stored == column
                || stored == ColumnType.INTEGER && column == ColumnType.FLOAT
                || stored == ColumnType.DATE && column == ColumnType.TIMESTAMP;
    }

    private List<ColumnSchema> select(DatasetManifest manifest, List<String> names) {
        if (names == null || names.isEmpty()) {
            return manifest.columns();
        }
        List<ColumnSchema> selected = new ArrayList<>(names.size());
        for (String name : names) {
            ColumnSchema column = manifest.columns().stream().filter(c -> c.name().equals(name)).findFirst()
                    .orElseThrow(() -> new QueryException("columns", "There is no column named '" + name + "'"));
            selected.add(column);
        }
        return selected;
    }

    private static ChunkInfo chunkOf(DatasetManifest manifest, long row) {
        return manifest.chunks().get(RowFetcher.chunkOf(manifest.chunks(), row, 0));
    }

    private void readRows(DatasetManifest manifest, ChunkInfo chunk, List<ColumnSchema> selected, int from, int to,
                          List<Object[]> into) throws IOException {
        List<ColumnChunk> data = columnsOf(manifest, chunk, selected);
        List<ValueRenderer> renderers = renderers(selected);
        for (int r = from; r < to; r++) {
            into.add(row(data, renderers, r));
        }
    }

    private List<ColumnChunk> columnsOf(DatasetManifest manifest, ChunkInfo chunk, List<ColumnSchema> selected)
            throws IOException {
        UUID id = UUID.fromString(manifest.id());
        List<ColumnChunk> data = new ArrayList<>(selected.size());
        for (ColumnSchema column : selected) {
            data.add(catalog.readStoredColumn(id, chunk, column.index()));
        }
        return data;
    }

    private static List<ValueRenderer> renderers(List<ColumnSchema> selected) {
        return selected.stream().map(ValueRenderer::new).toList();
    }

    private static Object[] row(List<ColumnChunk> data, List<ValueRenderer> renderers, int r) {
        Object[] values = new Object[data.size()];
        for (int c = 0; c < values.length; c++) {
            values[c] = renderers.get(c).value(data.get(c), r);
        }
        return values;
    }

    /** A chunk's min or max, comparable across chunks of the same column. */
    private record Bound(ColumnType storedType, long asLong, double asDouble, String asString, ColumnType columnType)
            implements Comparable<Bound> {

        static Bound of(ChunkColumnInfo info, boolean min, ColumnType columnType) {
            long l = min ? info.minLong() : info.maxLong();
            double d = min ? info.minDouble() : info.maxDouble();
            String s = min ? info.minString() : info.maxString();
            if (info.type() == ColumnType.INTEGER && columnType == ColumnType.FLOAT) {
                return new Bound(ColumnType.FLOAT, 0, l, null, columnType);
            }
            if (info.type() == ColumnType.DATE && columnType == ColumnType.TIMESTAMP) {
                return new Bound(ColumnType.TIMESTAMP, l * 86_400_000_000L, 0, null, columnType);
            }
            return new Bound(info.type(), l, d, s, columnType);
        }

        @Override
        public int compareTo(Bound other) {
            return switch (storedType) {
                case FLOAT -> Double.compare(asDouble, other.asDouble);
                case STRING -> asString.compareTo(other.asString);
                default -> Long.compare(asLong, other.asLong);
            };
        }

        Object render(ValueRenderer renderer) {
            return renderer.bound(storedType, asLong, asDouble, asString);
        }
    }
}
