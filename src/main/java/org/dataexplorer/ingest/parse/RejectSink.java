package org.dataexplorer.ingest.parse;

import java.io.IOException;

/** Receives malformed-record reports; in strict mode it throws instead of recording. */
@FunctionalInterface
public interface RejectSink {

    void reject(long line, long byteOffset, int column, String reason) throws IOException;
}
