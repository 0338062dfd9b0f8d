package org.dataexplorer.ingest.upload;

import java.io.ByteArrayOutputStream;

/** Records what a decoder passes on, and whether it was finished. */
final class CollectingSink implements ByteSink {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private int finishes;

    @Override
    public void write(byte[] data, int offset, int length) {
        bytes.write(data, offset, length);
    }

    @Override
    public void finish() {
        finishes++;
    }

    byte[] bytes() {
        return bytes.toByteArray();
    }

    int finishes() {
        return finishes;
    }
}
