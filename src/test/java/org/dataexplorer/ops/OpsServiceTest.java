package org.dataexplorer.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import javax.management.Attribute;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

import org.dataexplorer.api.DataService;
import org.dataexplorer.config.ConfigSource;
import org.dataexplorer.config.ServiceConfig;
import org.dataexplorer.ingest.IngestOptions;
import org.dataexplorer.ingest.Upload;
import org.dataexplorer.store.DatasetManifest;
import org.dataexplorer.store.DatasetStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operations side of a real service: MBeans, metrics, readiness, admin operations, shutdown. */
class OpsServiceTest {

    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();
    private static final byte[] CSV = "id,name\n1,a\n2,b\n3,c\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private ServiceConfig config(String... settings) throws IOException {
        Properties shipped = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("conf", "data-service.properties"))) {
            shipped.load(in);
        }
        Properties operator = shipped;
        operator.setProperty("storage.dir", dir.resolve("datasets").toString());
        operator.setProperty("cache.dir", dir.resolve("cache").toString());
        operator.setProperty("ready.min.free.bytes", "0");
        operator.setProperty("auth.mode", "none");
        for (int i = 0; i < settings.length; i += 2) {
            operator.setProperty(settings[i], settings[i + 1]);
        }
        return ServiceConfig.from(ConfigSource.of(operator));
    }

    private static DatasetManifest ingest(DataService service, byte[] csv) throws Exception {
        Upload upload = service.ingest().begin(IngestOptions.defaults(null), null);
        upload.write(csv, 0, csv.length);
        upload.endOfInput();
        return upload.result().get(30, TimeUnit.SECONDS);
    }

    private static Object attribute(String type, String name) throws Exception {
        return JMX.getAttribute(new ObjectName("org.dataexplorer:type=" + type), name);
    }

    @Test
    void beansShowTheServiceAndGoAwayAtClose() throws Exception {
        try (DataService service = DataService.start(config())) {
            DatasetManifest ready = ingest(service, CSV);
            assertEquals(DatasetStatus.READY, ready.status());
            service.ops().metrics().request(EndpointKind.ROWS, 200, 2_000_000);
            service.ops().metrics().request(EndpointKind.ROWS, 503, 1_000_000);
            service.ops().metrics().request(EndpointKind.QUERY, 500, 1_000_000);

            assertEquals(1, attribute("Datasets", "Count"));
            assertEquals(1, attribute("Datasets", "Ready"));
            assertEquals(3L, attribute("Datasets", "Rows"));
            assertEquals(1L, attribute("Ingest", "Completed"));
            assertEquals((long) CSV.length, attribute("Ingest", "BytesIngested"));
            assertEquals(0, attribute("Ingest", "Active"));
            assertEquals(3L, attribute("Queries", "Count"));
            assertEquals(1L, attribute("Queries", "Errors"));
            assertEquals(1L, attribute("Queries", "Rejected"));
            CompositeData[] endpoints = (CompositeData[]) attribute("Queries", "Endpoints");
            CompositeData rows = java.util.Arrays.stream(endpoints).filter(e -> e.get("kind").equals("rows"))
                    .findFirst().orElseThrow();
            assertEquals(2L, rows.get("count"));
            assertEquals(1L, rows.get("rejected"));
            assertTrue((double) rows.get("maxMs") >= 1.0);
            CompositeData[] caches = (CompositeData[]) attribute("Cache", "Caches");
            assertEquals(2, caches.length);
            assertEquals(true, attribute("Cache", "Available"));
            assertTrue((long) attribute("Storage", "FreeBytes") > 0);
            assertEquals(true, attribute("Storage", "Writable"));
            javax.management.openmbean.TabularData owners = (javax.management.openmbean.TabularData)
                    attribute("Storage", "BytesByOwner");
            assertEquals(1, owners.size());
            CompositeData unowned = owners.get(new Object[] {"-"});
            assertEquals(ready.sizeBytes() + Math.max(ready.sourceBytes(), ready.bytesReceived()), unowned.get("value"));

            String text = service.ops().metrics().registry().scrape();
            assertTrue(text.contains("dataexplorer_datasets{status=\"ready\"} 1.0"), text);
            assertTrue(text.contains("dataexplorer_ingest_completed_total 1.0"), text);
            assertTrue(text.contains("dataexplorer_requests_seconds_count{kind=\"rows\"} 2"), text);
            assertTrue(text.contains("dataexplorer_requests_rejected_total{kind=\"rows\"} 1.0"), text);
            assertTrue(text.contains("dataexplorer_cache_hits_total{cache=\"chunks\"}"), text);
        }
        assertFalse(JMX.isRegistered(new ObjectName("org.dataexplorer:type=Datasets")));
        assertTrue(JMX.queryNames(new ObjectName("org.dataexplorer:*"), null).isEmpty());
    }

    @Test
    void cacheFiguresPerTierInJmxAndPrometheus() throws Exception {
        // No decoded-column cache in front, so every read reaches the Ehcache chunk cache.
        try (DataService service = DataService.start(config("query.decoded.cache.bytes", "0"))) {
            DatasetManifest ready = ingest(service, CSV);
            for (int i = 0; i < 3; i++) {
                assertEquals(3, service.reader().rows(ready, 0, 3, java.util.List.of()).rows().size());
            }
            CompositeData[] tiers = (CompositeData[]) attribute("Cache", "Tiers");
            assertEquals(java.util.List.of("chunks/heap", "chunks/offheap", "chunks/disk", "derived/heap",
                    "derived/offheap", "derived/disk"), java.util.Arrays.stream(tiers)
                    .map(t -> t.get("cache") + "/" + t.get("tier")).toList());
            CompositeData heap = tiers[0];
            CompositeData disk = tiers[2];
            // Two columns: the first read of each misses everything and is stored in the disk tier (the
            // authority); the second is read from disk into the heap; the third hits the heap.
            assertEquals(2L, disk.get("entries"));
            assertTrue((long) disk.get("bytes") > 0, disk.toString());
            assertTrue((long) disk.get("hits") >= 2, disk.toString());
            assertTrue((long) heap.get("hits") >= 2, heap.toString());
            assertTrue((long) heap.get("misses") >= 2, heap.toString());
            assertEquals(-1L, heap.get("bytes"), "the heap tier is sized by entries");
            CompositeData chunks = ((CompositeData[]) attribute("Cache", "Caches"))[0];
            assertEquals("chunks", chunks.get("cache"));
            assertEquals(3, ((CompositeData[]) chunks.get("tiers")).length);

            String text = service.ops().metrics().registry().scrape();
            assertEquals((double) (long) heap.get("hits"),
                    sample(text, "dataexplorer_cache_tier_hits_total{cache=\"chunks\",tier=\"heap\"}"), text);
            assertEquals(2.0, sample(text, "dataexplorer_cache_tier_entries{cache=\"chunks\",tier=\"disk\"}"), text);
            assertTrue(sample(text, "dataexplorer_cache_tier_bytes{cache=\"chunks\",tier=\"disk\"}") > 0, text);
            assertTrue(text.contains("dataexplorer_cache_tier_evictions_total{cache=\"derived\",tier=\"offheap\"}"), text);
            assertTrue(text.contains("dataexplorer_cache_tier_allocated_bytes{cache=\"chunks\",tier=\"offheap\"}"), text);
            assertFalse(text.contains("dataexplorer_cache_tier_bytes{cache=\"chunks\",tier=\"heap\"}"), text);
            // The decoded-column LRU (disabled here) is shown as the one heap tier of a "decoded" cache.
            CompositeData decoded = (CompositeData) attribute("Cache", "Decoded");
            assertEquals("decoded", decoded.get("cache"));
            assertEquals("heap", decoded.get("tier"));
            assertEquals(0L, decoded.get("hits"));
            assertEquals(0.0, sample(text, "dataexplorer_cache_tier_hits_total{cache=\"decoded\",tier=\"heap\"}"), text);
        }
        try (DataService service = DataService.start(config("query.decoded.cache.bytes", "16MB"))) {
            CompositeData decoded = (CompositeData) attribute("Cache", "Decoded");
            assertEquals(16L << 20, decoded.get("allocatedBytes"));
        }
    }

    /** The value of one Prometheus sample line. */
    private static double sample(String text, String series) {
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        throw new AssertionError("no sample " + series);
    }

    @Test
    void operationsToggleReadOnlyEvictAndDeleteFailed() throws Exception {
        try (DataService service = DataService.start(config())) {
            ObjectName operations = new ObjectName("org.dataexplorer:type=Operations");
            assertEquals(false, JMX.getAttribute(operations, "ReadOnly"));
            JMX.setAttribute(operations, new Attribute("ReadOnly", true));
            assertTrue(service.ops().readOnly());
            JMX.setAttribute(operations, new Attribute("ReadOnly", false));
            assertFalse(service.ops().readOnly());

            DatasetManifest ready = ingest(service, CSV);
            DatasetManifest bad = service.catalog().create("bad", null);
            service.catalog().fail(UUID.fromString(bad.id()), "broken on purpose");
            assertEquals(1, attribute("Datasets", "Failed"));
            Object result = JMX.invoke(operations, "evictDatasetCache", new Object[] {ready.id()},
                    new String[] {String.class.getName()});
            assertEquals("evicted " + ready.id(), result);
            assertEquals(1, JMX.invoke(operations, "deleteFailedDatasets", new Object[0], new String[0]));
            assertTrue(service.catalog().get(UUID.fromString(bad.id())).isEmpty());
            assertTrue(service.catalog().get(UUID.fromString(ready.id())).isPresent());
            assertEquals(1L, attribute("Datasets", "DeletedSinceStart"));
        }
    }

    @Test
    void startsReadOnlyWhenConfigured() throws Exception {
        try (DataService service = DataService.start(config("read.only", "true"))) {
            assertTrue(service.ops().readOnly());
        }
    }

    @Test
    void readinessNamesWhatIsWrong() throws Exception {
        try (DataService service = DataService.start(config())) {
            assertEquals(java.util.List.of(), service.ops().readinessProblems());
        }
        DataService service = DataService.start(config("ready.min.free.bytes", "1000000TB"));
        assertEquals(1, service.ops().readinessProblems().size());
        assertTrue(service.ops().readinessProblems().get(0).contains("ready.min.free.bytes"));
        service.close();
        assertEquals(2, service.ops().readinessProblems().size(), "the cache manager is closed");
    }

    @Test
    void shutdownAbortsUploadsInFlightAndCleansThem() throws Exception {
        UUID id;
        DataService service = DataService.start(config());
        Upload upload = service.ingest().begin(IngestOptions.defaults(null), null);
        id = upload.id();
        upload.write(CSV, 0, CSV.length);
        assertEquals(1, attribute("Ingest", "Active"));
        service.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> upload.result().get(30, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("shutting down"), e.getCause().getMessage());
        assertEquals(1L, service.ops().metrics().failed());
        assertTrue(service.ops().metrics().lastError().contains("shutting down"));
        try (DataService again = DataService.start(config())) {
            DatasetManifest m = again.catalog().get(id).orElseThrow();
            assertEquals(DatasetStatus.FAILED, m.status());
            assertFalse(Files.exists(again.catalog().sourceFile(id)), "the spooled source is removed");
            assertNull(again.ops().metrics().lastError());
        }
    }
}
