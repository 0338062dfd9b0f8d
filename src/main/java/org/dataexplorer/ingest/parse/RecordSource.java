package org.dataexplorer.ingest.parse;

import java.io.IOException;

/**
 * Where records come from: the byte-level {@link CsvTokenizer} (the fast path) or
 * {@link CommonsCsvSource} (Apache Commons CSV, the reference path and test oracle).
 */
public interface RecordSource {

    /** Reads the next non-blank record into {@code record}; false at the end of input. */
    boolean next(CsvRecord record) throws IOException;

    /** Skips whole physical lines (a preamble) before the first record. */
    void skipLines(int count) throws IOException;

    /** Sets the line number of the next record (when starting in the middle of a file). */
    void setLine(long nextLine);
}
