package org.dataexplorer.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ReadPriorityTest {

    @Test
    void withoutReadsIngestDoesNotWait() {
        ReadPriority priority = new ReadPriority(Duration.ofSeconds(30));
        for (int i = 0; i < 1000; i++) {
            priority.yieldToReads();
        }
        assertEquals(0, priority.waitedNanos());
    }

    @Test
    void ingestWaitsUntilTheReadsInFlightAreDone() throws Exception {
        ReadPriority priority = new ReadPriority(Duration.ofSeconds(30));
        priority.readStarted();
        priority.readStarted();
        // The reads' time is counted from when the ingest thread runs, which can be well after runAsync.
        CountDownLatch running = new CountDownLatch(1);
        CompletableFuture<Void> ingest = CompletableFuture.runAsync(() -> {
            running.countDown();
            priority.yieldToReads();
        });
        assertTrue(running.await(10, TimeUnit.SECONDS));
        Thread.sleep(100);
        assertFalse(ingest.isDone(), "waits while two reads run");
        priority.readFinished();
        Thread.sleep(50);
        assertFalse(ingest.isDone(), "waits while one read runs");
        priority.readFinished();
        ingest.get(10, TimeUnit.SECONDS);
        assertEquals(0, priority.readsInFlight());
        assertTrue(priority.waitedNanos() >= TimeUnit.MILLISECONDS.toNanos(150), "waited " + priority.waitedNanos());
    }

    @Test
    void theLastReadToEndWakesEveryWaiter() throws Exception {
        // A minute's limit: the waiters come back within the test's 10 s only because the read's end wakes them.
        ReadPriority priority = new ReadPriority(Duration.ofMinutes(1));
        priority.readStarted();
        CountDownLatch running = new CountDownLatch(4);
        List<CompletableFuture<Void>> waiters = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 4; i++) {
            waiters.add(CompletableFuture.runAsync(() -> {
                running.countDown();
                priority.yieldToReads();
            }, threads));
        }
        assertTrue(running.await(10, TimeUnit.SECONDS));
        Thread.sleep(100);
        waiters.forEach(w -> assertFalse(w.isDone(), "waits while the read runs"));
        priority.readFinished();
        for (CompletableFuture<Void> waiter : waiters) {
            waiter.get(10, TimeUnit.SECONDS);
        }
        threads.shutdown();
    }

    @Test
    void aReadThatNeverEndsDelaysEachUnitOfIngestOnlyByTheLimit() throws Exception {
        ReadPriority priority = new ReadPriority(Duration.ofMillis(20));
        priority.readStarted();
        CompletableFuture<Void> ingest = CompletableFuture.runAsync(() -> {
            for (int unit = 0; unit < 10; unit++) {
                priority.yieldToReads();
            }
        });
        ingest.get(10, TimeUnit.SECONDS);
        assertTrue(priority.waitedNanos() >= TimeUnit.MILLISECONDS.toNanos(10 * 20), "waited " + priority.waitedNanos());
    }

    @Test
    void offNeverWaits() throws Exception {
        ReadPriority off = ReadPriority.off();
        off.readStarted();
        CompletableFuture.runAsync(off::yieldToReads).get(10, TimeUnit.SECONDS);
        assertFalse(off.enabled());
        assertEquals(0, off.waitedNanos());
    }
}
