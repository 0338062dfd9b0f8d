package org.dataexplorer.store.catalog;

import java.util.UUID;

import org.dataexplorer.store.DatasetManifest;

/** What the catalog reports, for metrics and audit. All methods are no-ops by default; they must not block. */
public interface CatalogListener {

    CatalogListener NONE = new CatalogListener() {
    };

    /** A dataset directory and its INGESTING manifest were created. */
    default void created(DatasetManifest manifest) {
    }

    /** A manifest was written durably. */
    default void committed(DatasetManifest manifest) {
    }

    /** A dataset was deleted. */
    default void deleted(UUID id) {
    }

    /** Startup recovery found an interrupted ingest and marked it FAILED. */
    default void recoveredAsFailed(DatasetManifest manifest) {
    }

    /** Startup recovery removed or set aside something that was not a committed dataset. */
    default void discarded(java.nio.file.Path path, String reason) {
    }
}
