package org.dataexplorer.ingest;

import java.util.List;

/** The limits and sizes ingest works with (a slice of the service configuration). */
public record IngestSettings(long maxUploadBytes, int maxConcurrentUploads, int threads, int maxColumns,
                             int maxFieldBytes, int maxRecordBytes, int chunkRows, int chunkBytes,
                             int sniffMaxBytes, boolean keepSource, List<String> nullValues,
                             int maxRecordedRejects, int statsDistinctExactMax) {

    public IngestSettings {
        nullValues = List.copyOf(nullValues);
    }

    /** Without the statistics setting: distinct values are counted exactly up to the default. */
    public IngestSettings(long maxUploadBytes, int maxConcurrentUploads, int threads, int maxColumns,
                          int maxFieldBytes, int maxRecordBytes, int chunkRows, int chunkBytes, int sniffMaxBytes,
                          boolean keepSource, List<String> nullValues, int maxRecordedRejects) {
        this(maxUploadBytes, maxConcurrentUploads, threads, maxColumns, maxFieldBytes, maxRecordBytes, chunkRows,
                chunkBytes, sniffMaxBytes, keepSource, nullValues, maxRecordedRejects,
                org.dataexplorer.store.stats.DatasetProfiler.DEFAULT_EXACT_DISTINCT);
    }
}
