package org.dataexplorer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.Test;

/**
 * Per-tier cache figures over HTTP: {@code GET /api/ops/cache} (JSON) and {@code GET /api/metrics}
 * (Prometheus, {@code tier} label) after some reads, {@code GET /api/limits}, the request latency
 * percentiles, and the access log's byte counts of a chunked upload (the server runs in this JVM, so the
 * test listens to its access logger).
 */
class CacheStatsIT extends WithDeployedService {

    private static final List<String> TIERS = List.of("heap", "disk");


    @Test
    void everyCacheShowsItsTiersAfterReads() {
        JsonObject before = tier(http.get("api/ops/cache").expect(200), "chunks", "disk");
        StringBuilder csv = new StringBuilder("id,name,score\n");
        for (int i = 0; i < 500; i++) {
            csv.append(i).append(",name-").append(i).append(',').append(i * 0.5).append('\n');
        }
        String id = http.upload("name=cache-stats-it", csv.toString()).getString("id");
        for (int i = 0; i < 3; i++) {
            assertEquals(500, http.get("api/datasets/" + id + "/rows?offset=0&limit=500").expect(200)
                    .getJsonArray("rows").size());
        }

        JsonObject body = http.get("api/ops/cache").expect(200);
        assertTrue(body.getBoolean("available"), body.toString());
        JsonArray caches = body.getJsonArray("caches");
        assertEquals(List.of("chunks", "derived"), caches.stream().map(c -> c.asJsonObject().getString("cache")).toList());
        for (JsonValue cache : caches) {
            JsonArray tiers = cache.asJsonObject().getJsonArray("tiers");
            assertEquals(TIERS, tiers.stream().map(t -> t.asJsonObject().getString("tier")).toList(), cache.toString());
            for (JsonValue t : tiers) {
                for (String figure : List.of("hits", "misses", "hitRatio", "evictions", "entries", "bytes", "allocatedBytes")) {
                    assertTrue(t.asJsonObject().containsKey(figure), figure + " in " + t);
                }
            }
        }
        JsonObject decoded = body.getJsonObject("decoded");
        assertEquals("heap", decoded.getString("tier"), body.toString());
        assertTrue(decoded.getJsonNumber("allocatedBytes").longValue() > 0, decoded.toString());
        // Three columns were read: each is stored in the disk tier, which holds every entry.
        JsonObject disk = tier(body, "chunks", "disk");
        assertTrue(disk.getJsonNumber("entries").longValue() >= before.getJsonNumber("entries").longValue() + 3, disk.toString());
        assertTrue(disk.getJsonNumber("bytes").longValue() > 0, disk.toString());
        assertTrue(disk.getJsonNumber("allocatedBytes").longValue() >= disk.getJsonNumber("bytes").longValue(), disk.toString());
        JsonObject heap = tier(body, "chunks", "heap");
        assertTrue(heap.getJsonNumber("misses").longValue() >= 3, heap.toString());
        assertEquals(-1, heap.getJsonNumber("bytes").longValue(), "the heap tier is sized by entries: " + heap);

        String metrics = http.get("api/metrics").text();
        JsonObject now = tier(http.get("api/ops/cache").expect(200), "chunks", "disk");
        assertEquals((double) now.getJsonNumber("entries").longValue(),
                sample(metrics, "dataexplorer_cache_tier_entries{cache=\"chunks\",tier=\"disk\"}"), metrics);
        for (String t : TIERS) {
            for (String cache : List.of("chunks", "derived")) {
                String labels = "{cache=\"" + cache + "\",tier=\"" + t + "\"}";
                for (String name : List.of("dataexplorer_cache_tier_hits_total", "dataexplorer_cache_tier_misses_total",
                        "dataexplorer_cache_tier_evictions_total", "dataexplorer_cache_tier_entries")) {
                    sample(metrics, name + labels);
                }
            }
        }
        assertTrue(sample(metrics, "dataexplorer_cache_tier_misses_total{cache=\"chunks\",tier=\"heap\"}") >= 3, metrics);
    }

