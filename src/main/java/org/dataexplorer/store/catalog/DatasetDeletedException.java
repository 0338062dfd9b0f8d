package org.dataexplorer.store.catalog;

import java.nio.file.NoSuchFileException;
import java.util.UUID;

/**
 * A read found a dataset's file gone because the dataset was deleted meanwhile (a reader and a delete
 * racing): the dataset no longer exists, which is not damage.
 */
public final class DatasetDeletedException extends NoSuchFileException {

    private static final long serialVersionUID = 1L;

    private final transient UUID id;

    public DatasetDeletedException(UUID id, NoSuchFileException cause) {
        super(cause.getFile(), null, "dataset " + id + " was deleted while it was being read");
        this.id = id;
        initCause(cause);
    }

    public UUID id() {
        return id;
    }
}
