package org.dataexplorer.api.upload;

import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;

import org.dataexplorer.ingest.IngestFailure;
import org.dataexplorer.ingest.Upload;
import org.dataexplorer.store.DatasetManifest;

/**
 * Moves request bytes into an {@link Upload} as the container makes them available, and answers once: when
 * ingest finishes (or, with {@code wait=false}, when the body is in), or at the first failure. The container's
 * callbacks only hand the work to the ingest receiver threads ({@link org.dataexplorer.ingest.IngestService#receivers()}),
 * which read what is ready, a megabyte per turn, and never wait for the client: request threads stay free for
 * reads of datasets, and the receivers run below them. Without receivers (Tomcat, see {@link UploadFilter}) the
 * callbacks do the work on the container's thread.
 */
final class UploadReader implements ReadListener {

    /** Buffers read in one turn before the next upload's turn (1 MB). */
    private static final int BUFFERS_PER_TURN = 4;

    /** The manifest is null for an early answer ({@code wait=false}): the dataset is still ingesting. */
    record Outcome(AsyncContext async, java.util.UUID id, DatasetManifest manifest, IngestFailure failure) {
    }

    private final Upload upload;
    private final AsyncContext async;
    private final ServletInputStream in;
    private final boolean waitForIngest;
    private final Consumer<Outcome> respond;
    /**
     * Every step below runs here, in the order the container called: reading, end of input, error; null where
     * they run on the container's threads, as the container calls them.
     */
    private final Turns turns;
    private final AtomicBoolean answered = new AtomicBoolean();
    private final byte[] buffer = new byte[256 * 1024];

    UploadReader(Upload upload, AsyncContext async, ServletInputStream in, boolean waitForIngest,
                 Executor receivers, Consumer<Outcome> respond) {
        this.turns = receivers == null ? null : new Turns(receivers);
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
        inTurn(this::readSome);
    }

    @Override
    public void onAllDataRead() {
        inTurn(this::inputEnded);
    }

    @Override
    public void onError(Throwable t) {
        inTurn(() -> failed(t));
    }

    private void inTurn(Runnable step) {
        if (turns == null) {
            step.run();
        } else {
            turns.execute(step);
        }
    }

    /**
     * Reads while the container has bytes ready, at most one turn's worth. When it has none, the container
     * calls {@link #onDataAvailable()} once more arrive; after a full turn, the next one is queued behind the
     * other uploads' turns.
     */
    private void readSome() {
        // On the container's thread there are no turns: read until nothing is ready, as the container expects.
        int buffers = turns == null ? Integer.MAX_VALUE : BUFFERS_PER_TURN;
        try {
            for (int i = 0; i < buffers; i++) {
                if (answered.get() || !in.isReady()) {
                    return;
                }
                // The container hands over what one network read brought (often a few KB): gathered into one
                // buffer, the spool is written (and its reader woken) a tenth as often.
                int filled = 0;
                boolean ended = false;
                do {
                    int n = in.read(buffer, filled, buffer.length - filled);
                    if (n < 0) {
                        ended = true;
                        break;
                    }
                    filled += n;
                } while (filled < buffer.length && in.isReady());
                if (filled > 0) {
                    try {
                        upload.write(buffer, 0, filled);
                    } catch (IOException e) {
                        // Our side (the spool on disk), not the client's: e.g. the disk is full.
                        throw IngestFailure.storage("Could not store the upload: " + e.getMessage(), e);
                    }
                }
                if (ended) {
                    return;
                }
            }
            inTurn(this::readSome);
        } catch (IngestFailure failure) {
            upload.abort(failure);
            answerWhenIngestEnds();
        } catch (IOException | IllegalStateException e) {
            // IllegalStateException: the container ended the request (a timeout, the client went away) meanwhile.
            failed(e);
        }
    }

    private void inputEnded() {
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

    private void failed(Throwable t) {
        if (answered.get()) {
            return;
        }
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
            Outcome outcome = new Outcome(async, upload.id(), manifest, failure);
            // In turn, so no read of the body is under way when the answer completes the request (a container
            // may hand the request's objects to the next request then).
            inTurn(() -> answer(outcome));
        });
    }

    private void answer(Outcome outcome) {
        if (answered.compareAndSet(false, true)) {
            respond.accept(outcome);
        }
    }
}
