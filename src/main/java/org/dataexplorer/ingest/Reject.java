package org.dataexplorer.ingest;

/**
 * A malformed record that was repaired or partly dropped (lenient mode).
 *
 * @param line   1-based physical line where the record starts
 * @param byteOffset offset of the record (or of the bad byte) in the decoded source
 * @param column 1-based field, or 0 for the record as a whole
 * @param reason what was wrong and what was done about it
 */
public record Reject(long line, long byteOffset, int column, String reason) {
}
