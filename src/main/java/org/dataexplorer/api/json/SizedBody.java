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

    /** Buffers up to this size are kept for the thread's next body (one each): most pages fit, none need more. */
    private static final int KEEP_AT_MOST = 64 << 10;
    /** The thread's spare buffer: a page is sent in well under a millisecond, and its buffer was most of its garbage. */
    private static final ThreadLocal<byte[]> SPARE = new ThreadLocal<>();

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
        int size = Math.min(initial, limit);
        byte[] spare = SPARE.get();
        if (spare != null && spare.length >= size) {
            SPARE.set(null);
            this.buffer = spare;
        } else {
            this.buffer = new byte[size];
        }
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
            release();
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
            release();
        }
        streaming.close();
    }

    /** After a blocking write has taken the bytes, the buffer can serve the thread's next body. */
    private void release() {
        byte[] done = buffer;
        buffer = null;
        if (done.length <= KEEP_AT_MOST) {
            SPARE.set(done);
        }
    }
}
