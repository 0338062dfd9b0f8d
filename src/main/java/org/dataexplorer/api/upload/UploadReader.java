package org.dataexplorer.api.upload;

import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;

import org.dataexplorer.ingest.IngestFailure;
import org.dataexplorer.ingest.Upload;
import org.dataexplorer.store.DatasetManifest;

/**
 * Moves request bytes into an {@link Upload} as the container makes them available, never blocking
 * a container thread, and answers once: when ingest finishes (or, with {@code wait=false}, when the
 * body is in), or at the first failure.
 */
final class UploadReader implements ReadListener {

    /** The manifest is null for an early answer ({@code wait=false}): the dataset is still ingesting. */
    record Outcome(AsyncContext async, java.util.UUID id, DatasetManifest manifest, IngestFailure failure) {
    }

    private final Upload upload;
    private final AsyncContext async;
    private final ServletInputStream in;
    private final boolean waitForIngest;
    private final Consumer<Outcome> respond;
    private final AtomicBoolean answered = new AtomicBoolean();
    private final byte[] buffer = new byte[64 * 1024];

    UploadReader(Upload upload, AsyncContext async, ServletInputStream in, boolean waitForIngest,
                 Consumer<Outcome> respond) {
        this.upload = upload;
        this.async = async;
        this.in = in;
        this.waitForIngest = waitForIngest;
        this.respond = respond;
    }

    /**
     * Answers as soon as ingest fails, even while the client is still sending (a strict-mode reject, a
     * limit, an idle timeout): the rest of the body is not worth reading.
     */
    void answerOnEarlyFailure() {
        upload.result().whenComplete((manifest, error) -> {
            if (error != null) {
                answerWhenIngestEnds();
            }
        });
    }

    @Override
    public void onDataAvailable() {
        if (answered.get()) {
            return;
        }
        try {
            while (in.isReady()) {
                int n = in.read(buffer);
                if (n < 0) {
                    return;
                }
                try {
                    upload.write(buffer, 0, n);
                } catch (IOException e) {
                    // Our side (the spool on disk), not the client's: e.g. the disk is full.
                    throw IngestFailure.storage("Could not store the upload: " + e.getMessage(), e);
                }
            }
        } catch (IngestFailure failure) {
            upload.abort(failure);
            answerWhenIngestEnds();
        } catch (IOException e) {
            onError(e);
        }
    }

    @Override
    public void onAllDataRead() {
        if (answered.get()) {
            return;
        }
        try {
            upload.endOfInput();
        } catch (IngestFailure failure) {
            upload.abort(failure);
        } catch (IOException e) {
            upload.abort(IngestFailure.storage("Could not store the upload: " + e.getMessage(), e));
        }
        if (waitForIngest || upload.result().isDone()) {
            answerWhenIngestEnds();
        } else {
            answer(new Outcome(async, upload.id(), null, null));
        }
    }

    @Override
    public void onError(Throwable t) {
        IngestFailure failure = IngestFailure.aborted("The upload body was cut off or malformed ("
                + describe(t) + "); nothing was stored", t);
        upload.abort(failure);
        // Answer 400 rather than leave the container's default 200: a client that only half-closed, or sent
        // broken chunked framing, is still there to read it. One that is gone costs a failed write.
        answer(new Outcome(async, upload.id(), null, failure));
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    private void answerWhenIngestEnds() {
        upload.result().whenComplete((manifest, error) -> {
            IngestFailure failure = null;
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                failure = cause instanceof IngestFailure f ? f : IngestFailure.internal("Ingest failed", cause);
            }
            answer(new Outcome(async, upload.id(), manifest, failure));
        });
    }

    private void answer(Outcome outcome) {
        if (answered.compareAndSet(false, true)) {
            respond.accept(outcome);
        }
    }
}
