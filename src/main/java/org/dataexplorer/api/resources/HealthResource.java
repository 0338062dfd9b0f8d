package org.dataexplorer.api.resources;

import java.nio.file.Files;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.dataexplorer.api.DataService;
import org.dataexplorer.api.problems.Problem;

/** Liveness: 200 once the service can take uploads (its storage directory is writable). */
@Path("api/health")
@Produces(MediaType.APPLICATION_JSON)
public final class HealthResource {

    private final DataService service;

    public HealthResource(DataService service) {
        this.service = service;
    }

    @GET
    public Response health() {
        if (!Files.isWritable(service.config().storageDir())) {
            throw DatasetLookup.problem(Problem.of(503, "Not ready",
                    "The storage directory " + service.config().storageDir().getFileName() + " is not writable"));
        }
        return Response.ok(Map.of("status", "ok")).build();
    }
}
