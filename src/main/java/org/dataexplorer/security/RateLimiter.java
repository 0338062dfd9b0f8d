package org.dataexplorer.security;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Token buckets keyed by user or client address: each key may spend {@code burst} requests at once and gets
 * {@code perSecond} back every second. At most {@code maxKeys} buckets are kept; the least recently used is
 * dropped (it would be full again soon anyway), so memory stays bounded whatever the number of clients.
 */
public final class RateLimiter {

    private final double perNano;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets;

    /** @param perSecond tokens per second; 0 disables the limiter */
    public RateLimiter(int perSecond, int burst, int maxKeys, LongSupplier nanoTime) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.buckets = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxKeys;
            }
        };
    }

    public boolean enabled() {
        return perNano > 0;
    }

    /**
     * Takes one token from {@code key}'s bucket.
     *
     * @return 0 when the request may go, else the whole seconds until a token is back (for {@code Retry-After})
     */
    public long acquire(String key) {
        if (!enabled()) {
            return 0;
        }
        long now = nanoTime.getAsLong();
        synchronized (buckets) {
            Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
            double tokens = Math.min(burst, bucket.tokens + (now - bucket.refilledAt) * perNano);
            bucket.refilledAt = now;
            if (tokens >= 1) {
                bucket.tokens = tokens - 1;
                return 0;
            }
            bucket.tokens = tokens;
            return Math.max(1, (long) Math.ceil((1 - tokens) / perNano / 1e9));
        }
    }

    /** Buckets held now (for tests and metrics). */
    public int size() {
        synchronized (buckets) {
            return buckets.size();
        }
    }

    private static final class Bucket {
        double tokens;
        long refilledAt;

        Bucket(double tokens, long refilledAt) {
            this.tokens = tokens;
            this.refilledAt = refilledAt;
        }
    }
}
