package org.dataexplorer.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Bounded polling for things the server does asynchronously. */
final class Poll {

    private static final long INTERVAL_MILLIS = 50;

    private Poll() {
    }

    /** Calls {@code probe} until {@code done} holds; fails with the last value after {@code timeout}. */
    static <T> T until(Duration timeout, String what, Supplier<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.get();
            if (done.test(value)) {
                return value;
            }
            if (System.nanoTime() - deadline > 0) {
                return fail("timed out after " + timeout.toSeconds() + " s waiting until " + what
                        + "; last value: " + value);
            }
            sleep(INTERVAL_MILLIS);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
