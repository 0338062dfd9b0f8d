package org.dataexplorer.export;

import java.io.IOException;
import java.io.OutputStream;

/** Writes every row of a cursor in one format. Does not close the stream. */
interface RowWriter {

    void write(RowCursor rows, OutputStream out) throws IOException;
}
