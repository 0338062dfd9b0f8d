package org.dataexplorer.ingest.upload;

import java.io.IOException;

/** A push-style consumer of upload bytes; decoders chain into the spool. Not thread-safe. */
public interface ByteSink {

    void write(byte[] bytes, int offset, int length) throws IOException;

    /** The input is complete; flush and validate what is left. */
    void finish() throws IOException;
}
