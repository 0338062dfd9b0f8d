package org.dataexplorer.query;

/** A request went over its time or memory budget; the message names the limit. */
public final class QueryBudgetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Limit { TIME, MEMORY }

    private final Limit limit;

    public QueryBudgetException(Limit limit, String message) {
        super(message);
        this.limit = limit;
    }

    public Limit limit() {
        return limit;
    }
}
