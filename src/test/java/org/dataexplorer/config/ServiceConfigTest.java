package org.dataexplorer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class ServiceConfigTest {

    /** The shipped defaults, as the WAR carries them. */
    private static Properties shipped() throws IOException {
        Properties defaults = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("conf", "data-service.properties"))) {
            defaults.load(in);
        }
        return defaults;
    }

    private static ServiceConfig config(Properties operator, Properties system, Map<String, String> env)
            throws IOException {
        Properties defaults = shipped();
        // The shipped auth.mode=token refuses to start without a credential; an operator always sets one.
        defaults.setProperty("service.secret", "a-service-secret-for-tests");
        return ServiceConfig.from(new ConfigSource(defaults, operator, system, env));
    }

    private static ServiceConfig withOperator(String name, String value) throws IOException {
        Properties operator = new Properties();
        operator.setProperty(name, value);
        return config(operator, new Properties(), Map.of());
    }

    /** The two settings still being tuned are compared with the file; their form is {@code <n>MB}. */
    private static long megabytes(String value) {
        assertTrue(value.endsWith("MB"), value);
        return Long.parseLong(value.substring(0, value.length() - 2)) << 20;
    }

    @Test
    void shippedDefaults() throws IOException {
        ServiceConfig c = config(new Properties(), new Properties(), Map.of());
        assertEquals(Path.of("var/datasets").toAbsolutePath().normalize(), c.storageDir());
        assertEquals(c.storageDir().resolveSibling("cache"), c.cacheDir());
        assertNull(c.cacheConfig());
        assertEquals("token", c.authMode());
        assertEquals(20L << 30, c.maxUploadBytes());
        assertEquals(16, c.maxConcurrentUploads());
        assertEquals(Integer.parseInt(shipped().getProperty("ingest.threads")), c.ingestThreads(), "tuned per machine");
        assertTrue(c.ingestThreads() >= 1);
        assertEquals(10_000, c.maxColumns());
        assertEquals(8 << 20, c.maxFieldBytes());
        assertEquals(16 << 20, c.maxRecordBytes());
        assertEquals(65_536, c.chunkRows());
        assertEquals(4 << 20, c.chunkBytes());
        assertEquals(megabytes(shipped().getProperty("sniff.max.bytes")), c.sniffMaxBytes(), "as shipped");
        assertTrue(c.keepSource());
        assertEquals(List.of("NA", "N/A", "NULL", "null", "NaN"), c.nullValues());
        assertEquals(10_000, c.maxRecordedRejects());
        assertEquals(Duration.ofMinutes(5), c.uploadIdleTimeout());
        assertEquals(Duration.ofSeconds(10), c.shutdownGrace());
        assertEquals(1024, c.uploadMinBytesPerSecond());
        assertEquals(100, c.defaultPageSize());
        assertEquals(1000, c.maxPageSize());
        assertEquals(10_000, c.maxSampleRows());
    }

    @Test
    void shippedDefaultsOnTheClasspathMatchTheConfFile() throws IOException {
        Properties fromClasspath = new Properties();
        try (InputStream in = ServiceConfig.class.getResourceAsStream("/defaults/data-service.properties")) {
            assertTrue(in != null, "the defaults are packaged under /defaults");
            fromClasspath.load(in);
        }
        assertEquals(shipped(), fromClasspath);
    }

    @Test
    void environmentBeatsSystemPropertyBeatsOperatorFileBeatsDefaults() throws IOException {
        Properties operator = new Properties();
        Properties system = new Properties();
        operator.setProperty("page.size.default", "10");
        operator.setProperty("page.size.max", "20");
        operator.setProperty("chunk.rows", "30");
        system.setProperty("data.page.size.default", "11");
        system.setProperty("data.page.size.max", "21");
        Map<String, String> env = Map.of("DATA_PAGE_SIZE_DEFAULT", " 12 ", "DATA_MAX_UPLOAD_BYTES", "1GB",
                "DATA_STORAGE_DIR", "/srv/data");
        ServiceConfig c = config(operator, system, env);
        assertEquals(12, c.defaultPageSize());
        assertEquals(21, c.maxPageSize());
        assertEquals(30, c.chunkRows());
        assertEquals(1L << 30, c.maxUploadBytes());
        assertEquals(Path.of("/srv/data"), c.storageDir());
        assertEquals(Path.of("/srv/cache"), c.cacheDir());
        assertEquals(10_000, c.maxColumns(), "untouched settings keep their defaults");
    }

    @Test
    void overrideNames() {
        assertEquals("DATA_STORAGE_DIR", ConfigSource.environmentName("storage.dir"));
        assertEquals("DATA_MAX_UPLOAD_BYTES", ConfigSource.environmentName("max.upload.bytes"));
        assertEquals("DATA_A_B_C", ConfigSource.environmentName("a.b-c"));
        assertEquals("data.storage.dir", ConfigSource.systemPropertyName("storage.dir"));
    }

    @Test
    void sizeSuffixes() throws IOException {
        assertEquals(512L << 10, withOperator("max.upload.bytes", "512KB").maxUploadBytes());
        assertEquals(64L << 20, withOperator("max.upload.bytes", "64mb").maxUploadBytes());
        assertEquals(2L << 30, withOperator("max.upload.bytes", "2 GB").maxUploadBytes());
        assertEquals(3L << 40, withOperator("max.upload.bytes", "3TB").maxUploadBytes());
        assertEquals(1_000_000, withOperator("max.upload.bytes", "1_000_000").maxUploadBytes());
        assertEquals(10, withOperator("max.upload.bytes", "10B").maxUploadBytes());
        assertEquals(4096, withOperator("chunk.bytes", "4KB").chunkBytes());
    }

    @Test
    void otherValueForms() throws IOException {
        assertEquals(false, withOperator("keep.source", "off").keepSource());
        assertEquals(true, withOperator("keep.source", "YES").keepSource());
        assertEquals("token", withOperator("auth.mode", "Token").authMode());
        assertEquals(List.of("x", "y z"), withOperator("null.values", " x , ,y z,").nullValues());
        assertEquals(List.of(), withOperator("null.values", "").nullValues());
        assertEquals(Path.of("/tmp/c").toAbsolutePath(), withOperator("cache.dir", "/tmp/c").cacheDir());
    }

    @Test
    void invalidValuesNameTheSetting() {
        String[][] cases = {
            {"chunk.rows", "abc"},
            {"chunk.rows", "8"},
            {"ingest.threads", "0"},
            {"max.upload.bytes", "12XB"},
            {"max.upload.bytes", "0"},
            {"max.upload.bytes", "99999999TB"},
            {"max.field.bytes", "100"},
            {"max.record.bytes", "4GB"},
            {"keep.source", "maybe"},
            {"auth.mode", "ldap"},
            {"storage.dir", ""},
            {"upload.idle.timeout.ms", "5"},
            {"page.size.max", "1.5"},
            {"ui.token.url", "javascript:alert(1)"},
            {"ui.token.url", "/token/ x"},
            {"ui.token.url", "/a\"b"},
        };
        for (String[] bad : cases) {
            ConfigException e = assertThrows(ConfigException.class, () -> withOperator(bad[0], bad[1]),
                    bad[0] + "=" + bad[1]);
            assertTrue(e.getMessage().contains("'" + bad[0] + "'"), e.getMessage());
        }
    }

    @Test
    void uiTokenUrlIsOptionalAndTakesAPathOrAnHttpUrl() throws IOException {
        assertNull(config(new Properties(), new Properties(), Map.of()).uiTokenUrl());
        assertEquals("/dataexplorer/token/", withOperator("ui.token.url", " /dataexplorer/token/ ").uiTokenUrl());
        assertEquals("https://example.org/token/?scope=read",
                withOperator("ui.token.url", "https://example.org/token/?scope=read").uiTokenUrl());
        ServiceConfig fromEnv = config(new Properties(), new Properties(), Map.of("DATA_UI_TOKEN_URL", "../token/"));
        assertEquals("../token/", fromEnv.uiTokenUrl());
    }

    @Test
    void missingRequiredSettingNamesItAndItsOverrides() throws IOException {
        Properties defaults = shipped();
        defaults.remove("chunk.rows");
        ConfigException e = assertThrows(ConfigException.class, () -> ServiceConfig.from(
                new ConfigSource(defaults, new Properties(), new Properties(), Map.of())));
        assertTrue(e.getMessage().contains("'chunk.rows'"), e.getMessage());
        assertTrue(e.getMessage().contains("DATA_CHUNK_ROWS"), e.getMessage());
        assertTrue(e.getMessage().contains("data.chunk.rows"), e.getMessage());
    }

    @Test
    void loadReadsTheShippedDefaults() {
        ConfigSource source = ConfigSource.load(ServiceConfig.class.getResource("/defaults/data-service.properties"));
        assertTrue(source.get("chunk.rows") != null, "the defaults were read");
        assertNull(ConfigSource.load(null).get("no.such.setting"));
    }
}
