package org.dataexplorer.query.gw;

import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.dataexplorer.query.Budget;
import org.dataexplorer.query.ColumnReader;
import org.dataexplorer.query.ValueRenderer;
import org.dataexplorer.ingest.parse.TemporalLayout;
import org.dataexplorer.store.ChunkInfo;
import org.dataexplorer.store.ColumnSchema;
import org.dataexplorer.store.ColumnType;
import org.dataexplorer.store.DatasetManifest;

/**
 * The rows a workflow runs over: a dataset's chunks (read through the query engine's column reader and
 * its caches), or the rows a view produced, held as one chunk.
 */
abstract class Frame {

    abstract int chunks();

    abstract int chunkSize(int chunk);

    /** Global index of the chunk's first row (for per-row state such as binCount buckets). */
    abstract long firstRow(int chunk);

    abstract long rowCount();

    /** A field's definition: it can open its values over the rows of one chunk. */
    abstract static class Field {
        abstract Col open(Scan scan) throws IOException;
    }

    /** The rows of one chunk still alive, and the fields opened over them (each once). */
    static final class Scan {
        final Frame frame;
        final int chunk;
        final Budget budget;
        /** Alive rows, ascending. */
        int[] rows;
        int count;
        private final Map<Field, Col> cols = new IdentityHashMap<>();

        Scan(Frame frame, int chunk, Budget budget) {
            this.frame = frame;
            this.chunk = chunk;
            this.budget = budget;
            int size = frame.chunkSize(chunk);
            rows = new int[size];
            for (int r = 0; r < size; r++) {
                rows[r] = r;
            }
            count = size;
        }

        /** Only the given rows (ascending) are alive. */
        Scan(Frame frame, int chunk, Budget budget, int[] only) {
            this.frame = frame;
            this.chunk = chunk;
            this.budget = budget;
            rows = only;
            count = only.length;
        }

        int size() {
            return frame.chunkSize(chunk);
        }

        long firstRow() {
            return frame.firstRow(chunk);
        }

        Col col(Field field) throws IOException {
            Col c = cols.get(field);
            if (c == null) {
                c = field.open(this);
                cols.put(field, c);
            }
            return c;
        }
    }

    // ---- a dataset ----

    static final class Dataset extends Frame {
        final DatasetManifest manifest;
        final ColumnReader reader;

        Dataset(DatasetManifest manifest, ColumnReader reader) {
            this.manifest = manifest;
            this.reader = reader;
        }

        @Override
        int chunks() {
            return manifest.chunks().size();
        }

        @Override
        int chunkSize(int chunk) {
            return manifest.chunks().get(chunk).rowCount();
        }

        @Override
        long firstRow(int chunk) {
            return manifest.chunks().get(chunk).firstRow();
        }

        @Override
        long rowCount() {
            List<ChunkInfo> chunks = manifest.chunks();
            return chunks.isEmpty() ? 0 : chunks.get(chunks.size() - 1).firstRow() + chunks.get(chunks.size() - 1)
                    .rowCount();
        }
    }

    /** A column of the dataset. */
    static final class Source extends Field {
        final ColumnSchema column;
        private final ValueRenderer renderer;
        private final boolean absolute;

        Source(ColumnSchema column) {
            this.column = column;
            this.renderer = new ValueRenderer(column);
            this.absolute = column.type() == ColumnType.TIMESTAMP && column.format() != null
                    && TemporalLayout.of(column.format()).hasOffset();
        }

        @Override
        Col open(Scan scan) throws IOException {
            Dataset d = (Dataset) scan.frame;
            return Col.of(d.reader.read(d.manifest, scan.chunk, column), column.type(), renderer, absolute);
        }
    }

    // ---- rows held in memory ----

    static final class Memory extends Frame {
        final List<String> names;
        final Object[][] columns;
        final int rows;

        Memory(List<String> names, Object[][] columns, int rows) {
            this.names = List.copyOf(names);
            this.columns = columns;
            this.rows = rows;
        }

        @Override
        int chunks() {
            return 1;
        }

        @Override
        int chunkSize(int chunk) {
            return rows;
        }

        @Override
        long firstRow(int chunk) {
            return 0;
        }

        @Override
        long rowCount() {
            return rows;
        }
    }

    static final class Held extends Field {
        final int index;

        Held(int index) {
            this.index = index;
        }

        @Override
        Col open(Scan scan) {
            return new Col.Mixed(((Memory) scan.frame).columns[index]);
        }
    }
}
