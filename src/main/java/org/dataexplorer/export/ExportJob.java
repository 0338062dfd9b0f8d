package org.dataexplorer.export;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

import org.dataexplorer.query.ColumnReader;
import org.dataexplorer.query.filter.Selection;
import org.dataexplorer.query.sort.Permutation;
import org.dataexplorer.store.ColumnSchema;
import org.dataexplorer.store.DatasetManifest;

/** A prepared export: its rows are selected (and sorted); {@link #writeTo} streams them once. */
public final class ExportJob implements AutoCloseable {

    private final DatasetManifest manifest;
    private final ColumnReader reader;
    private final List<ColumnSchema> columns;
    private final Selection selection;
    private final Permutation order;
    private final Runnable pause;
    private long written;

    ExportJob(DatasetManifest manifest, ColumnReader reader, List<ColumnSchema> columns, Selection selection,
              Permutation order, Runnable pause) {
        this.pause = pause;
        this.manifest = manifest;
        this.reader = reader;
        this.columns = columns;
        this.selection = selection;
        this.order = order;
    }

    /** Rows the export will hold. */
    public long rowCount() {
        return selection.count();
    }

    public List<ColumnSchema> columns() {
        return columns;
    }

    /** Rows handed to the format writer so far (less than {@link #rowCount()} when the write was cut short). */
    public long rowsWritten() {
        return written;
    }

    /**
     * Writes every row in {@code format}; stops with the stream's IOException when the client goes away
     * and with an InterruptedIOException when the thread is interrupted. Does not close {@code out}.
     */
    public void writeTo(ExportFormat format, ExportOptions options, OutputStream out) throws IOException {
        Exporter.checkAvailable(format);
        RowWriter writer = switch (format) {
            case CSV -> new CsvRowWriter(options);
            case TSV -> new CsvRowWriter(new ExportOptions('\t', options.header(), options.isoDates(),
                    options.nullText(), options.safe()));
            case JSONL -> new JsonRowWriter(true);
            case JSON -> new JsonRowWriter(false);
            case PARQUET -> new ParquetRowWriter(manifest.name());
            case ARROW -> new ArrowRowWriter();
        };
        RowCursor cursor = new RowCursor(manifest, reader, columns, selection, order, pause);
        try {
            writer.write(cursor, out);
        } finally {
            written = cursor.position();
        }
    }

    @Override
    public void close() throws IOException {
        if (order != null) {
            order.close();
        }
    }
}
