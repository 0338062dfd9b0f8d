package org.dataexplorer.store.format;

import java.io.IOException;
import java.nio.file.Path;

/** A {@code manifest.json} that cannot be parsed into a {@link org.dataexplorer.store.DatasetManifest}. */
public final class CorruptManifestException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public CorruptManifestException(Path file, String problem, Throwable cause) {
        super("corrupt manifest " + file + ": " + problem, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
