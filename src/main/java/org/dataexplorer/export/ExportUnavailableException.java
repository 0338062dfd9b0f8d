package org.dataexplorer.export;

/** A format that cannot be written in this JVM as started (a missing JVM flag): not the client's fault. */
public final class ExportUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ExportUnavailableException(String message) {
        super(message);
    }
}
