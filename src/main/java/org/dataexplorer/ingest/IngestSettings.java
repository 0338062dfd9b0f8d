package org.dataexplorer.ingest;

import java.util.List;

/** The limits and sizes ingest works with (a slice of the service configuration). */
public record IngestSettings(long maxUploadBytes, int maxConcurrentUploads, int threads, int maxColumns,
                             int maxFieldBytes, int maxRecordBytes, int chunkRows, int chunkBytes,
                             int sniffMaxBytes, boolean keepSource, List<String> nullValues,
                             int maxRecordedRejects) {

    public IngestSettings {
        nullValues = List.copyOf(nullValues);
    }
}
