package org.dataexplorer.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.dataexplorer.security.SecuritySettings;
import org.dataexplorer.security.TokenVerifier;
import org.dataexplorer.security.TrustedProxies;

/**
 * Every setting of the service, validated once and immutable. The names, defaults and meaning are
 * listed in {@code conf/data-service.properties} and the README.
 */
public record ServiceConfig(
        Path storageDir,
        Path cacheDir,
        Path cacheConfig,
        String authMode,
        long maxUploadBytes,
        int maxConcurrentUploads,
        int ingestThreads,
        int maxColumns,
        int maxFieldBytes,
        int maxRecordBytes,
        int chunkRows,
        int chunkBytes,
        int sniffMaxBytes,
        boolean keepSource,
        List<String> nullValues,
        int maxRecordedRejects,
        Duration uploadIdleTimeout,
        long uploadMinBytesPerSecond,
        Duration ingestYieldToReads,
        Duration shutdownGrace,
        int defaultPageSize,
        int maxPageSize,
        int maxSampleRows,
        long queryTimeoutMs,
        long queryMemoryBytes,
        int queryTopKMax,
        int queryMaxGroups,
        Path querySpillDir,
        long querySpillKeepBytes,
        long queryCacheEntryMaxBytes,
        long queryDecodedCacheBytes,
        long gwMaxRows,
        int statsDistinctExactMax,
        long readyMinFreeBytes,
        String metricsToken,
        boolean readOnly,
        String uiTokenUrl,
        SecuritySettings security) {

    public static ServiceConfig from(ConfigSource source) {
        Reader r = new Reader(source);
        Path storage = r.path("storage.dir");
        Path cache = r.optionalPath("cache.dir");
        return new ServiceConfig(
                storage,
                cache != null ? cache : storage.resolveSibling("cache"),
                r.optionalPath("cache.config"),
                r.oneOf("auth.mode", "none", "token"),
                r.bytes("max.upload.bytes", 1, Long.MAX_VALUE),
                (int) r.number("max.concurrent.uploads", 1, 10_000),
                (int) r.number("ingest.threads", 1, 256),
                (int) r.number("max.columns", 1, 1_000_000),
                (int) r.bytes("max.field.bytes", 1024, Integer.MAX_VALUE / 4),
                (int) r.bytes("max.record.bytes", 1024, Integer.MAX_VALUE / 4),
                (int) r.number("chunk.rows", 16, 1 << 24),
                (int) r.bytes("chunk.bytes", 4096, 1 << 30),
                (int) r.bytes("sniff.max.bytes", 4096, 1 << 30),
                r.bool("keep.source"),
                r.list("null.values"),
                (int) r.number("rejects.max.recorded", 0, 10_000_000),
                Duration.ofMillis(r.number("upload.idle.timeout.ms", 1000, Long.MAX_VALUE)),
                r.bytes("upload.min.bytes.per.second", 0, Long.MAX_VALUE),
                Duration.ofMillis(r.number("ingest.yield.to.reads.ms", 0, 10_000)),
                Duration.ofMillis(r.number("shutdown.grace.ms", 0, 3_600_000)),
                (int) r.number("page.size.default", 1, 1_000_000),
                (int) r.number("page.size.max", 1, 1_000_000),
                (int) r.number("sample.rows.max", 1, 10_000_000),
                r.number("query.timeout.ms", 1, Long.MAX_VALUE / 1_000_000),
                r.bytes("query.memory.bytes", 1 << 20, Long.MAX_VALUE),
                (int) r.number("query.topk.max", 1, 10_000_000),
                (int) r.number("query.groups.max", 1, 100_000_000),
                spill(r, storage),
                r.bytes("query.spill.keep.bytes", 0, Long.MAX_VALUE),
                r.bytes("query.cache.entry.max.bytes", 0, Integer.MAX_VALUE - 64),
                r.bytes("query.decoded.cache.bytes", 0, Long.MAX_VALUE),
                r.number("gw.max.rows", 1, Integer.MAX_VALUE),
                (int) r.number("stats.distinct.exact.max", 0, 10_000_000),
                r.bytes("ready.min.free.bytes", 0, Long.MAX_VALUE),
                r.optionalText("metrics.token"),
                r.bool("read.only"),
                tokenUrl(r),
                security(r));
    }

    private static SecuritySettings security(Reader r) {
        String mode = r.oneOf("auth.mode", "none", "token");
        String serviceSecret = r.optionalText("service.secret");
        String jwtSecret = r.optionalText("jwt.secret");
        String publicKey = pem(r, r.optionalText("jwt.public.key"));
        if (serviceSecret != null && serviceSecret.length() < 16) {
            throw r.invalid("service.secret", "(" + serviceSecret.length() + " characters)", "at least 16 characters long");
        }
        if (jwtSecret != null && jwtSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
            throw r.invalid("jwt.secret", "(too short)", "at least 32 bytes long (HS256 needs a 256-bit key)");
        }
        if ("token".equals(mode) && serviceSecret == null && jwtSecret == null && publicKey == null) {
            throw new ConfigException("auth.mode=token needs at least one of service.secret (DATA_SERVICE_SECRET), "
                    + "jwt.secret (DATA_JWT_SECRET) or jwt.public.key (DATA_JWT_PUBLIC_KEY)");
        }
        if (publicKey != null) {
            try {
                TokenVerifier.parseRsaPublicKey(publicKey);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("Setting 'jwt.public.key' is not usable: " + e.getMessage());
            }
        }
        List<String> proxies = r.list("trusted.proxies");
        try {
            TrustedProxies.parse(proxies);
        } catch (IllegalArgumentException e) {
            throw r.invalid("trusted.proxies", String.join(",", proxies), "a comma list of IP addresses or CIDR blocks ("
                    + e.getMessage() + ")");
        }
        return new SecuritySettings(mode, r.bool("auth.none.allow.remote"), serviceSecret, jwtSecret, publicKey,
                r.number("jwt.clock.skew.seconds", 0, 3600),
                r.optionalText("jwt.issuer"), r.optionalText("jwt.audience"),
                (int) r.number("max.concurrent.uploads.per.user", 1, 10_000),
                (int) r.number("rate.user.per.second", 0, 1_000_000),
                (int) r.number("rate.user.burst", 1, 10_000_000),
                (int) r.number("rate.address.per.second", 0, 1_000_000),
                (int) r.number("rate.address.burst", 1, 10_000_000),
                (int) r.number("rate.max.keys", 16, 10_000_000),
                r.bytes("quota.user.bytes", 0, Long.MAX_VALUE),
                proxies,
                r.bytes("json.max.bytes", 1024, 1L << 30),
                (int) r.number("json.max.depth", 2, 10_000));
    }

    /** The PEM text itself, or the content of the file it names. */
    private static String pem(Reader r, String value) {
        if (value == null || value.startsWith("-----BEGIN")) {
            return value;
        }
        try {
            return java.nio.file.Files.readString(Path.of(value)).strip();
        } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
            throw r.invalid("jwt.public.key", value, "PEM text (-----BEGIN PUBLIC KEY-----...) or a readable PEM file (" + e + ")");
        }
    }

    /**
     * Where the explorer page gets a browser JWT in token mode: a path on the page's origin (the page's
     * Content-Security-Policy allows no other), or an http(s) URL.
     */
    private static String tokenUrl(Reader r) {
        String value = r.optionalText("ui.token.url");
        if (value == null) {
            return null;
        }
        String expected = "a path such as /dataexplorer/token/ or an http(s) URL, without spaces or quotes";
        if (value.chars().anyMatch(c -> c <= ' ' || c == '"' || c == '\\' || c >= 0x7f)) {
            throw r.invalid("ui.token.url", value, expected);
        }
        try {
            java.net.URI uri = new java.net.URI(value);
            String scheme = uri.getScheme();
            if (scheme != null && !scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
                throw r.invalid("ui.token.url", value, expected);
            }
        } catch (java.net.URISyntaxException e) {
            throw r.invalid("ui.token.url", value, expected);
        }
        return value;
    }

    private static Path spill(Reader r, Path storage) {
        Path spill = r.optionalPath("query.spill.dir");
        return spill != null ? spill : storage.resolveSibling("spill");
    }

    private record Reader(ConfigSource source) {

        String raw(String name) {
            String value = source.get(name);
            if (value == null) {
                throw new ConfigException("Setting '" + name + "' has no value (set it in data-service.properties, -D"
                        + ConfigSource.systemPropertyName(name) + " or " + ConfigSource.environmentName(name) + ")");
            }
            return value;
        }

        ConfigException invalid(String name, String value, String expected) {
            return new ConfigException("Setting '" + name + "' = '" + value + "' is not " + expected);
        }

        Path path(String name) {
            String value = raw(name);
            if (value.isEmpty()) {
                throw invalid(name, value, "a path");
            }
            return Path.of(value).toAbsolutePath().normalize();
        }

        String optionalText(String name) {
            String value = source.get(name);
            return value == null || value.isBlank() ? null : value.strip();
        }

        Path optionalPath(String name) {
            String value = source.get(name);
            return value == null || value.isEmpty() ? null : Path.of(value).toAbsolutePath().normalize();
        }

        long number(String name, long min, long max) {
            String value = raw(name);
            try {
                long n = Long.parseLong(value.replace("_", ""));
                if (n < min || n > max) {
                    throw invalid(name, value, "between " + min + " and " + max);
                }
                return n;
            } catch (NumberFormatException e) {
                throw invalid(name, value, "a whole number");
            }
        }

        /** Accepts plain bytes or a KB/MB/GB/TB (binary) suffix, e.g. {@code 64MB}. */
        long bytes(String name, long min, long max) {
            String value = raw(name);
            String text = value.toUpperCase(Locale.ROOT).replace("_", "").replace(" ", "");
            long unit = 1;
            for (String[] suffix : new String[][] {{"TB", "40"}, {"GB", "30"}, {"MB", "20"}, {"KB", "10"}, {"B", "0"}}) {
                if (text.endsWith(suffix[0])) {
                    unit = 1L << Integer.parseInt(suffix[1]);
                    text = text.substring(0, text.length() - suffix[0].length());
                    break;
                }
            }
            try {
                long n = Math.multiplyExact(Long.parseLong(text), unit);
                if (n < min || n > max) {
                    throw invalid(name, value, "between " + min + " and " + max + " bytes");
                }
                return n;
            } catch (NumberFormatException | ArithmeticException e) {
                throw invalid(name, value, "a size such as 1048576, 512KB, 64MB or 10GB");
            }
        }

        boolean bool(String name) {
            String value = raw(name).toLowerCase(Locale.ROOT);
            return switch (value) {
                case "true", "yes", "on", "1" -> true;
                case "false", "no", "off", "0" -> false;
                default -> throw invalid(name, value, "true or false");
            };
        }

        String oneOf(String name, String... allowed) {
            String value = raw(name).toLowerCase(Locale.ROOT);
            if (!Arrays.asList(allowed).contains(value)) {
                throw invalid(name, value, "one of " + String.join(", ", allowed));
            }
            return value;
        }

        List<String> list(String name) {
            String value = source.get(name);
            if (value == null || value.isEmpty()) {
                return List.of();
            }
            return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
    }
}
