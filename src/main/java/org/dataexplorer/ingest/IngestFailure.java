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
