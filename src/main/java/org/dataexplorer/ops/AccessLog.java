package org.dataexplorer.ops;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes access log lines from one background thread. Request threads only queue their line: the common
 * handlers ({@code ConsoleHandler}, {@code FileHandler}) are synchronized and flush every record, so called
 * from every request thread they line requests up behind one write(2) each. The queue is bounded; when the
 * writer is {@code capacity} lines behind, further lines are dropped and counted
 * ({@code dataexplorer_access_log_dropped_total}) rather than slowing requests down. Nobody wakes the
 * writer: it looks for lines every {@value #IDLE_MILLIS} ms, so a request never pays for a thread wake-up.
 */
public final class AccessLog implements AutoCloseable {

    /** The logger that receives one line per request. */
    public static final String LOGGER = "org.dataexplorer.access";
    /** Lines the writer may be behind before new ones are dropped. */
    public static final int CAPACITY = 65_536;

    private static final long IDLE_MILLIS = 20;

    private final Logger logger;
    private final Queue<String> queue = new ConcurrentLinkedQueue<>();
    private final int capacity;
    private final LongAdder dropped = new LongAdder();
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final String sourceClass;
    private final Thread writer;
    private volatile boolean closing;

    /**
     * @param sourceClass the class named as each record's source (logp: no stack walk per record)
     */
    public AccessLog(Logger logger, int capacity, String sourceClass) {
        this.logger = logger;
        this.capacity = capacity;
        this.sourceClass = sourceClass;
        this.writer = new Thread(this::drain, "data-service-access-log");
        writer.setDaemon(true);
        writer.start();
    }

    /** Whether lines are wanted at all (the logger's level admits INFO): callers skip building them otherwise. */
    public boolean enabled() {
        return !closing && logger.isLoggable(Level.INFO);
    }

    /** Queues one line without waiting; drops it (counted) when the writer is too far behind. */
    public void add(String line) {
        // Lines queued and not yet written; a soft bound (racing callers may pass it by a few lines).
        if (queued.get() - written.get() >= capacity) {
            dropped.increment();
            return;
        }
        queued.incrementAndGet();
        queue.add(line);
    }

    public long dropped() {
        return dropped.sum();
    }

    /** Waits until every line queued before this call is written, at most {@code timeoutMillis}. */
    public boolean flush(long timeoutMillis) throws InterruptedException {
        long target = queued.get();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (written.get() < target) {
            if (System.nanoTime() > deadline || !writer.isAlive()) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    private void drain() {
        while (true) {
            String line = queue.poll();
            if (line == null) {
                if (closing) {
                    return;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS));
                if (Thread.interrupted() && closing) {
                    return;
                }
                continue;
            }
            try {
                logger.logp(Level.INFO, sourceClass, "doFilter", line);
            } catch (RuntimeException e) {
                // A broken handler must not end the writer: this line is lost, the next ones are tried.
            }
            written.incrementAndGet();
        }
    }

    /** Writes what is queued (up to 5 s), then stops the writer. */
    @Override
    public void close() {
        try {
            flush(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closing = true;
        writer.interrupt();
    }
}
