package org.dataexplorer.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.dataexplorer.testing.Prerequisite;

/**
 * The built {@code target/data.war} as a real server process ({@link LoopbackJetty}) configured through the
 * environment, as an operator would: {@code DATA_AUTH_MODE=token}, a service secret and a JWT secret, its
 * own storage under {@code target/<dir>}. Output goes to {@code server.log} there.
 */
final class ServiceProcess implements AutoCloseable {

    static final Path WAR = Path.of(System.getProperty("data.war", "target/data.war")).toAbsolutePath();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    final Path base;
    final int port;
    final String serviceSecret;
    final String jwtSecret;
    /** PKCS#8 PEM of the RSA key whose public half is the service's {@code DATA_JWT_PUBLIC_KEY} (RS256). */
    final String jwtPrivateKeyPem;
    private final Process process;

    private ServiceProcess(Path base, int port, String serviceSecret, String jwtSecret, String jwtPrivateKeyPem,
            Process process) {
        this.base = base;
        this.port = port;
        this.serviceSecret = serviceSecret;
        this.jwtSecret = jwtSecret;
        this.jwtPrivateKeyPem = jwtPrivateKeyPem;
        this.process = process;
    }

    /** Starts the service in token mode (service secret, HS256 secret and RS256 public key) and waits for
     * {@code /data/api/health}; {@code settings} are more {@code DATA_*} environment variables. */
    static ServiceProcess start(Path base, Map<String, String> settings) throws IOException, InterruptedException {
        KeyPair rsa = rsaKeyPair();
        Files.createDirectories(base);
        int port = freePort();
        String serviceSecret = "it-service-secret-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
        String jwtSecret = "it-jwt-secret-0123456789abcdef-" + Long.toHexString(System.nanoTime());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx384m",
                "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Djava.io.tmpdir=" + base,
                "-cp", System.getProperty("java.class.path"), LoopbackJetty.class.getName(),
                WAR.toString(), String.valueOf(port)));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(base.resolve("server.log").toFile()));
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(name -> name.startsWith("DATA_"));
        env.put("DATA_AUTH_MODE", "token");
        env.put("DATA_SERVICE_SECRET", serviceSecret);
        env.put("DATA_JWT_SECRET", jwtSecret);
        env.put("DATA_JWT_PUBLIC_KEY", pem("PUBLIC KEY", rsa.getPublic().getEncoded()));
        env.put("DATA_STORAGE_DIR", base.resolve("datasets").toString());
        env.put("DATA_CACHE_DIR", base.resolve("cache").toString());
        env.putAll(settings);
        ServiceProcess service = new ServiceProcess(base, port, serviceSecret, jwtSecret,
                pem("PRIVATE KEY", rsa.getPrivate().getEncoded()), pb.start());
        service.awaitHealth();
        return service;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + "/data/" + path);
    }

    String log() throws IOException {
        Path log = base.resolve("server.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no log)";
    }

    private void awaitHealth() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("the data service exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                HttpResponse<Void> health = http.send(HttpRequest.newBuilder(uri("api/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        close();
        fail("the data service did not answer /data/api/health within " + START_TIMEOUT + ":\n" + log());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A fresh directory under target/. */
    static Path fresh(String name) throws IOException {
        Path dir = WAR.getParent().resolve(name).resolve(Long.toString(System.currentTimeMillis(), 36));
        Files.createDirectories(dir);
        return dir;
    }

    /** Skips the test with {@code reason} printed, or fails it when {@code CI=true}. */
    static void require(boolean present, String test, String reason) {
        Prerequisite.require(present, test, reason);
    }
}
