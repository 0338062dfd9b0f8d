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

    /** A string of printable ASCII characters that needs no escaping (a rendered date or timestamp). */
    void ascii(byte[] bytes, int offset, int length);
}
