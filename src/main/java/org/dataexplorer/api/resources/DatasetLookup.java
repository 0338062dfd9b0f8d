package org.dataexplorer.api.resources;

import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.dataexplorer.api.problems.Problem;
import org.dataexplorer.api.problems.ProblemJson;
import org.dataexplorer.api.problems.Problems;
import org.dataexplorer.security.Principal;
import org.dataexplorer.store.DatasetManifest;
import org.dataexplorer.store.DatasetStatus;
import org.dataexplorer.store.catalog.Catalog;

/** Finds the dataset a route names, answering 404 (and 409 for failed datasets where data is asked for). */
final class DatasetLookup {

    private DatasetLookup() {
    }

    /**
     * The datasets {@code principal} may see: their own (all for admins and in development mode). The security
     * filter hides other users' datasets from every route naming an id; listings go through here. Without a
     * principal (the request did not pass the security filter) nothing is visible.
     */
    static List<DatasetManifest> visible(Catalog catalog, Principal principal) {
        if (principal == null) {
            return List.of();
        }
        return catalog.list().stream().filter(m -> principal.canSee(m.owner())).toList();
    }

    static DatasetManifest find(Catalog catalog, String id) {
        UUID uuid = parse(id);
        return catalog.get(uuid).orElseThrow(() -> problem(Problems.notFound("There is no dataset with id " + id)));
    }

    /** The dataset, which must have data to read: ready, or ingesting with what it has sealed so far. */
    static DatasetManifest readable(Catalog catalog, String id) {
        DatasetManifest m = find(catalog, id);
        if (m.status() == DatasetStatus.FAILED) {
            throw problem(Problem.of(409, "Dataset failed",
                    "Dataset " + id + " has no data: its ingest failed (" + m.error() + ")"));
        }
        return m;
    }

    static UUID parse(String id) {
        try {
            if (id != null && id.length() == 36) {
                return UUID.fromString(id);
            }
        } catch (IllegalArgumentException e) {
            // falls through to 404
        }
        throw problem(Problems.notFound("There is no dataset with id " + id + " (ids are UUIDs)"));
    }

    static WebApplicationException problem(Problem p) {
        return new WebApplicationException(p.detail(), Response.status(p.status())
                .type(Problem.MEDIA_TYPE)
                .entity(ProblemJson.toJson(p))
                .build());
    }
}
