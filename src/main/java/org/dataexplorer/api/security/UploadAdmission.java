package org.dataexplorer.api.security;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.http.HttpServletRequest;

import org.dataexplorer.api.DataService;
import org.dataexplorer.api.problems.Problem;
import org.dataexplorer.ingest.IngestFailure;
import org.dataexplorer.security.Principal;
import org.dataexplorer.security.StorageQuota;
import org.dataexplorer.security.UploadSlots;

/**
 * Decides whether an upload may start for its caller: who will own it, one of the user's upload slots
 * ({@code max.concurrent.uploads.per.user}, else 429) and room in their storage quota ({@code quota.user.bytes},
 * else 507). The ticket carries the byte limit the upload must stream within, and must be released when the
 * upload ends.
 */
public final class UploadAdmission {

    /** An admitted upload. */
    public static final class Ticket {
        private final String owner;
        private final long maxBytes;
        private final long quotaBytes;
        private final long usedBytes;
        private final UploadSlots slots;
        private final boolean quotaBinds;
        private final AtomicBoolean released = new AtomicBoolean();

        Ticket(String owner, long maxBytes, long quotaBytes, long usedBytes, UploadSlots slots, boolean quotaBinds) {
            this.quotaBinds = quotaBinds;
            this.owner = owner;
            this.maxBytes = maxBytes;
            this.quotaBytes = quotaBytes;
            this.usedBytes = usedBytes;
            this.slots = slots;
        }

        /** The user who will own the dataset, or null (development mode, the service itself). */
        public String owner() {
            return owner;
        }

        /** Decoded bytes the upload may take (Long.MAX_VALUE: only max.upload.bytes applies). */
        public long maxBytes() {
            return maxBytes;
        }

        /** Gives the user's upload slot back; later calls do nothing. */
        public void release() {
            if (released.compareAndSet(false, true) && slots != null) {
                slots.release(owner);
            }
        }

        /** The problem for a failed upload: 507 naming the quota when the quota was the limit it hit. */
        public Problem translate(IngestFailure failure, Problem problem) {
            if (failure.kind() == IngestFailure.Kind.TOO_LARGE && quotaBinds) {
                return quotaProblem("The upload exceeds the storage quota", quotaBytes, usedBytes);
            }
            return problem;
        }
    }

    /** The upload may not start. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Problem problem;
        private final long retryAfterSeconds;

        Refused(Problem problem, long retryAfterSeconds) {
            super(problem.detail(), null, false, false);
            this.problem = problem;
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public Problem problem() {
            return problem;
        }

        /** For {@code Retry-After}; 0 when retrying cannot help. */
        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    private UploadAdmission() {
    }

    public static Ticket admit(HttpServletRequest request, DataService service) throws Refused {
        Principal principal = Principals.of(request);
        if (principal == null) {
            throw new Refused(Problem.of(401, "Unauthorized", "The upload did not pass authentication"), 0);
        }
        String owner = principal.user();
        if (owner == null) {
            return new Ticket(null, Long.MAX_VALUE, 0, 0, null, false);
        }
        StorageQuota quota = service.security().quota();
        long used = quota.enabled() ? StorageQuota.used(owner, service.catalog().list()) : 0;
        long remaining = quota.remaining(used);
        long declared = request.getContentLengthLong();
        if (quota.enabled() && (remaining <= 0 || declared > remaining)) {
            throw new Refused(quotaProblem(declared > 0 ? "This upload of " + declared + " bytes would exceed the storage quota"
                    : "The storage quota is used up", quota.quotaBytes(), used), 0);
        }
        UploadSlots slots = service.security().uploadSlots();
        if (!slots.tryAcquire(owner)) {
            throw new Refused(Problem.of(429, "Too many uploads", "This user already runs " + slots.perUser()
                    + " uploads at once (max.concurrent.uploads.per.user)"), 5);
        }
        return new Ticket(owner, remaining, quota.quotaBytes(), used, slots,
                quota.enabled() && remaining < service.config().maxUploadBytes());
    }

    static Problem quotaProblem(String what, long quotaBytes, long usedBytes) {
        return Problem.of(507, "Storage quota exceeded", what + ": the quota is " + quotaBytes + " bytes per user and "
                + usedBytes + " bytes are in use (quota.user.bytes)");
    }
}
