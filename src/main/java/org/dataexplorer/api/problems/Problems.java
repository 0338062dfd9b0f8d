package org.dataexplorer.api.problems;

import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.dataexplorer.ingest.IngestFailure;
import org.dataexplorer.query.QueryBudgetException;
import org.dataexplorer.query.QueryException;

/** Maps engine failures to problems; the one place that decides status codes. */
public final class Problems {

    private static final Logger LOG = Logger.getLogger(Problems.class.getName());

    private Problems() {
    }

    public static Problem badParameter(String parameter, String detail) {
        return Problem.of(400, "Invalid parameter", detail).withParameter(parameter);
    }

    public static Problem notFound(String detail) {
        return Problem.of(404, "Not found", detail);
    }

    public static Problem from(QueryException e) {
        return badParameter(e.parameter(), e.getMessage());
    }

    /** Time: 503 (retrying later may work); memory: 422 (this request is too big as asked). */
    public static Problem from(QueryBudgetException e) {
        return e.limit() == QueryBudgetException.Limit.TIME
                ? Problem.of(503, "Query time budget exceeded", e.getMessage())
                : Problem.of(422, "Query memory budget exceeded", e.getMessage());
    }

    public static Problem from(IngestFailure f) {
        Problem p = switch (f.kind()) {
            case TOO_LARGE -> Problem.of(413, "Upload too large", f.getMessage());
            case INVALID_INPUT -> Problem.of(422, "Invalid CSV", f.getMessage());
            case BAD_OPTION -> Problem.of(400, "Invalid upload option", f.getMessage()).withParameter(f.parameter());
            case ABORTED -> Problem.of(400, "Upload aborted", f.getMessage());
            case TIMED_OUT -> Problem.of(408, "Upload timed out", f.getMessage());
            case BUSY -> Problem.of(429, "Too many uploads", f.getMessage());
            case INTERNAL -> serverError(f);
        };
        return p.withPosition(f.line(), f.byteOffset(), f.column());
    }

    /** A 500 whose detail carries only an id; the stack trace goes to the log under that id. */
    public static Problem serverError(Throwable t) {
        String id = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Unexpected error " + id, t);
        return Problem.of(500, "Internal server error",
                "The service failed to handle the request; the error was logged with id " + id).withErrorId(id);
    }
}
