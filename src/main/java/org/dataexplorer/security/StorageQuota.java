package org.dataexplorer.security;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import org.dataexplorer.store.DatasetManifest;
import org.dataexplorer.store.DatasetStatus;

/**
 * A user's storage quota: the decoded source plus the chunk bytes of every dataset they own. Each upload in flight
 * holds a {@link QuotaReservation}: the decoded bytes it declared or has received, whichever is more, plus the chunk
 * bytes it has written. An upload starts, and a reservation grows, only while the user's stored bytes plus all their
 * reservations stay within the quota, so concurrent uploads of one user cannot together overrun it. A dataset counts
 * through its reservation while it ingests and through its manifest once it is finished.
 */
public final class StorageQuota {

    private final long quotaBytes;
    /** Users with uploads in flight. */
    private final Map<String, InFlight> users = new HashMap<>();

    /** One user's reservations, and their stored bytes (recounted after an upload of theirs ends). */
    private static final class InFlight {
        Supplier<? extends Iterable<DatasetManifest>> datasets;
        long stored = -1;
        long reserved;
        int open;
    }

    /** @param quotaBytes bytes a user may use; 0 means no quota */
    public StorageQuota(long quotaBytes) {
        this.quotaBytes = quotaBytes;
    }

    public boolean enabled() {
        return quotaBytes > 0;
    }

    public long quotaBytes() {
        return quotaBytes;
    }

    /** Bytes {@code user}'s datasets take (an upload in progress counts what it has received so far). */
    public static long used(String user, Iterable<DatasetManifest> datasets) {
        long total = 0;
        for (DatasetManifest m : datasets) {
            if (Objects.equals(user, m.owner())) {
                total += bytes(m);
            }
        }
        return total;
    }

    /** Bytes {@code user}'s finished datasets take: uploads in progress count through their reservations instead. */
    public static long stored(String user, Iterable<DatasetManifest> datasets) {
        long total = 0;
        for (DatasetManifest m : datasets) {
            if (Objects.equals(user, m.owner()) && m.status() != DatasetStatus.INGESTING) {
                total += bytes(m);
            }
        }
        return total;
    }

    /** Bytes one dataset counts for in its owner's quota. */
    public static long bytes(DatasetManifest m) {
        // A failed upload's chunks and source are removed: it takes (almost) nothing.
        return m.status() == DatasetStatus.FAILED ? 0 : Math.max(m.sourceBytes(), m.bytesReceived()) + m.sizeBytes();
    }

    /** What is left of the quota after {@code used} bytes (never negative; Long.MAX_VALUE without a quota). */
    public long remaining(long used) {
        return enabled() ? Math.max(0, quotaBytes - used) : Long.MAX_VALUE;
    }

    /**
     * Admits an upload of {@code user}, reserving {@code declaredBytes} (its {@code Content-Length}; 0 or less when
     * unknown) at once; the reservation grows as the body streams and must be released when the upload ends.
     *
     * @param datasets the catalog's datasets, counted now and again after each of the user's uploads ends
     * @throws QuotaExceededException when nothing is left, or the declared bytes do not fit
     */
    public synchronized QuotaReservation reserve(String user, long declaredBytes,
                                                 Supplier<? extends Iterable<DatasetManifest>> datasets)
            throws QuotaExceededException {
        if (!enabled()) {
            return QuotaReservation.unlimited();
        }
        InFlight use = users.computeIfAbsent(user, u -> new InFlight());
        use.datasets = datasets;
        use.stored = stored(user, datasets.get()); // deletes since the last count are seen too
        long used = use.stored + use.reserved;
        long initial = Math.max(0, declaredBytes);
        if (used >= quotaBytes || initial > quotaBytes - used) {
            if (use.open == 0) {
                users.remove(user);
            }
            throw new QuotaExceededException(quotaBytes, used, initial);
        }
        use.reserved += initial;
        use.open++;
        return new QuotaReservation(this, user, initial);
    }

    /**
     * Sets one part of {@code r} to {@code total} bytes if the quota has room for what it then holds; else false,
     * recording the use it met. A part that shrinks (re-typed chunks) always fits.
     */
    synchronized boolean grow(QuotaReservation r, boolean sourcePart, long total) {
        InFlight use = users.get(r.user());
        if (use == null || r.released()) {
            return false;
        }
        long more = r.heldWith(sourcePart, total) - r.held();
        if (more > 0) {
            if (use.stored < 0) {
                use.stored = stored(r.user(), use.datasets.get());
            }
            if (use.stored + use.reserved + more > quotaBytes) {
                r.refused(use.stored + use.reserved);
                return false;
            }
        }
        use.reserved += more;
        r.set(sourcePart, total);
        return true;
    }

    synchronized void release(QuotaReservation r) {
        InFlight use = users.get(r.user());
        if (use == null || r.released()) {
            return;
        }
        r.markReleased();
        use.reserved -= r.held();
        use.stored = -1; // the finished dataset now counts through its manifest
        if (--use.open == 0) {
            users.remove(r.user());
        }
    }

    /** Bytes reserved by {@code user}'s uploads in flight. */
    public synchronized long reserved(String user) {
        InFlight use = users.get(user);
        return use == null ? 0 : use.reserved;
    }
}
