package org.dataexplorer.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.dataexplorer.store.DatasetManifest;
import org.dataexplorer.store.DatasetStatus;
import org.junit.jupiter.api.Test;

/** The rate limiter, upload slots, storage quota and trusted proxies. */
class LimitsTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void tokenBucketSpendsItsBurstThenRefills() {
        AtomicLong now = new AtomicLong(5 * SECOND);
        RateLimiter limiter = new RateLimiter(2, 3, 100, now::get);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, limiter.acquire("u"), "burst of 3");
        }
        long wait = limiter.acquire("u");
        assertEquals(1, wait, "Retry-After in whole seconds");
        assertEquals(0, limiter.acquire("v"), "another key has its own bucket");
        now.addAndGet(SECOND / 2);
        assertEquals(0, limiter.acquire("u"), "one token back after half a second at 2/s");
        assertTrue(limiter.acquire("u") > 0);
        now.addAndGet(100 * SECOND);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, limiter.acquire("u"), "refilled, but never past the burst");
        }
        assertTrue(limiter.acquire("u") > 0);
    }

    @Test
    void slowRatesGiveLongerRetryAfter() {
        AtomicLong now = new AtomicLong();
        RateLimiter limiter = new RateLimiter(1, 1, 100, now::get);
        assertEquals(0, limiter.acquire("u"));
        assertEquals(1, limiter.acquire("u"));
        RateLimiter off = new RateLimiter(0, 1, 100, now::get);
        for (int i = 0; i < 100; i++) {
            assertEquals(0, off.acquire("u"), "0 per second turns the limiter off");
        }
    }

    @Test
    void trackedKeysAreBounded() {
        AtomicLong now = new AtomicLong();
        RateLimiter limiter = new RateLimiter(1, 1, 16, now::get);
        for (int i = 0; i < 10_000; i++) {
            limiter.acquire("client-" + i);
        }
        assertEquals(16, limiter.size());
    }

    @Test
    void uploadSlotsPerUser() {
        UploadSlots slots = new UploadSlots(2);
        assertTrue(slots.tryAcquire("a"));
        assertTrue(slots.tryAcquire("a"));
        assertFalse(slots.tryAcquire("a"));
        assertTrue(slots.tryAcquire("b"));
        slots.release("a");
        assertTrue(slots.tryAcquire("a"));
        slots.release("a");
        slots.release("a");
        slots.release("a");
        assertEquals(0, slots.running("a"), "extra releases never go negative");
    }

    private static DatasetManifest dataset(String owner, long received, long source, long size) {
        return dataset(owner, received, source, size, DatasetStatus.READY);
    }

    private static DatasetManifest dataset(String owner, long received, long source, long size, DatasetStatus status) {
        return new DatasetManifest(1, java.util.UUID.randomUUID().toString(), "n", owner, status,
                Instant.EPOCH, Instant.EPOCH, received, source, size, 0, 0, null, null, null, null);
    }

    @Test
    void quotaCountsOnlyTheUsersDatasets() {
        List<DatasetManifest> all = List.of(dataset("a", 100, 120, 50), dataset("a", 10, 0, 0), dataset("b", 999, 999, 999),
                dataset(null, 5, 5, 5), dataset("a", 1000, 0, 0, DatasetStatus.FAILED));
        assertEquals(120 + 50 + 10, StorageQuota.used("a", all));
        StorageQuota quota = new StorageQuota(200);
        assertEquals(20, quota.remaining(StorageQuota.used("a", all)));
        assertEquals(0, quota.remaining(500));
        assertEquals(Long.MAX_VALUE, new StorageQuota(0).remaining(500));
    }

    @Test
    void clientAddressBelievesOnlyTrustedProxies() {
        TrustedProxies proxies = TrustedProxies.parse(List.of("127.0.0.1", "10.0.0.0/8", "::1"));
        assertEquals("203.0.113.9", proxies.clientAddress("127.0.0.1", headers("203.0.113.9")));
        assertEquals("203.0.113.9", proxies.clientAddress("127.0.0.1", headers("6.6.6.6, 203.0.113.9, 10.1.2.3")),
                "the right-most untrusted hop; the spoofable left part is ignored");
        assertEquals("198.51.100.1", proxies.clientAddress("198.51.100.1", headers("203.0.113.9")),
                "an untrusted peer's header is ignored");
        assertEquals("127.0.0.1", proxies.clientAddress("127.0.0.1", headers("not-an-ip")));
        assertEquals("127.0.0.1", proxies.clientAddress("127.0.0.1", Collections.emptyEnumeration()));
        assertEquals("2001:db8::1", proxies.clientAddress("::1", headers("2001:db8::1")));
        assertTrue(proxies.trusts("10.255.0.1"));
        assertFalse(proxies.trusts("11.0.0.1"));
        assertFalse(TrustedProxies.parse(List.of()).trusts("127.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse(List.of("example.com")));
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse(List.of("10.0.0.0/33")));
        for (String notAnAddress : List.of("10.0.0", "10.0.0.0.1", "10..0.1", "256.0.0.1", "1.2.3.4.", ".1.2.3",
                "1.2.3.1000", "0x7f.0.0.1", "1.2.3.-4", "")) {
            assertFalse(proxies.trusts(notAnAddress), notAnAddress);
            assertEquals("127.0.0.1", proxies.clientAddress("127.0.0.1", headers(notAnAddress)), notAnAddress);
        }
        assertFalse(proxies.trusts(" 10.0.0.1"));
        assertTrue(proxies.trusts("10.0.0.255"));
        assertTrue(proxies.trusts("010.0.0.1"), "leading zeros are decimal");
    }

    private static java.util.Enumeration<String> headers(String... values) {
        return Collections.enumeration(List.of(values));
    }
}
