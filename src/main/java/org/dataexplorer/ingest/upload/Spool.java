package org.dataexplorer.ingest.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.dataexplorer.ingest.IngestFailure;
import org.dataexplorer.ingest.UploadAllowance;

/**
 * The decoded upload on disk. One writer (the request's I/O callbacks) appends while readers (the
 * parser) read what is there and wait for more, so parsing runs while the upload streams in and
 * memory holds only a buffer.
 */
public final class Spool implements ByteSink, AutoCloseable {

    private final Path file;
    private final FileChannel channel;
    private final long maxBytes;
    private final UploadAllowance allowance;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition grew = lock.newCondition();
    private volatile long size;
    private volatile boolean complete;
    private volatile Throwable failure;

    public Spool(Path file, long maxBytes) throws IOException {
        this(file, maxBytes, UploadAllowance.UNLIMITED);
    }

    /** @param allowance asked before every write, with the size the spool would then have */
    public Spool(Path file, long maxBytes, UploadAllowance allowance) throws IOException {
        this.file = file;
        this.maxBytes = maxBytes;
        this.allowance = allowance;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
    }

    public Path file() {
        return file;
    }

    public long size() {
        return size;
    }

    public boolean isComplete() {
        return complete;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (size + length > maxBytes) {
            throw IngestFailure.tooLarge("The upload is larger than the limit of " + maxBytes + " bytes");
        }
        if (!allowance.source(size + length)) {
            throw IngestFailure.tooLarge("The upload is larger than the room it was allowed");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
        long position = size;
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
        signal(() -> size += length);
    }

    @Override
    public void finish() {
        signal(() -> complete = true);
    }

    /** Wakes readers with an error; they throw it from their next read. The first reason stays: it is the cause. */
    public void fail(Throwable reason) {
        signal(() -> {
            if (failure == null) {
                failure = reason;
            }
        });
    }

    private void signal(Runnable change) {
        lock.lock();
        try {
            change.run();
            grew.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Blocks until more than {@code position} bytes exist, the upload is complete, or it failed.
     *
     * @return the size now, which is {@code <= position} only at the end of a complete upload
     */
    long awaitBeyond(long position) throws IOException {
        lock.lock();
        try {
            while (size <= position && !complete && failure == null) {
                grew.await(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while waiting for upload bytes");
        } finally {
            lock.unlock();
        }
        Throwable reason = failure;
        if (reason != null) {
            throw reason instanceof IngestFailure f ? f : IngestFailure.aborted("The upload was aborted", reason);
        }
        return size;
    }

    /** Reads at {@code position}, waiting for the bytes to arrive; -1 at the end of a complete upload. */
    public int read(long position, byte[] target, int offset, int length) throws IOException {
        long available = awaitBeyond(position);
        if (available <= position) {
            return -1;
        }
        int n = (int) Math.min(length, available - position);
        return channel.read(ByteBuffer.wrap(target, offset, n), position);
    }

    /** An input stream from {@code start} that follows the growing file. */
    public InputStream openStream(long start) {
        return new InputStream() {
            private long position = start;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xFF;
            }

            /** Bytes there to read now, without waiting. */
            @Override
            public int available() {
                return (int) Math.min(Integer.MAX_VALUE, Math.max(0, size - position));
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                int n = Spool.this.read(position, b, off, len);
                if (n > 0) {
                    position += n;
                }
                return n;
            }
        };
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
