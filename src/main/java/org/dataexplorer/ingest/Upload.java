package org.dataexplorer.ingest;

import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.dataexplorer.ingest.upload.ByteSink;
import org.dataexplorer.ingest.upload.GzipSink;
import org.dataexplorer.ingest.upload.MultipartSink;
import org.dataexplorer.ingest.upload.Spool;
import org.dataexplorer.store.DatasetManifest;

/**
 * One upload in progress, seen from the side that receives the bytes: push them into
 * {@link #write}, then call {@link #endOfInput()} or {@link #abort}. Parsing runs concurrently;
 * {@link #result()} completes when the dataset is ready or has failed.
 */
public final class Upload {

    private final UUID id;
    private final Spool spool;
    private final UploadAllowance allowance;
    private final ByteSink input;
    private final CompletableFuture<DatasetManifest> result;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile long bytesReceived;
    private volatile long rowsParsed;
    private volatile long lastActivityNanos = System.nanoTime();
    /** Start of the current window of the minimum-rate check, and the bytes received by then (watcher thread only). */
    private long rateWindowStartNanos = lastActivityNanos;
    private long rateWindowStartBytes;
    private volatile IngestFailure failure;

    Upload(UUID id, Spool spool, UploadAllowance allowance, String multipartBoundary, boolean gzipDeclared,
           CompletableFuture<DatasetManifest> result) {
        this.id = id;
        this.spool = spool;
        this.allowance = allowance;
        ByteSink decoded = new GzipSink(spool, gzipDeclared);
        this.input = multipartBoundary != null ? new MultipartSink(decoded, multipartBoundary) : decoded;
        this.result = result;
    }

    public UUID id() {
        return id;
    }

    /** Called from the receiving thread only. A failure of the upload (limit, bad gzip, parse error) is thrown. */
    public void write(byte[] bytes, int offset, int length) throws IOException {
        IngestFailure failed = failure;
        if (failed != null) {
            throw failed;
        }
        bytesReceived += length;
        lastActivityNanos = System.nanoTime();
        try {
            input.write(bytes, offset, length);
        } catch (IngestFailure refused) {
            // The decoders stopped mid-write (multipart, gzip): a later write must not feed them the rest.
            failure = refused;
            throw refused;
        }
    }

    /** The client sent everything. */
    public void endOfInput() throws IOException {
        if (ended.compareAndSet(false, true)) {
            input.finish();
        }
    }

    /** The client went away or the upload must stop; parsing fails with this reason. */
    public void abort(IngestFailure reason) {
        ended.set(true);
        if (failure == null) {
            failure = reason;
        }
        spool.fail(reason);
    }

    /** Whether the client is still expected to send bytes. */
    boolean awaitingInput() {
        return !ended.get();
    }

    long idleNanos(long now) {
        return now - lastActivityNanos;
    }

    /**
     * Once {@code window} has passed since the last check: the bytes per second received over it, and a new
     * window starts; before that, -1. Called from the one watcher thread.
     */
    double rateOverWindow(long now, long windowNanos) {
        long elapsed = now - rateWindowStartNanos;
        if (elapsed < windowNanos) {
            return -1;
        }
        long received = bytesReceived;
        double rate = (received - rateWindowStartBytes) * 1e9 / elapsed;
        rateWindowStartNanos = now;
        rateWindowStartBytes = received;
        return rate;
    }

    public long bytesReceived() {
        return bytesReceived;
    }

    public long rowsParsed() {
        return rowsParsed;
    }

    void setRowsParsed(long rows) {
        rowsParsed = rows;
    }

    void failed(IngestFailure reason) {
        failure = reason;
        spool.fail(reason);
    }

    UploadAllowance allowance() {
        return allowance;
    }

    Spool spool() {
        return spool;
    }

    /** Completes with the ready dataset, or exceptionally with an {@link IngestFailure}. */
    public CompletableFuture<DatasetManifest> result() {
        return result;
    }
}
