package org.dataexplorer.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;

import org.dataexplorer.config.ConfigSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every start-up failure is one SEVERE line naming the setting and its value, and the context fails to start. */
class DataServiceLifecycleTest {

    private static final Logger LOG = Logger.getLogger(DataServiceLifecycle.class.getName());

    @TempDir
    Path dir;

    private final List<LogRecord> records = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (records) {
                records.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Map<String, Object> attributes = new HashMap<>();
    private final ServletContext context = (ServletContext) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {ServletContext.class}, (proxy, method, args) -> switch (method.getName()) {
                case "setAttribute" -> attributes.put((String) args[0], args[1]);
                case "getAttribute" -> attributes.get((String) args[0]);
                case "removeAttribute" -> attributes.remove((String) args[0]);
                default -> null;
            });

    @BeforeEach
    void listen() {
        capture.setLevel(Level.ALL);
        LOG.addHandler(capture);
    }

    @AfterEach
    void unlisten() {
        LOG.removeHandler(capture);
        LOG.setLevel(null);
    }

    private Properties settings(String... pairs) throws IOException {
        Properties values = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("conf", "data-service.properties"))) {
            values.load(in);
        }
        values.setProperty("storage.dir", dir.resolve("datasets").toString());
        values.setProperty("cache.dir", dir.resolve("cache").toString());
        values.setProperty("auth.mode", "none");
        for (int i = 0; i < pairs.length; i += 2) {
            values.setProperty(pairs[i], pairs[i + 1]);
        }
        return values;
    }

    /** Starts with {@code values}, expects the start to fail, and checks the one line; returns it. */
    private String refused(Properties values) {
        DataServiceLifecycle lifecycle = new DataServiceLifecycle(() -> ConfigSource.of(values));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> lifecycle.contextInitialized(new ServletContextEvent(context)));
        assertTrue(e.getMessage().startsWith("The data service cannot start: "), e.getMessage());
        assertNull(e.getCause());
        assertEquals(0, e.getStackTrace().length, "the container is given no stack trace to print");
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        List<LogRecord> severe = records.stream().filter(r -> r.getLevel() == Level.SEVERE).toList();
        assertEquals(1, severe.size(), () -> messages(records));
        assertEquals(e.getMessage(), severe.get(0).getMessage());
        assertNull(severe.get(0).getThrown(), "no stack trace in the log");
        assertNull(attributes.get(DataService.class.getName()), "no service was left running");
        return e.getMessage();
    }

    private static String messages(List<LogRecord> records) {
        return records.stream().map(r -> r.getLevel() + " " + r.getMessage()).toList().toString();
    }

    @Test
    void startsAndStopsWithUsableSettings() throws IOException {
        DataServiceLifecycle lifecycle = new DataServiceLifecycle(() -> {
            try {
                return ConfigSource.of(settings());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        lifecycle.contextInitialized(new ServletContextEvent(context));
        assertNotNull(DataServiceLifecycle.of(context).catalog());
        lifecycle.contextDestroyed(new ServletContextEvent(context));
        assertThrows(IllegalStateException.class, () -> DataServiceLifecycle.of(context));
        assertTrue(records.stream().noneMatch(r -> r.getLevel() == Level.SEVERE), () -> messages(records));
    }

    @Test
    void aStorageDirThatIsAFile() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        String line = refused(settings("storage.dir", file.toString()));
        assertEquals("The data service cannot start: Setting 'storage.dir' = '" + file + "' is not a directory (it is a file)",
                line);
    }

    @Test
    void anUnwritableStorageDir() throws IOException {
        Path locked = Files.createDirectories(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Path storage = locked;
            if (Files.isWritable(locked)) {
                // root ignores permissions; /proc refuses new files to everyone
                storage = Path.of("/proc");
            }
            String line = refused(settings("storage.dir", storage.toString()));
            assertTrue(line.startsWith("The data service cannot start: Setting 'storage.dir' = '" + storage
                    + "' is not a writable directory ("), line);
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aBrokenEhcacheXml() throws IOException {
        Path xml = Files.writeString(dir.resolve("ehcache.xml"),
                "<config xmlns='http://www.ehcache.org/v3'><cache alias='chunks'><heap unit='entries'>many</heap>");
        String line = refused(settings("cache.config", xml.toString()));
        assertTrue(line.startsWith("The data service cannot start: Setting 'cache.config' = '" + xml
                + "' is not a usable Ehcache configuration"), line);
    }

    @Test
    void aBadNumber() throws IOException {
        String line = refused(settings("ingest.threads", "four"));
        assertTrue(line.startsWith("The data service cannot start: Setting 'ingest.threads' = 'four' is not"), line);
    }

    @Test
    void theStackTraceIsLoggedWhenTheLoggerIsAtFine() throws IOException {
        LOG.setLevel(Level.FINE);
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        refused(settings("cache.dir", file.toString()));
        LogRecord detail = records.stream().filter(r -> r.getLevel() == Level.FINE).findFirst().orElseThrow();
        assertNotNull(detail.getThrown());
        assertTrue(detail.getThrown().getMessage().contains("cache.dir"), detail.getThrown().toString());
    }
}
