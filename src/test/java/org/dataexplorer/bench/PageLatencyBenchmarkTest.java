package org.dataexplorer.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's own parts (not its figures): the CSV it uploads, its percentiles and its two load loops. */
class PageLatencyBenchmarkTest {

    @Test
    void writesExactlyTheRequestedRowsOfTheSameGenerator(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("taxi.csv");
        TaxiCsv.writeRows(file, 1234, 42);
        byte[] written = Files.readAllBytes(file);
        assertArrayEquals(TaxiCsv.rows(1234, 42), written);
        long lines = new String(written, StandardCharsets.UTF_8).chars().filter(c -> c == '\n').count();
        assertEquals(1235, lines);
    }

    @Test
    void percentilesAreNearestRank() {
        long[] nanos = LongStream.rangeClosed(1, 200).map(i -> (201 - i) * 1_000_000).toArray();
        PageLatencyBenchmark.Sample sample = PageLatencyBenchmark.Sample.of(nanos, 200, 3, 2.0);
        assertEquals(100.0, sample.percentileMs(50));
        assertEquals(190.0, sample.percentileMs(95));
        assertEquals(198.0, sample.percentileMs(99));
        assertEquals(200.0, sample.maxMs());
        assertEquals(100.0, sample.perSecond());
        assertEquals(3, sample.errors());
    }

    @Test
    void bothLoopsSendEveryRequestAndCountFailures() throws Exception {
        AtomicInteger served = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        server.setExecutor(threads);
        byte[] page = "{\"rows\":[]}".getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            served.incrementAndGet();
            boolean ok = !exchange.getRequestURI().getPath().equals("/missing");
            exchange.sendResponseHeaders(ok ? 200 : 404, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        server.start();
        try {
            HttpClient client = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.getAddress().getPort();

            PageLatencyBenchmark.Sample paced = PageLatencyBenchmark.paced(client, URI.create(base + "/page"), 100, 1);
            assertEquals(100, paced.nanos().length);
            assertEquals(0, paced.errors());
            assertEquals(100, served.get());
            assertTrue(paced.nanos()[0] > 0);

            PageLatencyBenchmark.Sample missing = PageLatencyBenchmark.paced(client, URI.create(base + "/missing"),
                    50, 1);
            assertEquals(0, missing.nanos().length);
            assertEquals(50, missing.errors());

            served.set(0);
            PageLatencyBenchmark.Sample closed = PageLatencyBenchmark.closedLoop(client, URI.create(base + "/page"),
                    3, 1);
            assertTrue(closed.nanos().length > 0);
            assertEquals(0, closed.errors());
            assertEquals(served.get(), closed.nanos().length);
        } finally {
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
