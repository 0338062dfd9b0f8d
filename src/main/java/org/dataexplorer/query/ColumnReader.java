package org.dataexplorer.query;

import java.io.IOException;
import java.util.UUID;

import org.dataexplorer.store.ChunkInfo;
import org.dataexplorer.store.ColumnChunk;
import org.dataexplorer.store.ColumnSchema;
import org.dataexplorer.store.ColumnType;
import org.dataexplorer.store.DatasetManifest;
import org.dataexplorer.store.catalog.Catalog;

/**
 * Reads one column of one chunk in the column's schema type. READY datasets only need widening
 * (done by the catalog); a chunk sealed early in a running upload may hold a type the schema has
 * since left (say INTEGER in what is now a STRING column): it is converted here, which is slow but
 * only happens while ingesting.
 */
public final class ColumnReader {

    private final Catalog catalog;
    private final DecodedCache decoded;

    public ColumnReader(Catalog catalog) {
        this(catalog, DecodedCache.disabled());
    }

    public ColumnReader(Catalog catalog, DecodedCache decoded) {
        this.catalog = catalog;
        this.decoded = decoded;
    }

    /** One column of one chunk as stored (see {@link Catalog#readStoredColumn}), through the decoded cache. */
    public ColumnChunk stored(DatasetManifest manifest, int chunkIndex, int column) throws IOException {
        ChunkInfo chunk = manifest.chunks().get(chunkIndex);
        return decoded.get(new DecodedCache.Key(manifest.id(), chunk.file(), column, null),
                () -> catalog.readStoredColumn(UUID.fromString(manifest.id()), chunk, column));
    }

    public Catalog catalog() {
        return catalog;
    }

    public ColumnChunk read(DatasetManifest manifest, int chunkIndex, ColumnSchema column) throws IOException {
        ChunkInfo chunk = manifest.chunks().get(chunkIndex);
        ColumnType stored = chunk.columns().get(column.index()).type();
        if (stored == column.type()) {
            return stored(manifest, chunkIndex, column.index());
        }
        if (stored == ColumnType.INTEGER && column.type() == ColumnType.FLOAT
                || stored == ColumnType.DATE && column.type() == ColumnType.TIMESTAMP) {
            return decoded.get(new DecodedCache.Key(manifest.id(), chunk.file(), column.index(), column.type()),
                    () -> catalog.readColumn(manifest, chunkIndex, column.index()));
        }
        ColumnChunk values = catalog.readStoredColumn(UUID.fromString(manifest.id()), chunk, column.index());
        if (column.type() != ColumnType.STRING) {
            // The schema moved on while this chunk waits to be re-typed: its values are not comparable yet.
            ColumnChunk.Builder nulls = ColumnChunk.builder(column.type(), values.size());
            for (int r = 0; r < values.size(); r++) {
                nulls.appendNull();
            }
            return nulls.build();
        }
        ValueRenderer renderer = new ValueRenderer(new ColumnSchema(column.index(), column.name(), stored,
                column.nullable(), chunk.columns().get(column.index()).format()));
        ColumnChunk.Builder text = ColumnChunk.builder(ColumnType.STRING, values.size());
        for (int r = 0; r < values.size(); r++) {
            Object v = renderer.value(values, r);
            if (v == null) {
                text.appendNull();
            } else {
                byte[] utf8 = String.valueOf(v).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                text.appendString(utf8, 0, utf8.length);
            }
        }
        return text.build();
    }
}
