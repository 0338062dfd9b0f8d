package org.dataexplorer.api.security;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.http.HttpServletRequest;

import org.dataexplorer.api.DataService;
import org.dataexplorer.api.problems.Problem;
import org.dataexplorer.ingest.IngestFailure;
import org.dataexplorer.ingest.UploadAllowance;
import org.dataexplorer.security.Principal;
import org.dataexplorer.security.QuotaExceededException;
import org.dataexplorer.security.QuotaReservation;
import org.dataexplorer.security.StorageQuota;
import org.dataexplorer.security.UploadSlots;

/**
 * Decides whether an upload may start for its caller: who will own it, room in their storage quota
 * ({@code quota.user.bytes}, else 507) and one of the user's upload slots ({@code max.concurrent.uploads.per.user},
 * else 429). The ticket holds the upload's quota reservation, which grows as the body streams, and must be released
 * when the upload ends.
 */
public final class UploadAdmission {

    /** An admitted upload. */
    public static final class Ticket {
        private final String owner;
        private final QuotaReservation reservation;
        private final long quotaBytes;
        private final UploadSlots slots;
        private final AtomicBoolean released = new AtomicBoolean();

        Ticket(String owner, QuotaReservation reservation, long quotaBytes, UploadSlots slots) {
            this.owner = owner;
            this.reservation = reservation;
            this.quotaBytes = quotaBytes;
            this.slots = slots;
        }

        /** The user who will own the dataset, or null (development mode, the service itself). */
        public String owner() {
            return owner;
        }

        /** Asked as the decoded bytes arrive and the chunks are written: grows the quota reservation. */
        public UploadAllowance allowance() {
            return new UploadAllowance() {
                @Override
                public boolean source(long totalBytes) {
                    return reservation.source(totalBytes);
                }

                @Override
                public boolean chunks(long totalBytes) {
                    return reservation.chunks(totalBytes);
                }
            };
        }

        /** Gives the user's upload slot and quota reservation back; later calls do nothing. */
        public void release() {
            if (released.compareAndSet(false, true)) {
                reservation.release();
                if (slots != null) {
                    slots.release(owner);
                }
            }
        }

        /** The problem for a failed upload: 507 naming the quota when the quota was the limit it hit. */
        public Problem translate(IngestFailure failure, Problem problem) {
            if (failure.kind() == IngestFailure.Kind.TOO_LARGE && reservation.wasRefused()) {
                return quotaProblem("The upload exceeds the storage quota", quotaBytes, reservation.refusedAtUse());
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
            return new Ticket(null, QuotaReservation.unlimited(), 0, null);
        }
        StorageQuota quota = service.security().quota();
        QuotaReservation reservation;
        try {
            reservation = quota.reserve(owner, request.getContentLengthLong(), service.catalog()::list);
        } catch (QuotaExceededException e) {
            throw new Refused(quotaProblem(e.getMessage(), e.quotaBytes(), e.usedBytes()), 0);
        }
        UploadSlots slots = service.security().uploadSlots();
        if (!slots.tryAcquire(owner)) {
            reservation.release();
            throw new Refused(Problem.of(429, "Too many uploads", "This user already runs " + slots.perUser()
                    + " uploads at once (max.concurrent.uploads.per.user)"), 5);
        }
        return new Ticket(owner, reservation, quota.quotaBytes(), slots);
    }

    static Problem quotaProblem(String what, long quotaBytes, long usedBytes) {
        return Problem.of(507, "Storage quota exceeded", what + ": the quota is " + quotaBytes + " bytes per user and "
                + usedBytes + " bytes are in use or reserved by uploads in progress (quota.user.bytes)")
                .withNumber("quotaBytes", quotaBytes).withNumber("usedBytes", usedBytes);
    }
}
