package org.dataexplorer.ingest;

/**
 * Why an upload could not become a dataset. The {@link Kind} tells an adapter how to answer; line,
 * byte and column locate the problem in the source when known (else -1).
 */
public final class IngestFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** The upload exceeds a size limit (max upload bytes). */
        TOO_LARGE,
        /** The content is not acceptable CSV under the limits or strict mode. */
        INVALID_INPUT,
        /** An upload option is invalid. */
        BAD_OPTION,
        /** The client went away or the upload was cancelled. */
        ABORTED,
        /** The client stopped sending for longer than the idle limit. */
        TIMED_OUT,
        /** Too many uploads at once. */
        BUSY,
        /** The storage is full (no space left, quota exceeded): not the client's fault; may work later. */
        STORAGE_FULL,
        /** Disk or internal failure: not the client's fault. */
        INTERNAL
    }

    private final Kind kind;
    private final long line;
    private final long byteOffset;
    private final int column;
    private final String parameter;

    public IngestFailure(Kind kind, String message, long line, long byteOffset, int column, String parameter, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.line = line;
        this.byteOffset = byteOffset;
        this.column = column;
        this.parameter = parameter;
    }

    public static IngestFailure tooLarge(String message) {
        return new IngestFailure(Kind.TOO_LARGE, message, -1, -1, -1, null, null);
    }

    public static IngestFailure invalid(String message, long line, long byteOffset, int column) {
        return new IngestFailure(Kind.INVALID_INPUT, message, line, byteOffset, column, null, null);
    }

    public static IngestFailure badOption(String parameter, String message) {
        return new IngestFailure(Kind.BAD_OPTION, message, -1, -1, -1, parameter, null);
    }

    public static IngestFailure aborted(String message, Throwable cause) {
        return new IngestFailure(Kind.ABORTED, message, -1, -1, -1, null, cause);
    }

    public static IngestFailure timedOut(String message) {
        return new IngestFailure(Kind.TIMED_OUT, message, -1, -1, -1, null, null);
    }

    public static IngestFailure busy(String message) {
        return new IngestFailure(Kind.BUSY, message, -1, -1, -1, null, null);
    }

    public static IngestFailure internal(String message, Throwable cause) {
        return new IngestFailure(Kind.INTERNAL, message, -1, -1, -1, null, cause);
    }

    public static IngestFailure storageFull(String message, Throwable cause) {
        return new IngestFailure(Kind.STORAGE_FULL, message, -1, -1, -1, null, cause);
    }

    /** A failure to write to the storage: {@link Kind#STORAGE_FULL} when the disk or quota is full, else internal. */
    public static IngestFailure storage(String message, Throwable cause) {
        return isNoSpace(cause)
                ? storageFull("The storage is full: " + message, cause)
                : internal(message, cause);
    }

    /** Whether {@code t} or a cause says the file system is out of space or over quota (ENOSPC, EDQUOT). */
    public static boolean isNoSpace(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String message = c.getMessage();
            if (message != null && (message.contains("No space left on device")
                    || message.contains("Disk quota exceeded") || message.contains("There is not enough space"))) {
                return true;
            }
        }
        return false;
    }

    public Kind kind() {
        return kind;
    }

    /** 1-based line, or -1. */
    public long line() {
        return line;
    }

    /** 0-based byte offset in the decoded source, or -1. */
    public long byteOffset() {
        return byteOffset;
    }

    /** 1-based column, or -1. */
    public int column() {
        return column;
    }

    /** The option at fault for {@link Kind#BAD_OPTION}, else null. */
    public String parameter() {
        return parameter;
    }
}
