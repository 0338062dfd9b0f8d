package org.dataexplorer.api.problems;

import java.nio.file.Path;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.dataexplorer.ingest.IngestFailure;
import org.dataexplorer.query.QueryBudgetException;
import org.dataexplorer.query.QueryException;
import org.dataexplorer.store.catalog.DatasetDeletedException;
import org.dataexplorer.store.format.CorruptChunkException;

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
            case STORAGE_FULL -> storageFull(f);
            case INTERNAL -> serverError(f);
        };
        return p.withPosition(f.line(), f.byteOffset(), f.column());
    }

    /** 507: the service's disk is full; nothing the client can fix, but retrying once space is freed works. */
    private static Problem storageFull(IngestFailure f) {
        LOG.log(Level.WARNING, f.getMessage(), f.getCause());
        return Problem.of(507, "Insufficient storage", "The service has no storage space left for this upload; "
                + "it was not stored. Try again later.");
    }

    /**
     * A 500 for stored data that fails its checks (a chunk file's CRC or structure): not the client's
     * fault, and retrying does not help, so neither 4xx nor 503. The detail names the dataset and the
     * chunk file (not the server's paths); the log has the full story under the error id.
     */
    public static Problem damaged(CorruptChunkException e) {
        String id = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Damaged data (error " + id + ")", e);
        Path file = e.file();
        String where;
        if (file != null && file.getParent() != null && file.getParent().getParent() != null
                && file.getFileName().toString().endsWith(".chunk")) {
            where = "Dataset " + file.getParent().getParent().getFileName() + " is damaged: its chunk file "
                    + file.getFileName() + " fails its integrity check";
        } else {
            where = "Stored data of this dataset is damaged: a chunk fails its integrity check";
        }
        return Problem.of(500, "Damaged dataset", where + ". Its other chunks and other datasets are not "
                + "affected; delete it and upload it again. The error was logged with id " + id).withErrorId(id);
    }

    /** The {@link CorruptChunkException} behind {@code t}, if that is what it is. */
    public static CorruptChunkException corruptChunk(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof CorruptChunkException corrupt) {
                return corrupt;
            }
        }
        return null;
    }

    /**
     * A 500 whose detail carries only an id; the stack trace goes to the log under that id. Two causes are
     * answered for what they are: damaged stored data ({@link #damaged}) and a dataset deleted while the
     * request read it (404).
     */
    public static Problem serverError(Throwable t) {
        CorruptChunkException corrupt = corruptChunk(t);
        if (corrupt != null) {
            return damaged(corrupt);
        }
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof DatasetDeletedException deleted) {
                return notFound("Dataset " + deleted.id() + " was deleted while this request was reading it");
            }
        }
        String id = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Unexpected error " + id, t);
        return Problem.of(500, "Internal server error",
                "The service failed to handle the request; the error was logged with id " + id).withErrorId(id);
    }
}
