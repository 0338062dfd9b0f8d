package org.dataexplorer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.dataexplorer.testing.Prerequisite;

import org.junit.jupiter.api.Test;

/**
 * auth.mode=none is for one machine: in a server process (BenchServer's Jetty) listening on every interface the
 * service refuses to start, with one SEVERE line naming {@code auth.none.allow.remote}; with that setting it starts
 * and answers on the machine's other address too. (Every other development-mode test runs on 127.0.0.1.)
 */
class DevModeLoopbackIT {

    private static final Duration START = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void developmentModeOnEveryInterfaceRefusesToStart() throws Exception {
        Path work = fresh("refused");
        Path log = work.resolve("server.log");
        try (ServerProcess server = ServerProcess.launch(work.resolve("datasets"), work.resolve("cache"), log, "256m",
                Map.of("auth.mode", "none"), "0.0.0.0")) {
            Poll.until(START, "the refusal in " + log, () -> lines(log).stream()
                    .anyMatch(l -> l.contains("The data service cannot start")), found -> found);
            List<String> refusals = lines(log).stream().filter(l -> l.contains("SEVERE")
                    && l.contains("The data service cannot start")).toList();
            assertEquals(1, refusals.size(), "one SEVERE line: " + refusals);
            String line = refusals.get(0);
            assertTrue(line.contains("auth.none.allow.remote=true") && line.contains(":" + server.port() + " (Jetty ServerConnector)")
                    && line.contains("127.0.0.1"), line);
            // The server runs, the web application does not: nothing under /data answers.
            int status = Poll.until(START, "Jetty answers /data/api/health", () -> status(server, "127.0.0.1"),
                    s -> s > 0);
            assertNotEquals(200, status, "the service must not answer");
            assertEquals(status, status(server, "127.0.0.1", "api/datasets"));
            assertTrue(lines(log).stream().noneMatch(l -> l.contains("Data service started")), "the service never started");
        }
    }

    @Test
    void allowRemoteLetsItStartOnEveryInterface() throws Exception {
        Path work = fresh("allowed");
        Path log = work.resolve("server.log");
        try (ServerProcess server = ServerProcess.launch(work.resolve("datasets"), work.resolve("cache"), log, "256m",
                Map.of("auth.mode", "none", "auth.none.allow.remote", "true"), "0.0.0.0")) {
            Poll.until(START, "the server answers /data/api/health (log: " + log + ")", server::healthy, ok -> ok);
            assertEquals(200, status(server, "127.0.0.1", "api/datasets"));
            assertTrue(lines(log).stream().noneMatch(l -> l.contains("cannot start")), log.toString());
            InetAddress external = reachableExternalAddress(server.port());
            assertEquals(200, status(server, external.getHostAddress(), "api/datasets"),
                    "answered on " + external.getHostAddress());
        }
    }

    private static int status(ServerProcess server, String host) {
        try {
            return status(server, host, "api/health");
        } catch (IOException notYet) {
            return -1;
        }
    }

    private static int status(ServerProcess server, String host, String path) throws IOException {
        URI uri = URI.create("http://" + host + ":" + server.port() + "/data/" + path);
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> lines(Path log) {
        try {
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path fresh(String name) throws IOException {
        Path dir = Path.of("target", "it-dev-loopback", name + "-" + Long.toString(System.currentTimeMillis(), 36))
                .toAbsolutePath();
        Files.createDirectories(dir);
        return dir;
    }

    /** This machine's non-loopback IPv4 address, if it can connect to itself there; else skipped (CI=true: failed). */
    private static InetAddress reachableExternalAddress(int port) throws SocketException {
        Optional<InetAddress> external = externalAddress();
        if (external.isEmpty()) {
            skip("no non-loopback IPv4 address on this machine");
        }
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(external.get(), port), 10_000);
        } catch (IOException unreachable) {
            skip("this machine cannot connect to its own address " + external.get().getHostAddress() + " (" + unreachable + ")");
        }
        return external.get();
    }

    private static void skip(String reason) {
        Prerequisite.missing("DevModeLoopbackIT", reason);
    }

    private static Optional<InetAddress> externalAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }
}
