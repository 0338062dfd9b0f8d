package org.dataexplorer.api.json;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * A response body that is held back while it is small: on close, a body of at most {@code limit} bytes is
 * sent with its length known ({@code Content-Length}) in one write, instead of as chunks; a bigger one
 * streams from the moment it outgrows the limit, so memory stays bounded whatever its size.
 */
public final class SizedBody extends OutputStream {

    private final OutputStreamSupplier target;
    private final IntConsumer contentLength;
    private final int limit;
    private byte[] buffer;
    private int length;
    private OutputStream streaming;

    /** Opens the real stream only when first needed (a response's output stream commits nothing by itself). */
    @FunctionalInterface
    public interface OutputStreamSupplier {
        OutputStream open() throws IOException;
    }

    public SizedBody(OutputStreamSupplier target, IntConsumer contentLength, int initial, int limit) {
        this.target = target;
        this.contentLength = contentLength;
        this.limit = limit;
        this.buffer = new byte[Math.min(initial, limit)];
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int count) throws IOException {
        if (streaming != null) {
            streaming.write(bytes, offset, count);
            return;
        }
        if (length + count > limit) {
            streaming = target.open();
            streaming.write(buffer, 0, length);
            buffer = null;
            streaming.write(bytes, offset, count);
            return;
        }
        if (length + count > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.min(limit, Math.max(length + count, buffer.length * 2)));
        }
        System.arraycopy(bytes, offset, buffer, length, count);
        length += count;
    }

    @Override
    public void flush() throws IOException {
        if (streaming != null) {
            streaming.flush();
        }
    }

    @Override
    public void close() throws IOException {
        if (streaming == null) {
            contentLength.accept(length);
            streaming = target.open();
            streaming.write(buffer, 0, length);
            buffer = null;
        }
        streaming.close();
    }
}
