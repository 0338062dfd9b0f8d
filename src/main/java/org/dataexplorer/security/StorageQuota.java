package org.dataexplorer.security;

import java.util.Objects;

import org.dataexplorer.store.DatasetManifest;
import org.dataexplorer.store.DatasetStatus;

/**
 * A user's storage quota: the decoded source plus the chunk bytes of every dataset they own. Checked when an
 * upload starts ({@link #remaining}) and enforced while it streams (the upload's byte limit is what is left).
 */
public final class StorageQuota {

    private final long quotaBytes;

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

    /** Bytes one dataset counts for in its owner's quota. */
    public static long bytes(DatasetManifest m) {
        // A failed upload's chunks and source are removed: it takes (almost) nothing.
        return m.status() == DatasetStatus.FAILED ? 0 : Math.max(m.sourceBytes(), m.bytesReceived()) + m.sizeBytes();
    }

    /** What is left of the quota after {@code used} bytes (never negative; Long.MAX_VALUE without a quota). */
    public long remaining(long used) {
        return enabled() ? Math.max(0, quotaBytes - used) : Long.MAX_VALUE;
    }
}
