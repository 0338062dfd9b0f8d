package org.dataexplorer.store;

import java.time.Instant;
import java.util.List;

/**
 * The durable description of a dataset: {@code manifest.json} in its directory. A dataset is
 * committed once its manifest says {@link DatasetStatus#READY}; chunk files not listed here do not
 * belong to it.
 *
 * @param formatVersion   layout version of the manifest and chunk files
 * @param id              random UUID, also the directory name
 * @param name            display name (never used as a path)
 * @param owner           user id of the uploader, or null when uploads are anonymous
 * @param status          lifecycle state
 * @param createdAt       when the upload started
 * @param updatedAt       when this manifest was written
 * @param bytesReceived   upload bytes received from the client (before decompression)
 * @param sourceBytes     decoded source bytes (after decompression)
 * @param sizeBytes       bytes on disk used by the dataset's chunk files
 * @param rowCount        data rows
 * @param rejectCount     records that were malformed and repaired or dropped (see rejects)
 * @param dialect         how the source is written, null until sniffed
 * @param columns         final schema
 * @param chunks          sealed chunks in row order
 * @param error           why ingest failed, or null
 */
public record DatasetManifest(int formatVersion, String id, String name, String owner, DatasetStatus status,
                              Instant createdAt, Instant updatedAt, long bytesReceived, long sourceBytes,
                              long sizeBytes, long rowCount, long rejectCount, Dialect dialect,
                              List<ColumnSchema> columns, List<ChunkInfo> chunks, String error) {

    public static final int FORMAT_VERSION = 1;

    public DatasetManifest {
        columns = columns == null ? List.of() : List.copyOf(columns);
        chunks = chunks == null ? List.of() : List.copyOf(chunks);
    }

    public DatasetManifest withStatus(DatasetStatus newStatus, String newError) {
        return new DatasetManifest(formatVersion, id, name, owner, newStatus, createdAt, Instant.now(),
                bytesReceived, sourceBytes, sizeBytes, rowCount, rejectCount, dialect, columns, chunks, newError);
    }
}
