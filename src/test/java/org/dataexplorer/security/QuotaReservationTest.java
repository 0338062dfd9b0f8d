package org.dataexplorer.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.dataexplorer.store.DatasetManifest;
import org.dataexplorer.store.DatasetStatus;
import org.junit.jupiter.api.Test;

/** Uploads of one user in flight share the quota: together they never take more than is left. */
class QuotaReservationTest {

    private final List<DatasetManifest> catalog = new CopyOnWriteArrayList<>();

    private static DatasetManifest dataset(String id, String owner, long received, long size, DatasetStatus status) {
        return new DatasetManifest(1, id, "n", owner, status, Instant.EPOCH, Instant.EPOCH, received, received, size,
                0, 0, null, null, null, null);
    }

    private QuotaReservation reserve(StorageQuota quota, String user, long declared) throws QuotaExceededException {
        return quota.reserve(user, declared, () -> catalog);
    }

    @Test
    void concurrentUploadsTogetherStopAtTheQuota() throws Exception {
        catalog.add(dataset(UUID.randomUUID().toString(), "a", 200, 100, DatasetStatus.READY));
        StorageQuota quota = new StorageQuota(1000);
        int uploads = 4;
        List<QuotaReservation> reservations = new ArrayList<>();
        for (int i = 0; i < uploads; i++) {
            reservations.add(reserve(quota, "a", 0)); // chunked: nothing declared, each admitted with 700 left
        }
        ExecutorService pool = Executors.newFixedThreadPool(uploads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Long>> granted = new ArrayList<>();
        for (QuotaReservation r : reservations) {
            granted.add(pool.submit(() -> {
                start.await();
                long total = 0;
                while (r.source(total + 10)) { // as the body streams, 10 bytes at a time
                    total += 10;
                }
                return total;
            }));
        }
        start.countDown();
        long sum = 0;
        for (Future<Long> f : granted) {
            sum += f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(700, sum, "stored 300 + in flight 700 = the quota, not 4 x 700");
        assertEquals(700, quota.reserved("a"));
        for (QuotaReservation r : reservations) {
            assertTrue(r.wasRefused());
            assertEquals(1000, r.refusedAtUse(), "the use it met");
        }
        QuotaExceededException full = assertThrows(QuotaExceededException.class, () -> reserve(quota, "a", 0));
        assertEquals(1000, full.usedBytes());
        assertEquals(1000, full.quotaBytes());
        reservations.forEach(QuotaReservation::release);
        assertEquals(0, quota.reserved("a"));
    }

    @Test
    void aDeclaredLengthIsReservedAtAdmission() throws Exception {
        StorageQuota quota = new StorageQuota(1000);
        QuotaReservation first = reserve(quota, "a", 600);
        QuotaExceededException e = assertThrows(QuotaExceededException.class, () -> reserve(quota, "a", 600));
        assertEquals(600, e.usedBytes(), "the first upload's reservation counts before it sent anything");
        assertEquals(600, e.declaredBytes());
        assertTrue(e.getMessage().contains("600 bytes"), e.getMessage());
        reserve(quota, "b", 600).release(); // another user's quota is their own
        QuotaReservation second = reserve(quota, "a", 400);
        assertTrue(first.source(600), "within what it declared");
        assertFalse(first.source(601), "a gzip body growing past its declared length needs room too");
        assertTrue(second.source(400));
        first.release();
        second.release();
        assertEquals(0, quota.reserved("a"));
    }

    @Test
    void chunkBytesCountWhileInFlightAndThroughTheManifestOnceFinished() throws Exception {
        StorageQuota quota = new StorageQuota(1000);
        String id = UUID.randomUUID().toString();
        QuotaReservation done = reserve(quota, "a", 0);
        assertTrue(done.source(500));
        // While it ingests, the catalog lists it with what it received: counted once, through the reservation.
        catalog.add(dataset(id, "a", 500, 0, DatasetStatus.INGESTING));
        QuotaReservation other = reserve(quota, "a", 0);
        assertTrue(other.source(200));
        assertTrue(done.chunks(100), "its chunk files, as they are committed");
        assertEquals(800, quota.reserved("a"));
        assertFalse(other.source(401), "800 + 201");
        assertTrue(other.wasRefused());
        assertEquals(800, other.refusedAtUse());
        // Finished: committed before the reservation is given back (counted twice for a moment, never zero times).
        catalog.set(0, dataset(id, "a", 500, 100, DatasetStatus.READY));
        assertFalse(other.source(401));
        done.release();
        assertEquals(200, quota.reserved("a"));
        assertFalse(other.source(401), "600 stored + 401");
        assertTrue(other.source(400));
        assertFalse(other.chunks(1), "chunk bytes need room too");
        QuotaExceededException e = assertThrows(QuotaExceededException.class, () -> reserve(quota, "a", 0));
        assertEquals(1000, e.usedBytes());
        other.release();
        // A failed upload's files are removed: it takes nothing.
        catalog.set(0, dataset(id, "a", 500, 100, DatasetStatus.FAILED));
        reserve(quota, "a", 1000).release();
    }

    @Test
    void shrinkingChunksGiveRoomBack() throws Exception {
        StorageQuota quota = new StorageQuota(1000);
        QuotaReservation r = reserve(quota, "a", 100);
        assertTrue(r.source(50), "within the declared 100");
        assertEquals(100, quota.reserved("a"));
        assertTrue(r.chunks(300));
        assertTrue(r.chunks(250), "re-typed chunks came out smaller");
        assertEquals(350, quota.reserved("a"));
        r.release();
        assertEquals(0, quota.reserved("a"));
    }

    @Test
    void releasingTwiceGivesBackOnce() throws Exception {
        StorageQuota quota = new StorageQuota(1000);
        QuotaReservation a = reserve(quota, "a", 300);
        QuotaReservation b = reserve(quota, "a", 300);
        a.release();
        a.release();
        assertEquals(300, quota.reserved("a"));
        assertFalse(a.source(10), "a released reservation grants nothing");
        b.release();
        assertEquals(0, quota.reserved("a"));
    }

    @Test
    void withoutAQuotaEverythingFits() throws Exception {
        StorageQuota none = new StorageQuota(0);
        QuotaReservation r = reserve(none, "a", Long.MAX_VALUE / 2);
        assertTrue(r.source(Long.MAX_VALUE - 1));
        r.release();
        assertEquals(0, none.reserved("a"));
    }
}
