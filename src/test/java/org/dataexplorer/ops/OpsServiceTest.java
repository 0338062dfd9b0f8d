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
