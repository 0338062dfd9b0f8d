package org.dataexplorer.ingest;

import java.util.UUID;

/** Ingest events for metrics; every method does nothing unless overridden. */
public interface IngestListener {

    IngestListener NONE = new IngestListener() { };

    default void started(UUID dataset) {
    }

    default void completed(UUID dataset, long sourceBytes, long rows, long nanos) {
    }

    default void failed(UUID dataset, IngestFailure failure) {
    }
}
