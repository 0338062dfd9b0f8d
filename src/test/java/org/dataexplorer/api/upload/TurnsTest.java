package org.dataexplorer.api.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class TurnsTest {

    @Test
    void stepsRunInOrderAndNeverTwoAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Turns turns = new Turns(pool);
            List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger running = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(2000);
            for (int i = 0; i < 2000; i++) {
                int step = i;
                turns.execute(() -> {
                    if (running.incrementAndGet() > 1) {
                        overlaps.incrementAndGet();
                    }
                    ran.add(step);
                    running.decrementAndGet();
                    done.countDown();
                });
            }
            assertTrue(done.await(10, TimeUnit.SECONDS));
            assertEquals(0, overlaps.get());
            for (int i = 0; i < 2000; i++) {
                assertEquals(i, ran.get(i));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void uploadsTakeTurnsOnOneThread() throws Exception {
        // One pool thread, two uploads that each resubmit themselves: the steps alternate.
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            List<String> ran = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch done = new CountDownLatch(2);
            CountDownLatch start = new CountDownLatch(1);
            pool.execute(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            for (String name : List.of("a", "b")) {
                Turns turns = new Turns(pool);
                turns.execute(new Runnable() {
                    int left = 3;

                    @Override
                    public void run() {
                        ran.add(name);
                        if (--left > 0) {
                            turns.execute(this);
                        } else {
                            done.countDown();
                        }
                    }
                });
            }
            start.countDown();
            assertTrue(done.await(10, TimeUnit.SECONDS));
            assertEquals(List.of("a", "b", "a", "b", "a", "b"), ran);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void stepsRunOnTheCallerOnceThePoolIsShutDown() {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        pool.shutdown();
        Turns turns = new Turns(pool);
        List<String> ran = new ArrayList<>();
        turns.execute(() -> ran.add(Thread.currentThread().getName()));
        turns.execute(() -> ran.add("second"));
        assertEquals(List.of(Thread.currentThread().getName(), "second"), ran);
    }
}
