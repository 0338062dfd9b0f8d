package org.dataexplorer.api.upload;

import java.io.IOException;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;

/**
 * Reads and drops the body of a request that was already answered (a refused upload), without blocking a
 * container thread, so that the connection ends politely once the client has sent everything; then
 * completes the request. A client that stalls is cut off by the async timeout.
 */
final class BodyDrain implements ReadListener, AsyncListener {

    /** The largest body read only to be dropped. */
    static final long MAX_BYTES = 256L * 1024 * 1024;

    private final AsyncContext async;
    private final ServletInputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private long dropped;
    private boolean done;

    private BodyDrain(AsyncContext async, ServletInputStream in) {
        this.async = async;
        this.in = in;
    }

    static void start(AsyncContext async, ServletInputStream in) {
        BodyDrain drain = new BodyDrain(async, in);
        async.addListener(drain);
        in.setReadListener(drain);
    }

    @Override
    public void onDataAvailable() throws IOException {
        int n;
        while (in.isReady() && (n = in.read(buffer)) != -1) {
            dropped += n;
            if (dropped > MAX_BYTES) {
                // More than the client declared: stop reading; the connection closes.
                finish();
                return;
            }
        }
    }

    @Override
    public void onAllDataRead() {
        finish();
    }

    @Override
    public void onError(Throwable t) {
        finish();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        finish();
    }

    @Override
    public void onError(AsyncEvent event) {
        finish();
    }

    @Override
    public synchronized void onComplete(AsyncEvent event) {
        done = true;
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not restarted
    }

    private synchronized void finish() {
        if (!done) {
            done = true;
            async.complete();
        }
    }
}
