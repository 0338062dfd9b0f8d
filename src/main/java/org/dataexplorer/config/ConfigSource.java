package org.dataexplorer.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Where a setting's raw text comes from, highest priority first: environment variable
 * ({@code DATA_} + upper-case name with dots and dashes as underscores), system property ({@code data.} + name),
 * the operator's {@code data-service.properties} (in {@code data.config.dir} / {@code DATA_CONFIG_DIR}),
 * then the defaults shipped in the WAR.
 */
public final class ConfigSource {

    private final Properties defaults;
    private final Properties operator;
    private final Properties systemProperties;
    private final Map<String, String> environment;

    ConfigSource(Properties defaults, Properties operator, Properties systemProperties, Map<String, String> environment) {
        this.defaults = defaults;
        this.operator = operator;
        this.systemProperties = systemProperties;
        this.environment = environment;
    }

    /** Reads the shipped defaults from the classpath and the operator's file from the config dir. */
    public static ConfigSource load(URL shippedDefaults) {
        Properties system = System.getProperties();
        Map<String, String> env = System.getenv();
        Properties defaults = new Properties();
        if (shippedDefaults != null) {
            try (InputStream in = shippedDefaults.openStream()) {
                defaults.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the shipped defaults " + shippedDefaults, e);
            }
        }
        Properties operator = new Properties();
        String dir = env.getOrDefault("DATA_CONFIG_DIR", system.getProperty("data.config.dir"));
        if (dir != null && !dir.isBlank()) {
            Path file = Path.of(dir, "data-service.properties");
            if (Files.isRegularFile(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    operator.load(in);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read " + file, e);
                }
            }
        }
        return new ConfigSource(defaults, operator, system, env);
    }

    public static ConfigSource of(Properties values) {
        return new ConfigSource(new Properties(), values, new Properties(), Map.of());
    }

    public static String environmentName(String name) {
        return "DATA_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public static String systemPropertyName(String name) {
        return "data." + name;
    }

    /** The effective raw value and where it came from, or null when no source sets it. */
    public String get(String name) {
        String value = environment.get(environmentName(name));
        if (value == null) {
            value = systemProperties.getProperty(systemPropertyName(name));
        }
        if (value == null) {
            value = operator.getProperty(name);
        }
        if (value == null) {
            value = defaults.getProperty(name);
        }
        return value == null ? null : value.trim();
    }

    /** The config dir the operator named, if any. */
    public Path configDir() {
        String dir = environment.getOrDefault("DATA_CONFIG_DIR", systemProperties.getProperty("data.config.dir"));
        return dir == null || dir.isBlank() ? null : Path.of(dir);
    }
}
