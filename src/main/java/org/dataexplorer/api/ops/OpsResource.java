package org.dataexplorer.api.ops;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.dataexplorer.api.DataService;
import org.dataexplorer.api.problems.Problem;
import org.dataexplorer.api.problems.ProblemJson;

/** {@code GET /api/ready} (readiness, unauthenticated) and {@code GET /api/metrics} (Prometheus text). */
@Path("api")
public final class OpsResource {

    /** The Prometheus text exposition format. */
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final DataService service;

    public OpsResource(DataService service) {
        this.service = service;
    }

    @GET
    @Path("ready")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    public Response ready() {
        List<String> problems = service.ops().readinessProblems();
        if (problems.isEmpty()) {
            return Response.ok(Map.of("status", "ready"), MediaType.APPLICATION_JSON_TYPE).build();
        }
        return problem(Problem.of(503, "Not ready", "Not ready: " + String.join("; ", problems)))
                .header("Retry-After", "10").build();
    }

    @GET
    @Path("metrics")
    @Produces({PROMETHEUS_TEXT, Problem.MEDIA_TYPE})
    public Response metrics(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        String token = service.config().metricsToken();
        if (token != null && !matches(token, authorization)) {
            return problem(Problem.of(401, "Unauthorized", "/api/metrics needs 'Authorization: Bearer <metrics.token>'"))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"metrics\"").build();
        }
        return Response.ok(service.ops().metrics().registry().scrape(), PROMETHEUS_TEXT).build();
    }

    private static boolean matches(String token, String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8));
    }

    private static Response.ResponseBuilder problem(Problem p) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(ProblemJson.toJson(p));
    }
}