    @Test
    void latencyPercentilesAfterPageReads() {
        StringBuilder csv = new StringBuilder("id,name\n");
        for (int i = 0; i < 200; i++) {
            csv.append(i).append(",n").append(i).append('\n');
        }
        String id = http.upload("name=latency-it", csv.toString()).getString("id");
        for (int i = 0; i < 20; i++) {
            http.get("api/datasets/" + id + "/rows?page=" + (i % 4 + 1) + "&pageSize=50").expect(200);
        }
        String metrics = http.get("api/metrics").text();
        double p50 = sample(metrics, "dataexplorer_requests_seconds{kind=\"rows\",quantile=\"0.5\"}");
        double p95 = sample(metrics, "dataexplorer_requests_seconds{kind=\"rows\",quantile=\"0.95\"}");
        double p99 = sample(metrics, "dataexplorer_requests_seconds{kind=\"rows\",quantile=\"0.99\"}");
        assertTrue(0 < p50 && p50 <= p95 && p95 <= p99, p50 + " " + p95 + " " + p99);
        assertTrue(sample(metrics, "dataexplorer_requests_seconds_count{kind=\"rows\"}") >= 20, metrics);
        assertTrue(sample(metrics, "dataexplorer_requests_seconds_max{kind=\"rows\"}") > 0, metrics);
    }

    @Test
    void theAccessLogCountsTheBytesOfAChunkedUpload() throws InterruptedException {
        Logger access = Logger.getLogger("org.dataexplorer.access");
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        access.addHandler(capture);
        try {
            StringBuilder csv = new StringBuilder("id,name\n");
            for (int i = 0; i < 5_000; i++) {
                csv.append(i).append(",chunked-").append(i).append('\n');
            }
            byte[] body = csv.toString().getBytes(StandardCharsets.UTF_8);
            Reply reply = http.postStream("api/datasets?name=access-log-it", "text/csv", out -> {
                for (int from = 0; from < body.length; from += 10_000) {
                    out.write(body, from, Math.min(10_000, body.length - from));
                    out.flush();
                }
            });
            http.created(reply);
            String line = Poll.until(Duration.ofSeconds(10), "the upload's access log line",
                    () -> lines.stream().filter(l -> l.contains(" method=POST route=/api/datasets kind=upload status=201 "))
                            .findFirst().orElse(null), l -> l != null);
            assertTrue(line.contains(" in=" + body.length + " "), "in= is the body bytes read: " + line);
        } finally {
            access.removeHandler(capture);
        }
    }

    @Test
    void limitsAreAdvertised() {
        JsonObject limits = http.get("api/limits").expect(200);
        assertEquals(Long.parseLong(System.getProperty("data.max.upload.bytes", "52428800")),
                limits.getJsonNumber("maxUploadBytes").longValue(), limits.toString());
        for (String name : List.of("maxConcurrentUploads", "maxColumns", "maxFieldBytes", "maxRecordBytes",
                "pageSizeMax", "sampleRowsMax")) {
            assertTrue(limits.getJsonNumber(name).longValue() > 0, name + " in " + limits);
        }
        assertEquals(false, limits.getBoolean("readOnly"));
    }

    private static JsonObject tier(JsonObject body, String cache, String tier) {
        for (JsonValue c : body.getJsonArray("caches")) {
            if (c.asJsonObject().getString("cache").equals(cache)) {
                for (JsonValue t : c.asJsonObject().getJsonArray("tiers")) {
                    if (t.asJsonObject().getString("tier").equals(tier)) {
                        return t.asJsonObject();
                    }
                }
            }
        }
        throw new AssertionError("no tier " + cache + "/" + tier + " in " + body);
    }

    /** The value of one Prometheus sample line. */
    private static double sample(String text, String series) {
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        throw new AssertionError("no sample " + series + " in the metrics");
    }
}
