package org.dataexplorer.query;

/** A request the engine cannot answer as asked; {@link #parameter()} names the culprit. */
public final class QueryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String parameter;

    public QueryException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
