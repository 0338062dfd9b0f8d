package org.dataexplorer.security;

/** An upload that does not fit its owner's storage quota. */
public final class QuotaExceededException extends Exception {

    private static final long serialVersionUID = 1L;
    private final long quotaBytes;
    private final long usedBytes;
    private final long declaredBytes;

    QuotaExceededException(long quotaBytes, long usedBytes, long declaredBytes) {
        super(declaredBytes > 0 ? "This upload of " + declaredBytes + " bytes would exceed the storage quota"
                : "The storage quota is used up", null, false, false);
        this.quotaBytes = quotaBytes;
        this.usedBytes = usedBytes;
        this.declaredBytes = declaredBytes;
    }

    public long quotaBytes() {
        return quotaBytes;
    }

    /** Stored bytes plus the bytes reserved by the user's uploads in flight. */
    public long usedBytes() {
        return usedBytes;
    }

    /** The upload's declared length, 0 when unknown. */
    public long declaredBytes() {
        return declaredBytes;
    }
}
