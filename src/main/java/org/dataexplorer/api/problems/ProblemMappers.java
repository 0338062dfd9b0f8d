package org.dataexplorer.api.problems;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

import org.dataexplorer.ingest.IngestFailure;
import org.dataexplorer.query.QueryBudgetException;
import org.dataexplorer.query.QueryException;

/** Exception mappers: every error leaves as {@code application/problem+json}. */
public final class ProblemMappers {

    private ProblemMappers() {
    }

    static Response response(Problem p) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(ProblemJson.toJson(p)).build();
    }

    public static final class QueryFailures implements ExceptionMapper<QueryException> {
        @Override
        public Response toResponse(QueryException e) {
            return response(Problems.from(e));
        }
    }

    public static final class QueryBudgets implements ExceptionMapper<QueryBudgetException> {
        @Override
        public Response toResponse(QueryBudgetException e) {
            return response(Problems.from(e));
        }
    }

    public static final class IngestFailures implements ExceptionMapper<IngestFailure> {
        @Override
        public Response toResponse(IngestFailure e) {
            return response(Problems.from(e));
        }
    }

    /** Jersey's own 404/405/406/415 and problems thrown by resources. */
    public static final class WebFailures implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            Response original = e.getResponse();
            if (original.hasEntity()) {
                return original;
            }
            int status = original.getStatus();
            if (status >= 500) {
                return response(Problems.serverError(e));
            }
            String title = original.getStatusInfo().getReasonPhrase();
            Response.ResponseBuilder builder = Response.fromResponse(response(Problem.of(status, title,
                    e.getMessage() == null ? title : e.getMessage())));
            return builder.type(Problem.MEDIA_TYPE).build();
        }
    }

    /** Anything unexpected: a 500 with an id; the stack trace stays in the log. */
    public static final class Unexpected implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable e) {
            return response(Problems.serverError(e));
        }
    }
}
