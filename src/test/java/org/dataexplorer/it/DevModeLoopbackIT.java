package org.dataexplorer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * auth.mode=none only answers on loopback addresses: a server process bound to every interface (BenchServer)
 * answers 127.0.0.1 and refuses (503) a request that arrives on the machine's other address.
 */
class DevModeLoopbackIT {

    @Test
    void developmentModeRefusesNonLoopbackRequests() throws Exception {
        Optional<InetAddress> external = externalAddress();
        if (external.isEmpty()) {
            String reason = "no non-loopback IPv4 address on this machine";
            System.out.println("DevModeLoopbackIT skipped: " + reason);
            Assumptions.assumeTrue(false, reason);
        }
        Path work = Path.of("target", "it-dev-loopback").toAbsolutePath();
        try (ServerProcess server = ServerProcess.start(work.resolve("datasets"), work.resolve("cache"),
                work.resolve("server.log"), "256m", Map.of("auth.mode", "none"))) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            URI local = URI.create("http://127.0.0.1:" + server.port() + "/data/api/datasets");
            assertEquals(200, http.send(HttpRequest.newBuilder(local).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode());
            URI remote = URI.create("http://" + external.get().getHostAddress() + ":" + server.port() + "/data/api/datasets");
            try (java.net.Socket probe = new java.net.Socket()) {
                probe.connect(new java.net.InetSocketAddress(external.get(), server.port()), 10_000);
            } catch (java.io.IOException unreachable) {
                // A sandbox whose firewall drops even its own address: nothing the service can show here.
                String reason = "this machine cannot connect to its own address " + external.get().getHostAddress()
                        + " (" + unreachable + ")";
                System.out.println("DevModeLoopbackIT skipped: " + reason);
                Assumptions.abort(reason);
            }
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(remote).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("auth.mode=none"), refused.body());
            assertEquals("nosniff", refused.headers().firstValue("X-Content-Type-Options").orElse(null));
        }
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
