package org.dataexplorer.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

class AccessLogTest {

    /** Records what reaches the logger, optionally held up until released. */
    private static final class Capture extends Handler {
        final List<LogRecord> records = new CopyOnWriteArrayList<>();
        final CountDownLatch release;

        Capture(CountDownLatch release) {
            this.release = release;
        }

        @Override
        public void publish(LogRecord logRecord) {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            records.add(logRecord);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    private static Logger logger(String name, Handler handler) {
        Logger logger = Logger.getLogger(name);
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.INFO);
        logger.addHandler(handler);
        return logger;
    }

    @Test
    void linesFromManyThreadsArriveWholeAndInEachThreadsOrder() throws Exception {
        Capture capture = new Capture(new CountDownLatch(0));
        try (AccessLog log = new AccessLog(logger("test.access.order", capture), 100_000, "Source")) {
            Thread[] threads = new Thread[4];
            for (int t = 0; t < threads.length; t++) {
                int thread = t;
                threads[t] = new Thread(() -> {
                    for (int i = 0; i < 5_000; i++) {
                        log.add("t" + thread + " " + i);
                    }
                });
                threads[t].start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            assertTrue(log.flush(10_000), "flushed");
            assertEquals(20_000, capture.records.size());
            int[] next = new int[threads.length];
            for (LogRecord r : capture.records) {
                assertEquals(Level.INFO, r.getLevel());
                assertEquals("Source", r.getSourceClassName());
                String[] parts = r.getMessage().split(" ");
                int thread = Integer.parseInt(parts[0].substring(1));
                assertEquals(next[thread]++, Integer.parseInt(parts[1]), r.getMessage());
            }
            assertEquals(0, log.dropped());
        }
    }

    @Test
    void aStuckHandlerDropsAndCountsLinesInsteadOfBlockingCallers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Capture capture = new Capture(release);
        try (AccessLog log = new AccessLog(logger("test.access.stuck", capture), 10, "Source")) {
            long started = System.nanoTime();
            for (int i = 0; i < 1_000; i++) {
                log.add("line " + i);
            }
            // The writer holds one line, the queue ten: the rest are dropped at once.
            assertTrue(log.dropped() >= 1_000 - 11, "dropped " + log.dropped());
            assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) < 5, "callers never wait for the handler");
            assertFalse(log.flush(50), "nothing can be flushed while the handler is stuck");
            release.countDown();
            assertTrue(log.flush(10_000));
            assertEquals(1_000 - log.dropped(), capture.records.size());
        }
    }

    @Test
    void closeWritesWhatIsQueued() {
        Capture capture = new Capture(new CountDownLatch(0));
        AccessLog log = new AccessLog(logger("test.access.close", capture), 1_000, "Source");
        for (int i = 0; i < 500; i++) {
            log.add("line " + i);
        }
        log.close();
        assertEquals(500, capture.records.size());
        assertFalse(log.enabled(), "a closed log takes no more lines");
    }
}
