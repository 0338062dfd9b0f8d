package org.dataexplorer.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EndpointKindTest {

    private static final String ID = "0b6c1f0e-9a4e-4c1a-8f1e-2d3c4b5a6978";

    @Test
    void classifiesEveryRoute() {
        assertEquals(EndpointKind.UPLOAD, EndpointKind.of("POST", "/api/datasets"));
        assertEquals(EndpointKind.UPLOAD, EndpointKind.of("POST", "/parse-csv"));
        assertEquals(EndpointKind.LIST, EndpointKind.of("GET", "/api/datasets/"));
        assertEquals(EndpointKind.SUMMARY, EndpointKind.of("GET", "/api/datasets/" + ID));
        assertEquals(EndpointKind.DELETE, EndpointKind.of("DELETE", "/api/datasets/" + ID));
        assertEquals(EndpointKind.ROWS, EndpointKind.of("GET", "/api/datasets/" + ID + "/rows"));
        assertEquals(EndpointKind.ROWS, EndpointKind.of("GET", "/data/" + ID));
        assertEquals(EndpointKind.SCHEMA, EndpointKind.of("GET", "/schema/" + ID));
        assertEquals(EndpointKind.SAMPLE, EndpointKind.of("GET", "/sample/" + ID));
        assertEquals(EndpointKind.STATS, EndpointKind.of("GET", "/api/datasets/" + ID + "/stats"));
        assertEquals(EndpointKind.QUERY, EndpointKind.of("POST", "/api/datasets/" + ID + "/query"));
        assertEquals(EndpointKind.FACETS, EndpointKind.of("GET", "/api/datasets/" + ID + "/facets/zone"));
        assertEquals(EndpointKind.REJECTS, EndpointKind.of("GET", "/api/datasets/" + ID + "/rejects"));
        assertEquals(EndpointKind.HEALTH, EndpointKind.of("GET", "/api/ready"));
        assertEquals(EndpointKind.METRICS, EndpointKind.of("GET", "/api/metrics"));
        assertEquals(EndpointKind.METRICS, EndpointKind.of("GET", "/api/ops/cache"));
        assertEquals(EndpointKind.OTHER, EndpointKind.of("GET", "/api/limits"));
        assertEquals(EndpointKind.STATIC, EndpointKind.of("GET", "/"));
        assertEquals(EndpointKind.OTHER, EndpointKind.of("GET", "/api/nothing/here"));
        assertTrue(EndpointKind.ROWS.isQuery());
        assertFalse(EndpointKind.UPLOAD.isQuery());
    }

    @Test
    void routesHideIdsAndColumns() {
        assertEquals("/api/datasets/{id}/facets/{column}", EndpointKind.route("/api/datasets/" + ID + "/facets/zone"));
        assertEquals("/data/{id}", EndpointKind.route("/data/" + ID));
        assertEquals("/api/datasets/not-an-id", EndpointKind.route("/api/datasets/not-an-id"));
        assertEquals("/", EndpointKind.route(""));
    }

    @Test
    void rejectionsAreLimitsNotMistakes() {
        assertTrue(OpsMetrics.isRejection(EndpointKind.QUERY, 422));
        assertFalse(OpsMetrics.isRejection(EndpointKind.UPLOAD, 422));
        assertTrue(OpsMetrics.isRejection(EndpointKind.ROWS, 503));
        assertTrue(OpsMetrics.isRejection(EndpointKind.UPLOAD, 429));
        assertFalse(OpsMetrics.isRejection(EndpointKind.ROWS, 400));
    }
}
