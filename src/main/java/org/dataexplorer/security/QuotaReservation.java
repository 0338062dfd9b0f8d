package org.dataexplorer.security;

/**
 * The room one upload holds in its owner's {@link StorageQuota}: its decoded source bytes (at least what it
 * declared) plus the chunk bytes it has written. Grown by the upload's receiving and parser threads; released once,
 * when the upload ends.
 */
public final class QuotaReservation {

    private static final QuotaReservation UNLIMITED = new QuotaReservation(null, null, 0);

    private final StorageQuota quota;
    private final String user;
    private final long declared;
    /** Guarded by the quota's lock. */
    private long source;
    private long chunks;
    private volatile long refusedAtUse = -1;
    private volatile boolean released;

    QuotaReservation(StorageQuota quota, String user, long declared) {
        this.quota = quota;
        this.user = user;
        this.declared = declared;
    }

    /** A reservation that always grows (no quota). */
    public static QuotaReservation unlimited() {
        return UNLIMITED;
    }

    /** Grows the source part to {@code totalBytes}; false when the quota has no room for that. */
    public boolean source(long totalBytes) {
        return quota == null || quota.grow(this, true, totalBytes);
    }

    /** Grows the chunk part to {@code totalBytes}; false when the quota has no room for that. */
    public boolean chunks(long totalBytes) {
        return quota == null || quota.grow(this, false, totalBytes);
    }

    /** Whether a growth was refused. */
    public boolean wasRefused() {
        return refusedAtUse >= 0;
    }

    /** The user's use (stored and reserved) when a growth was refused, else -1. */
    public long refusedAtUse() {
        return refusedAtUse;
    }

    /** Gives the room back; later calls do nothing. */
    public void release() {
        if (quota != null) {
            quota.release(this);
        }
    }

    String user() {
        return user;
    }

    long held() {
        return Math.max(declared, source) + chunks;
    }

    /** The bytes held once one part is {@code totalBytes}. */
    long heldWith(boolean sourcePart, long totalBytes) {
        return sourcePart ? Math.max(declared, totalBytes) + chunks : Math.max(declared, source) + totalBytes;
    }

    void set(boolean sourcePart, long totalBytes) {
        if (sourcePart) {
            source = totalBytes;
        } else {
            chunks = totalBytes;
        }
    }

    boolean released() {
        return released;
    }

    void markReleased() {
        released = true;
    }

    void refused(long use) {
        refusedAtUse = use;
    }
}
