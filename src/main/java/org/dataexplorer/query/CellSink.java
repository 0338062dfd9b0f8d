package org.dataexplorer.query;

/**
 * Receives the cells of a {@link RowBlock} one at a time, typed, so that a page is written out without
 * a boxed number or a String per cell.
 */
public interface CellSink {

    void nul();

    void number(long value);

    /** A finite double. */
    void number(double value);

    void bool(boolean value);

    void string(String value);

    /** A string as UTF-8 bytes, straight from a column chunk. */
    void utf8(byte[] bytes, int offset, int length);

    /** A date as its ISO text, {@code 2024-01-31}, from its epoch day. */
    void isoDate(long epochDay);

    /**
     * A timestamp as its ISO text, {@code 2024-01-31T12:00:00.5} (with {@code Z} when {@code utc}), from
     * its epoch microseconds: rendered straight into the output, where rows of a page mostly share their day.
     */
    void isoTimestamp(long epochMicros, boolean utc);
}
