package org.dataexplorer.api.ops;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
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

/**
 * {@code GET /api/ready} (readiness, unauthenticated), {@code GET /api/metrics} (Prometheus text) and
 * {@code GET /api/limits} (the limits a client should check before it sends, e.g. the upload size).
 */
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

    /**
     * The limits a client meets, so a page can refuse a file that is too large before sending it (a browser
     * that is still sending when the service answers 413 may only see the connection close).
     */
    @GET
    @Path("limits")
    @Produces(MediaType.APPLICATION_JSON)
    public Response limits() {
        var config = service.config();
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("maxUploadBytes", config.maxUploadBytes());
        limits.put("maxConcurrentUploads", config.maxConcurrentUploads());
        limits.put("maxColumns", config.maxColumns());
        limits.put("maxFieldBytes", config.maxFieldBytes());
        limits.put("maxRecordBytes", config.maxRecordBytes());
        limits.put("pageSizeMax", config.maxPageSize());
        limits.put("sampleRowsMax", config.maxSampleRows());
        limits.put("readOnly", service.ops().readOnly());
        return Response.ok(limits, MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-cache").build();
    }

    /**
     * The cache figures of {@code org.dataexplorer:type=Cache} as JSON: per Ehcache cache and per tier
     * (heap, offheap, disk). Guarded like {@code /api/metrics}.
     */
    @GET
    @Path("ops/cache")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    public Response cache(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        String token = service.config().metricsToken();
        if (token != null && !service.security().tokenMode() && !matches(token, authorization)) {
            return problem(Problem.of(401, "Unauthorized", "/api/ops/cache needs 'Authorization: Bearer <metrics.token>'"))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"metrics\"").build();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("available", service.ops().cacheAvailable());
        body.put("decodedBytes", service.ops().decodedBytes());
        body.put("decoded", service.ops().decoded());
        body.put("caches", service.ops().caches());
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store").build();
    }

    @GET
    @Path("metrics")
    @Produces({PROMETHEUS_TEXT, Problem.MEDIA_TYPE})
    public Response metrics(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        String token = service.config().metricsToken();
        // In token mode the security filter has already let through only admins and the metrics token.
        if (token != null && !service.security().tokenMode() && !matches(token, authorization)) {
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
