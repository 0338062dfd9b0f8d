package org.dataexplorer.query;

/**
 * The limits of one request: a deadline checked in loops and a memory allowance checked before big
 * allocations. Not thread-safe; one per request.
 */
public final class Budget {

    private final long timeoutMs;
    private final long deadlineNanos;
    private final long memoryBytes;
    private long reserved;
    private int ticks;

    public Budget(long timeoutMs, long memoryBytes) {
        this.timeoutMs = timeoutMs;
        this.deadlineNanos = System.nanoTime() + timeoutMs * 1_000_000L;
        this.memoryBytes = memoryBytes;
    }

    /** No limits: for tools and tests. */
    public static Budget unlimited() {
        return new Budget(Long.MAX_VALUE / 2_000_000L, Long.MAX_VALUE);
    }

    public long memoryBytes() {
        return memoryBytes;
    }

    /** Throws when the deadline has passed; cheap enough to call per chunk or every few thousand rows. */
    public void checkTime() {
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new QueryBudgetException(QueryBudgetException.Limit.TIME,
                    "query time budget of " + timeoutMs + " ms exceeded (query.timeout.ms)");
        }
    }

    /** Like {@link #checkTime} but only looks at the clock every 4096 calls, for inner loops. */
    public void tick() {
        if ((++ticks & 4095) == 0) {
            checkTime();
        }
    }

    /** Whether {@code bytes} more would still fit, without reserving them. */
    public boolean fits(long bytes) {
        return bytes >= 0 && reserved + bytes <= memoryBytes;
    }

    /**
     * Reserves {@code bytes} of the allowance for {@code what}.
     *
     * @throws QueryBudgetException when they do not fit
     */
    public void reserve(long bytes, String what) {
        if (!fits(bytes)) {
            throw new QueryBudgetException(QueryBudgetException.Limit.MEMORY, what + " needs about "
                    + (bytes >> 20) + " MB, over the query memory budget of " + (memoryBytes >> 20)
                    + " MB (query.memory.bytes)");
        }
        reserved += bytes;
    }

    public void release(long bytes) {
        reserved = Math.max(0, reserved - bytes);
    }
}
