package org.dataexplorer.ingest;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Lets interactive reads go before ingest. Reads say when they start and end; ingest threads call
 * {@link #yieldToReads()} between units of work (a thousand records, a chunk), and while reads are in
 * flight they wait, up to {@code maxWait} per call. A page read then competes for the CPU with other
 * reads only, not with every running upload; the wait is bounded, so a steady stream of reads slows
 * ingest down but never stops it.
 */
public final class ReadPriority {

    private final long maxWaitNanos;
    private final AtomicInteger reads = new AtomicInteger();
    private final LongAdder waitedNanos = new LongAdder();
    /**
     * Threads in {@link #yieldToReads()}, woken when the last read ends: they sleep until then rather than poll,
     * since two dozen pollers waking every fraction of a millisecond would take the CPU the reads need.
     */
    private final Set<Thread> waiting = ConcurrentHashMap.newKeySet();

    /** @param maxWait the longest one {@link #yieldToReads()} call waits; zero turns the priority off */
    public ReadPriority(Duration maxWait) {
        this.maxWaitNanos = maxWait.toNanos();
    }

    /** No priority: ingest never waits. */
    public static ReadPriority off() {
        return new ReadPriority(Duration.ZERO);
    }

    public boolean enabled() {
        return maxWaitNanos > 0;
    }

    /** A read begins; every call must be followed by one {@link #readFinished()}. */
    public void readStarted() {
        reads.incrementAndGet();
    }

    public void readFinished() {
        if (reads.decrementAndGet() == 0 && !waiting.isEmpty()) {
            for (Thread thread : waiting) {
                LockSupport.unpark(thread);
            }
        }
    }

    /** Reads in flight now. */
    public int readsInFlight() {
        return reads.get();
    }

    /** Total time ingest threads spent waiting for reads, in nanoseconds. */
    public long waitedNanos() {
        return waitedNanos.sum();
    }

    /** Waits while reads are in flight, at most the configured time; returns at once when there are none. */
    public void yieldToReads() {
        if (maxWaitNanos <= 0 || reads.get() <= 0) {
            return;
        }
        long start = System.nanoTime();
        long deadline = start + maxWaitNanos;
        long now = start;
        Thread self = Thread.currentThread();
        // Registered before the count is read again, so a read ending in between leaves an unpark for the park.
        waiting.add(self);
        try {
            while (reads.get() > 0 && now - deadline < 0) {
                LockSupport.parkNanos(this, deadline - now);
                now = System.nanoTime();
            }
        } finally {
            waiting.remove(self);
        }
        waitedNanos.add(now - start);
    }
}
