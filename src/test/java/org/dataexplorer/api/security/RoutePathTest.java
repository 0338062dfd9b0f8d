package org.dataexplorer.api.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class RoutePathTest {

    private static final String ID = "0b3f7c3e-1d2a-4c5b-9e8f-0123456789ab";

    private static RoutePath path(String uri) {
        return RoutePath.of(uri, "/data");
    }

    @Test
    void datasetIdsOfEveryDatasetRoute() {
        assertEquals(ID, path("/data/api/datasets/" + ID).datasetId());
        assertEquals(ID, path("/data/api/datasets/" + ID + "/rows").datasetId());
        assertEquals(ID, path("/data/api/datasets/" + ID + "/graphic-walker/query").datasetId());
        assertEquals(ID, path("/data/api/datasets/" + ID + "/export").datasetId());
        for (String seed : new String[] {"schema", "data", "sample", "stats"}) {
            assertEquals(ID, path("/data/" + seed + "/" + ID).datasetId());
        }
        assertNull(path("/data/api/datasets").datasetId());
        assertNull(path("/data/api/health").datasetId());
    }

    @Test
    void encodedAndMatrixFormsAreSeenAsJaxRsSeesThem() {
        assertEquals(ID, path("/data/api/datasets/%30" + ID.substring(1) + "/rows").datasetId());
        assertEquals(ID, path("/data/api/datasets/" + ID + ";x=1/rows").datasetId());
        assertEquals(ID, path("/data/api;v=2/datasets/" + ID).datasetId());
        assertEquals(ID, path("/data//api///datasets/" + ID).datasetId());
        assertEquals(ID, path("/data/%73chema/" + ID).datasetId());
    }

    @Test
    void traversalAndBadEscapesAreRefused() {
        assertNull(path("/data/api/datasets/../x"));
        assertNull(path("/data/api/datasets/%2e%2e/x"));
        assertNull(path("/data/css/%2E%2E/api/datasets"));
        assertNull(path("/data/api/datasets/a%2Fb"));
        assertNull(path("/data/api/datasets/%zz"));
        assertNull(path("/data/api/datasets/%00"));
        assertNull(path("/data/api/datasets/%C3"));
        assertEquals("é", path("/data/api/datasets/%C3%A9").datasetId());
        assertEquals(new String("é".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8),
                path("/data/api/datasets/%C3%A9").datasetId());
    }

    @Test
    void publicRoutes() {
        assertTrue(path("/data/").isPublic("GET"));
        assertTrue(path("/data").isPublic("GET"));
        assertTrue(path("/data/index.html").isPublic("GET"));
        assertTrue(path("/data/js/app.js").isPublic("GET"));
        assertTrue(path("/data/webjars/uplot/1.6.30/dist/uPlot.min.css").isPublic("GET"));
        assertTrue(path("/data/api/health").isPublic("GET"));
        assertTrue(path("/data/api/ready").isPublic("HEAD"));
        assertTrue(path("/data/api/ui-config").isPublic("GET"));
        assertFalse(path("/data/api/ui-config").isPublic("POST"));
        assertFalse(path("/data/api/limits").isPublic("GET"));
        assertFalse(path("/data/api/health").isPublic("POST"));
        assertFalse(path("/data/js").isPublic("GET"));
        assertFalse(path("/data/api/datasets").isPublic("GET"));
        assertFalse(path("/data/api/metrics").isPublic("GET"));
        assertFalse(path("/data/other.html").isPublic("GET"));
        assertTrue(path("/data/api/metrics").isOperations());
        assertTrue(path("/data/api/ops/cache").isOperations());
        assertFalse(path("/data/api/limits").isOperations());
    }

    @Test
    void uploads() {
        assertTrue(path("/data/api/datasets").isUpload("POST"));
        assertTrue(path("/data/parse-csv").isUpload("POST"));
        assertFalse(path("/data/api/datasets").isUpload("GET"));
        assertFalse(path("/data/api/datasets/" + ID + "/query").isUpload("POST"));
    }
}
