package org.dataexplorer.api.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.ws.rs.core.Response;

import org.dataexplorer.api.DataService;
import org.dataexplorer.api.DataServiceLifecycle;
import org.dataexplorer.config.ConfigSource;
import org.dataexplorer.config.ServiceConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/ready}, {@code /api/metrics} and its token, request ids, and the fail-fast start. */
class OpsResourceTest {

    @TempDir
    Path dir;

    private ServiceConfig config(String... settings) throws IOException {
        Properties values = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("conf", "data-service.properties"))) {
            values.load(in);
        }
        values.setProperty("storage.dir", dir.resolve("datasets").toString());
        values.setProperty("cache.dir", dir.resolve("cache").toString());
        values.setProperty("ready.min.free.bytes", "0");
        values.setProperty("auth.mode", "none");
        for (int i = 0; i < settings.length; i += 2) {
            values.setProperty(settings[i], settings[i + 1]);
        }
        return ServiceConfig.from(ConfigSource.of(values));
    }

    @Test
    void readyOrAProblemNamingWhy() throws Exception {
        try (DataService service = DataService.start(config())) {
            assertEquals(200, new OpsResource(service).ready().getStatus());
        }
        try (DataService service = DataService.start(config("ready.min.free.bytes", "1000000TB"))) {
            Response r = new OpsResource(service).ready();
            assertEquals(503, r.getStatus());
            assertEquals("application/problem+json", r.getMediaType().toString());
            String body = (String) r.getEntity();
            assertTrue(body.contains("ready.min.free.bytes"), body);
        }
    }

    @Test
    void metricsAskForTheTokenWhenOneIsSet() throws Exception {
        try (DataService service = DataService.start(config())) {
            Response open = new OpsResource(service).metrics(null);
            assertEquals(200, open.getStatus());
            assertTrue(((String) open.getEntity()).contains("dataexplorer_datasets{status=\"ready\"}"));
        }
        try (DataService service = DataService.start(config("metrics.token", "s3cret"))) {
            OpsResource resource = new OpsResource(service);
            assertEquals(401, resource.metrics(null).getStatus());
            assertEquals(401, resource.metrics("Bearer wrong").getStatus());
            assertEquals(401, resource.metrics("Basic s3cret").getStatus());
            assertEquals(200, resource.metrics("Bearer s3cret").getStatus());
        }
    }

    @Test
    void requestIdsAreKeptWhenSaneAndMadeOtherwise() {
        assertEquals("abc-123_x.y:z", RequestLogFilter.requestId("abc-123_x.y:z"));
        String made = RequestLogFilter.requestId("no spaces\nor newlines");
        assertEquals(36, made.length());
        assertEquals(36, RequestLogFilter.requestId(null).length());
        assertEquals(36, RequestLogFilter.requestId("x".repeat(65)).length());
        java.util.UUID uuid = java.util.UUID.fromString(made);
        assertEquals(4, uuid.version(), made);
        assertEquals(2, uuid.variant(), made);
        assertNotEquals(made, RequestLogFilter.requestId(null));
    }

    @Test
    void aBadSettingStopsTheStartWithOneLine() {
        String key = "data.read.only";
        String before = System.getProperty(key);
        System.setProperty(key, "perhaps");
        try {
            ServletContext context = (ServletContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {ServletContext.class}, (proxy, method, args) -> null);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new DataServiceLifecycle().contextInitialized(new ServletContextEvent(context)));
            assertEquals("The data service cannot start: Setting 'read.only' = 'perhaps' is not true or false",
                    e.getMessage());
            assertEquals(null, e.getCause());
        } finally {
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }
    }
}
