package org.dataexplorer.store.format;

import java.io.IOException;
import java.nio.file.Path;

/** A chunk file (or a cached section of one) fails its structural or checksum checks. */
public final class CorruptChunkException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public CorruptChunkException(Path file, String problem) {
        super(describe(file) + ": " + problem);
        this.file = file;
    }

    public CorruptChunkException(Path file, String problem, Throwable cause) {
        super(describe(file) + ": " + problem, cause);
        this.file = file;
    }

    /** The damaged file, or null when the bytes did not come straight from a file. */
    public Path file() {
        return file;
    }

    private static String describe(Path file) {
        return file == null ? "corrupt chunk column section" : "corrupt chunk file " + file;
    }
}
