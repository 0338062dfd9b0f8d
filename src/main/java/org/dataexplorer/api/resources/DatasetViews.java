package org.dataexplorer.api.resources;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.dataexplorer.api.DataService;
import org.dataexplorer.api.json.Views.ColumnView;
import org.dataexplorer.api.json.Views.DatasetSummary;
import org.dataexplorer.api.json.Views.DialectView;
import org.dataexplorer.api.json.Views.IndexedColumnView;
import org.dataexplorer.api.json.Views.SchemaView;
import org.dataexplorer.ingest.Upload;
import org.dataexplorer.store.ColumnSchema;
import org.dataexplorer.store.DatasetManifest;
import org.dataexplorer.store.DatasetStatus;
import org.dataexplorer.store.Dialect;

/** Builds the JSON views of a dataset from its manifest and, while it ingests, its live progress. */
public final class DatasetViews {

    private final DataService service;

    public DatasetViews(DataService service) {
        this.service = service;
    }

    public DatasetSummary summary(DatasetManifest m) {
        Optional<Upload> upload = m.status() == DatasetStatus.INGESTING
                ? service.ingest().active(UUID.fromString(m.id())) : Optional.empty();
        long rows = service.reader().rowCount(m);
        long bytesReceived = upload.map(Upload::bytesReceived).orElse(m.bytesReceived());
        long rowsParsed = upload.map(Upload::rowsParsed).orElse(rows);
        List<ColumnView> columns = m.columns().stream()
                .map(c -> new ColumnView(c.name(), c.type().jsonName(), c.nullable(), c.format()))
                .toList();
        return new DatasetSummary(m.id(), m.name(), m.status().jsonName(), m.createdAt().toString(), m.sizeBytes(),
                bytesReceived, Math.max(rowsParsed, rows), rows, m.columns().size(), m.rejectCount(), m.error(),
                dialect(m.dialect()), columns);
    }

    public SchemaView schema(DatasetManifest m) {
        List<IndexedColumnView> columns = m.columns().stream()
                .map(DatasetViews::indexed)
                .toList();
        Dialect d = m.dialect();
        return new SchemaView(m.id(), service.reader().rowCount(m), dialect(d), d == null ? null : d.encoding(), columns);
    }

    private static IndexedColumnView indexed(ColumnSchema c) {
        return new IndexedColumnView(c.index(), c.name(), c.type().jsonName(), c.nullable(), c.format());
    }

    static DialectView dialect(Dialect d) {
        if (d == null) {
            return null;
        }
        return new DialectView(String.valueOf(d.delimiter()), d.quote() == null ? null : String.valueOf(d.quote()),
                d.escape().name().toLowerCase(java.util.Locale.ROOT), d.header(), d.skipRows(), d.lineEnding(),
                d.encoding(), d.bom(), d.encodingFallback());
    }
}
