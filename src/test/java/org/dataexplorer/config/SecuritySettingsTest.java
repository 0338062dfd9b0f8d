package org.dataexplorer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.dataexplorer.security.SecuritySettings;
import org.dataexplorer.security.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The security settings as an operator gives them (environment names as in the issue). */
class SecuritySettingsTest {

    @TempDir
    Path dir;

    private static SecuritySettings withEnv(Map<String, String> env) throws IOException {
        Properties shipped = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("conf", "data-service.properties"))) {
            shipped.load(in);
        }
        return ServiceConfig.from(new ConfigSource(shipped, new Properties(), new Properties(), env)).security();
    }

    @Test
    void tokenModeNeedsACredential() {
        ConfigException e = assertThrows(ConfigException.class, () -> withEnv(Map.of()));
        assertTrue(e.getMessage().contains("DATA_SERVICE_SECRET"), e.getMessage());
    }

    @Test
    void issueEnvironmentNames() throws IOException {
        SecuritySettings s = withEnv(Map.of("DATA_AUTH_MODE", "token", "DATA_SERVICE_SECRET", "s3cret-s3cret-s3cret",
                "DATA_JWT_SECRET", TestTokens.HMAC_SECRET, "DATA_JWT_CLOCK_SKEW_SECONDS", "5",
                "DATA_TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.1"));
        assertTrue(s.tokenMode());
        assertEquals("s3cret-s3cret-s3cret", s.serviceSecret());
        assertEquals(TestTokens.HMAC_SECRET, s.jwtSecret());
        assertEquals(5, s.clockSkewSeconds());
        assertEquals(List.of("10.0.0.0/8", "192.168.1.1"), s.trustedProxies());
        assertEquals(64L * 1024 * 1024 * 1024 * 100 / 64, s.userQuotaBytes(), "100GB");
        assertEquals("none", withEnv(Map.of("DATA_AUTH_MODE", "none")).authMode(), "none needs nothing");
    }

    @Test
    void publicKeyAsTextOrFile() throws IOException {
        String pem = TestTokens.pem(TestTokens.rsaKeys());
        assertEquals(pem.strip(), withEnv(Map.of("DATA_JWT_PUBLIC_KEY", pem)).jwtPublicKey());
        Path file = Files.writeString(dir.resolve("key.pem"), pem);
        assertEquals(pem.strip(), withEnv(Map.of("DATA_JWT_PUBLIC_KEY", file.toString())).jwtPublicKey());
    }

    @Test
    void badValuesNameTheSetting() {
        for (Map<String, String> bad : List.of(
                Map.of("DATA_SERVICE_SECRET", "short"),
                Map.of("DATA_JWT_SECRET", "too-short-for-hs256"),
                Map.of("DATA_JWT_PUBLIC_KEY", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"),
                Map.of("DATA_JWT_PUBLIC_KEY", dir.resolve("missing.pem").toString()),
                Map.of("DATA_SERVICE_SECRET", "s3cret-s3cret-s3cret", "DATA_TRUSTED_PROXIES", "proxy.example.com"),
                Map.of("DATA_SERVICE_SECRET", "s3cret-s3cret-s3cret", "DATA_RATE_USER_BURST", "0"))) {
            ConfigException e = assertThrows(ConfigException.class, () -> withEnv(bad), bad.toString());
            String setting = bad.keySet().stream().filter(k -> !k.equals("DATA_SERVICE_SECRET") || bad.size() == 1)
                    .findFirst().orElseThrow().substring(5).toLowerCase().replace('_', '.');
            assertTrue(e.getMessage().contains(setting) || e.getMessage().contains("jwt.public.key"),
                    setting + ": " + e.getMessage());
        }
    }
}
