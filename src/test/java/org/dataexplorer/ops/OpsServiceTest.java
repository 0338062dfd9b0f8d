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
import org.dataexplorer.ingest.IngestFailure;
import org.dataexplorer.ingest.IngestOptions;
import org.dataexplorer.ingest.Upload;
import org.dataexplorer.ingest.UploadAllowance;
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
            assertEquals(java.util.List.of("chunks/heap", "chunks/disk", "derived/heap", "derived/disk"),
                    java.util.Arrays.stream(tiers)
                    .map(t -> t.get("cache") + "/" + t.get("tier")).toList());
            CompositeData heap = tiers[0];
            CompositeData disk = tiers[1];
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
            assertEquals(2, ((CompositeData[]) chunks.get("tiers")).length);

            String text = service.ops().metrics().registry().scrape();
            assertEquals((double) (long) heap.get("hits"),
                    sample(text, "dataexplorer_cache_tier_hits_total{cache=\"chunks\",tier=\"heap\"}"), text);
            assertEquals(2.0, sample(text, "dataexplorer_cache_tier_entries{cache=\"chunks\",tier=\"disk\"}"), text);
            assertTrue(sample(text, "dataexplorer_cache_tier_bytes{cache=\"chunks\",tier=\"disk\"}") > 0, text);
            assertTrue(text.contains("dataexplorer_cache_tier_evictions_total{cache=\"derived\",tier=\"disk\"}"), text);
            assertTrue(text.contains("dataexplorer_cache_tier_allocated_bytes{cache=\"chunks\",tier=\"disk\"}"), text);
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
    void figuresAfterIngestRequestsAndAFailedUpload() throws Exception {
        StringBuilder csv = new StringBuilder("id,name,amount\n");
        for (int i = 0; i < 5_000; i++) {
            csv.append(i).append(",name-").append(i % 97).append(',').append(i * 0.25).append('\n');
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        long quota = 1L << 20;
        try (DataService service = DataService.start(config("quota.user.bytes", "1MB"))) {
            Upload upload = service.ingest().begin(new IngestOptions("owned", "alice", null, null, false, null, null,
                    null, null, null, java.util.Map.of(), false, false), null);
            upload.write(bytes, 0, bytes.length);
            upload.endOfInput();
            DatasetManifest owned = upload.result().get(30, TimeUnit.SECONDS);
            assertEquals(DatasetStatus.READY, owned.status());
            ingest(service, CSV);

            long chunkFiles = 0;
            try (java.util.stream.Stream<Path> files = Files.walk(dir.resolve("datasets"))) {
                for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".chunk")).toList()) {
                    chunkFiles += Files.size(f);
                }
            }
            assertTrue(chunkFiles > 0);
            assertEquals(chunkFiles, attribute("Datasets", "BytesOnDisk"), "the chunk files in storage.dir");
            assertEquals((double) chunkFiles, sample(service.ops().metrics().registry().scrape(),
                    "dataexplorer_datasets_size_bytes"));

            assertTrue((double) attribute("Ingest", "BytesPerSecond") > 0);
            assertTrue((double) attribute("Ingest", "RowsPerSecond") > 0);
            assertTrue((double) attribute("Ingest", "LastBytesPerSecond") > 0);
            assertTrue((double) attribute("Ingest", "LastRowsPerSecond") > 0);
            assertEquals(5_003L, attribute("Ingest", "RowsIngested"));
            assertNull(attribute("Ingest", "LastError"));

            // Alice's quota use: her source and chunk files, as the disk holds them.
            Path ownedDir = dir.resolve("datasets").resolve(owned.id());
            long ownedFiles = Files.size(service.catalog().sourceFile(UUID.fromString(owned.id())));
            try (java.util.stream.Stream<Path> files = Files.list(ownedDir.resolve("chunks"))) {
                for (Path f : files.toList()) {
                    ownedFiles += Files.size(f);
                }
            }
            javax.management.openmbean.TabularData owners = (javax.management.openmbean.TabularData)
                    attribute("Storage", "BytesByOwner");
            assertEquals(2, owners.size(), owners.toString());
            assertEquals(ownedFiles, owners.get(new Object[] {"alice"}).get("value"));
            assertEquals(quota, attribute("Storage", "QuotaBytesPerUser"));
            double use = (double) attribute("Storage", "HighestQuotaUse");
            assertEquals((double) ownedFiles / quota, use, 1e-9);
            assertTrue(use > 0 && use < 1, "a share of the quota: " + use);
            assertEquals(use, sample(service.ops().metrics().registry().scrape(),
                    "dataexplorer_storage_quota_highest_use"), 1e-9);

            // Over the room it is allowed (8 bytes here, as what is left of a quota): the upload fails as too large.
            Upload tooLarge = service.ingest().begin(IngestOptions.defaults("too-large"), null, new UploadAllowance() {
                @Override
                public boolean source(long totalBytes) {
                    return totalBytes <= 8;
                }

                @Override
                public boolean chunks(long totalBytes) {
                    return totalBytes <= 8;
                }
            });
            try {
                tooLarge.write(CSV, 0, CSV.length);
                tooLarge.endOfInput();
            } catch (IngestFailure refused) {
                tooLarge.abort(refused); // as the upload reader does
            }
            assertThrows(ExecutionException.class, () -> tooLarge.result().get(30, TimeUnit.SECONDS));
            assertEquals(1L, attribute("Ingest", "Failed"));
            String lastError = (String) attribute("Ingest", "LastError");
            assertTrue(lastError != null && lastError.contains("larger than the room it was allowed"), "LastError after a failed upload: " + lastError);
            assertTrue(attribute("Ingest", "LastErrorTime") != null);

            for (int i = 1; i <= 60; i++) {
                service.ops().metrics().request(EndpointKind.ROWS, 200, i * 1_000_000L);
            }
            CompositeData rows = java.util.Arrays.stream((CompositeData[]) attribute("Queries", "Endpoints"))
                    .filter(e -> e.get("kind").equals("rows")).findFirst().orElseThrow();
            double p50 = (double) rows.get("p50Ms");
            double p95 = (double) rows.get("p95Ms");
            double p99 = (double) rows.get("p99Ms");
            double max = (double) rows.get("maxMs");
            assertTrue(0 < p50 && p50 <= p95 && p95 <= p99 && p99 <= max, rows.toString());
            assertTrue(p50 < p99, "60 latencies of 1 to 60 ms spread out: " + rows);
            assertEquals(60.0, max, 0.5);
        }
    }

    @Test
    void shutdownAbortsUploadsStillRunningAfterTheGracePeriodAndCleansThem() throws Exception {
        UUID id;
        DataService service = DataService.start(config("shutdown.grace.ms", "300"));
        Upload upload = service.ingest().begin(IngestOptions.defaults(null), null);
        id = upload.id();
        upload.write(CSV, 0, CSV.length);
        assertEquals(1, attribute("Ingest", "Active"));
        service.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> upload.result().get(30, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("shut down before this upload was complete")
                && e.getCause().getMessage().contains("shutdown.grace.ms"), e.getCause().getMessage());
        assertEquals(1L, service.ops().metrics().failed());
        assertTrue(service.ops().metrics().lastError().contains("shut down"));
        try (DataService again = DataService.start(config())) {
            DatasetManifest m = again.catalog().get(id).orElseThrow();
            assertEquals(DatasetStatus.FAILED, m.status());
            assertTrue(m.error().contains("shutdown.grace.ms"), m.error());
            assertFalse(Files.exists(again.catalog().sourceFile(id)), "the spooled source is removed");
            assertNull(again.ops().metrics().lastError());
        }
    }

    @Test
    void anUploadThatEndsWithinTheGracePeriodIsReadyAfterTheStop() throws Exception {
        DataService service = DataService.start(config("shutdown.grace.ms", "60000"));
        Upload upload = service.ingest().begin(IngestOptions.defaults(null), null);
        upload.write(CSV, 0, CSV.length);
        Thread stopping = new Thread(service::close, "stopping");
        stopping.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!service.ingest().closing() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        IngestFailure refused = assertThrows(IngestFailure.class,
                () -> service.ingest().begin(IngestOptions.defaults(null), null));
        assertEquals(IngestFailure.Kind.BUSY, refused.kind());
        assertTrue(refused.getMessage().contains("shutting down"), refused.getMessage());
        upload.endOfInput();
        stopping.join(30_000);
        assertFalse(stopping.isAlive(), "the stop ended once the upload had");
        assertEquals(DatasetStatus.READY, upload.result().get(1, TimeUnit.SECONDS).status());
        try (DataService again = DataService.start(config())) {
            DatasetManifest m = again.catalog().get(upload.id()).orElseThrow();
            assertEquals(DatasetStatus.READY, m.status());
            assertEquals(3, again.reader().rows(m, 0, 10, java.util.List.of()).rows().size());
        }
    }
}
