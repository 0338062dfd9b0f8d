package org.dataexplorer.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The HTTP page-latency benchmark (not a test) of the query issue: starts the built WAR in its own Jetty 12
 * process ({@link BenchServer}), uploads a deterministic taxi-like CSV of {@code --rows} rows ({@link TaxiCsv},
 * cached under {@code --data-dir}), waits until it is ready, then for pages of 100 rows at offsets 0, rows/2
 * and rows − rows/100 (0, 5M and 9.9M for 10M rows) measures
 * <ol>
 *   <li>a paced open loop at {@code --rate} requests/s: every request has a scheduled send time and its
 *       latency runs from that time, not from when it was actually sent, so a stall is charged to every
 *       request it delays (no coordinated omission); sent asynchronously through one {@link HttpClient};</li>
 *   <li>{@code --clients} closed-loop clients (each sends its next request when the previous one answered);</li>
 * </ol>
 * and, in the same run, against {@link FixedPageServer}, the same Jetty with the same heap answering a fixed
 * page of the same bytes (the floor of this machine and load generator), started beside the service: its
 * closed loop runs right before each offset's, so that each ratio compares two neighbouring phases, and one
 * paced phase at the end. It prints p50/p95/p99/max, the achieved rate or throughput, each offset's closed-loop
 * p99 over its floor's (target ≤ 1.5×), the paced p99 (target ≤ 10 ms), and the CPU time the idle server used
 * while the other was measured.
 * Every phase stops by itself after {@code --duration} seconds; everything is on the loopback.
 * Run with {@code bench/http-pages.sh} (see the README).
 *
 * <p>Options: {@code --rows 10000000}, {@code --duration 10} (seconds per phase), {@code --warmup 20} (seconds
 * of closed-loop warm-up per page and server before anything is measured: with less, the page measured first
 * is still visibly slower on 2 cores), {@code --rate 1000}, {@code --clients 50}, {@code --seed 42},
 * {@code --data-dir bench/data}, {@code --war target/data.war}, {@code --xmx 1g} (both servers),
 * {@code --port 8099}, {@code --fixed-port 8098}, {@code --server-cp <classpath>} (required).
 */
public final class PageLatencyBenchmark {

    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"(\\w+)\"");
    private static final Pattern ROWS = Pattern.compile("\"rowCount\"\\s*:\\s*(\\d+)");
    private static final int PAGE = 100;
    private static final double P99_TARGET_MS = 10;
    private static final double RATIO_TARGET = 1.5;
    /** How long the requests still in flight at the end of a phase may take before they count as errors. */
    private static final Duration DRAIN = Duration.ofSeconds(30);
    /**
     * At most this many paced requests in flight (each holds a connection): bounds sockets if the server falls
     * behind. A request that waits for a slot is late, and its latency still counts from its scheduled time.
     */
    private static final int MAX_IN_FLIGHT = 512;

    private PageLatencyBenchmark() {
    }

    /** Latencies in nanoseconds of the successful requests, errors, and the phase's wall time. */
    record Sample(long[] nanos, int errors, double seconds) {

        double percentileMs(double p) {
            if (nanos.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(p * nanos.length / 100);
            return nanos[Math.max(0, Math.min(nanos.length - 1, rank - 1))] / 1e6;
        }

        double maxMs() {
            return nanos.length == 0 ? Double.NaN : nanos[nanos.length - 1] / 1e6;
        }

        double perSecond() {
            return nanos.length / seconds;
        }

        static Sample of(long[] nanos, int count, int errors, double seconds) {
            long[] sorted = Arrays.copyOf(nanos, count);
            Arrays.sort(sorted);
            return new Sample(sorted, errors, seconds);
        }
    }

    public static void main(String[] args) throws Exception {
        long rows = 10_000_000;
        int duration = 10;
        int warmup = 20;
        int rate = 1000;
        int clients = 50;
        long seed = 42;
        Path dataDir = Path.of("bench/data");
        Path war = Path.of("target/data.war");
        String xmx = "1g";
        int port = 8099;
        int fixedPort = 8098;
        String serverCp = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Long.parseLong(args[++i].replace("_", ""));
                case "--duration" -> duration = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--rate" -> rate = Integer.parseInt(args[++i]);
                case "--clients" -> clients = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--data-dir" -> dataDir = Path.of(args[++i]);
                case "--war" -> war = Path.of(args[++i]);
                case "--xmx" -> xmx = args[++i];
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--fixed-port" -> fixedPort = Integer.parseInt(args[++i]);
                case "--server-cp" -> serverCp = args[++i];
                case "--server-opts" -> serverOpts = List.of(args[++i].strip().split("\\s+"));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (serverCp == null) {
            throw new IllegalArgumentException("--server-cp is required");
        }
        if (rows < 100 || duration < 1 || warmup < 0 || rate < 1 || clients < 1) {
            throw new IllegalArgumentException("need --rows ≥ 100, --duration ≥ 1, --warmup ≥ 0, --rate ≥ 1, "
                    + "--clients ≥ 1");
        }
        Path csv = csvFile(dataDir, rows, seed);
        System.out.printf(Locale.ROOT, "file %s: %d rows, %.0f MB; servers -Xmx%s; %d cores; %d s per phase, "
                        + "%d s warm-up%n", csv, rows, Files.size(csv) / 1e6, xmx,
                Runtime.getRuntime().availableProcessors(), duration, warmup);

        long[] offsets = {0, rows / 2, rows - rows / 100};
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Path work = dataDir.resolve("pages-server");
        IngestBenchmark.deleteTree(work);
        Files.createDirectories(work);
        try {
            Path pageFile = work.resolve("page.json");
            Sample[] paced = new Sample[offsets.length];
            Sample[] closed = new Sample[offsets.length];
            Sample[] floors = new Sample[offsets.length];
            Sample fixedPaced;
            long[] idleCpuMs = new long[2];
            Process server = start(serverCp, xmx, work.resolve("server.log"),
                    List.of("-Ddata.storage.dir=" + work.resolve("datasets").toAbsolutePath(),
                            "-Ddata.cache.dir=" + work.resolve("cache").toAbsolutePath(),
                            "-Ddata.max.upload.bytes=1TB", "-Ddata.auth.mode=none",
                            "-Djava.io.tmpdir=" + work.toAbsolutePath()),
                    BenchServer.class, war.toAbsolutePath().toString(), Integer.toString(port));
            Process floor = null;
            try {
                String base = "http://127.0.0.1:" + port + "/data";
                IngestBenchmark.waitForHealth(base, server);
                long started = System.nanoTime();
                String location = IngestBenchmark.upload(base, csv);
                long ready = awaitReady(base + location.substring(location.indexOf("/api/")));
                System.out.printf(Locale.ROOT, "uploaded and ingested over HTTP: %d rows in %.1f s%n", ready,
                        (System.nanoTime() - started) / 1e9);
                if (ready != rows) {
                    throw new IllegalStateException("the dataset has " + ready + " rows, expected " + rows);
                }
                String path = "/data/data/" + location.substring(location.lastIndexOf('/') + 1);
                URI[] uris = new URI[offsets.length];
                for (int i = 0; i < offsets.length; i++) {
                    uris[i] = URI.create("http://127.0.0.1:" + port + path + "?offset=" + offsets[i]
                            + "&limit=" + PAGE);
                }
                HttpResponse<byte[]> sample = client.send(HttpRequest.newBuilder(uris[1]).build(),
                        BodyHandlers.ofByteArray());
                if (sample.statusCode() != 200) {
                    throw new IllegalStateException("GET " + uris[1] + " answered " + sample.statusCode() + ": "
                            + new String(sample.body(), java.nio.charset.StandardCharsets.UTF_8));
                }
                byte[] page = sample.body();
                Files.write(pageFile, page);
                System.out.printf(Locale.ROOT, "page of %d rows: %d bytes (offset %d); GET %s?offset=O&limit=%d%n%n",
                        PAGE, page.length, offsets[1], path, PAGE);

                floor = start(serverCp, xmx, work.resolve("fixed.log"), List.of(), FixedPageServer.class,
                        Integer.toString(fixedPort), pageFile.toAbsolutePath().toString());
                URI fixed = URI.create("http://127.0.0.1:" + fixedPort + path + "?offset=" + offsets[1]
                        + "&limit=" + PAGE);
                waitForOk(client, fixed, floor);
                for (URI uri : uris) {
                    closedLoop(client, uri, clients, warmup);
                }
                closedLoop(client, fixed, clients, warmup);
                // The floor is measured next to each offset, so that a machine that drifts (another tenant, the
                // page cache, thermal limits) moves both sides of a ratio alike; the server not being measured
                // sits idle, and its CPU time during the other's phases is printed to show it.
                for (int i = 0; i < offsets.length; i++) {
                    paced[i] = paced(client, uris[i], rate, duration);
                    long floorIdle = cpuMillis(server);
                    floors[i] = closedLoop(client, fixed, clients, duration);
                    idleCpuMs[0] = Math.max(idleCpuMs[0], cpuMillis(server) - floorIdle);
                    long serviceIdle = cpuMillis(floor);
                    closed[i] = closedLoop(client, uris[i], clients, duration);
                    idleCpuMs[1] = Math.max(idleCpuMs[1], cpuMillis(floor) - serviceIdle);
                }
                fixedPaced = paced(client, fixed, rate, duration);
            } finally {
                stop(server);
                if (floor != null) {
                    stop(floor);
                }
            }
            report(offsets, rate, clients, duration, paced, closed, fixedPaced, floors);
            boolean failed = fixedPaced.errors() > 0 || Stream.of(paced, closed, floors).flatMap(Arrays::stream)
                    .anyMatch(phase -> phase.errors() > 0);
            if (failed) {
                Path kept = dataDir.resolve("pages-logs-" + System.currentTimeMillis());
                Files.createDirectories(kept);
                for (String log : List.of("server.log", "fixed.log")) {
                    Files.move(work.resolve(log), kept.resolve(log));
                }
                System.out.println("requests failed: the servers' logs are kept in " + kept);
            }
            System.out.printf(Locale.ROOT, "%nCPU time of the idle server during the other's closed-loop phase (at "
                    + "most): data service %d ms, fixed-page server %d ms (of %d s)%n", idleCpuMs[0], idleCpuMs[1],
                    duration);
        } finally {
            IngestBenchmark.deleteTree(work);
        }
    }

    /** User plus system CPU time of a process so far in ms (-1 where the platform does not tell). */
    static long cpuMillis(Process process) {
        return process.info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
    }

    private static void report(long[] offsets, int rate, int clients, int duration, Sample[] paced,
                               Sample[] closed, Sample fixedPaced, Sample[] floors) {
        System.out.printf(Locale.ROOT, "paced open loop: %d requests/s for %d s, latency from each request's "
                + "scheduled send time (ms)%n", rate, duration);
        System.out.printf(Locale.ROOT, "%-12s %8s %8s %8s %8s %11s %7s   %s%n", "offset", "p50", "p95", "p99", "max",
                "achieved/s", "errors", "p99 ≤ " + fmt(P99_TARGET_MS) + " ms");
        for (int i = 0; i < offsets.length; i++) {
            Sample s = paced[i];
            System.out.printf(Locale.ROOT, "%-12d %8.2f %8.2f %8.2f %8.2f %11.1f %7d   %s%n", offsets[i],
                    s.percentileMs(50), s.percentileMs(95), s.percentileMs(99), s.maxMs(), s.perSecond(), s.errors(),
                    s.percentileMs(99) <= P99_TARGET_MS ? "met" : "MISSED");
        }
        System.out.printf(Locale.ROOT, "%-12s %8.2f %8.2f %8.2f %8.2f %11.1f %7d%n", "fixed page",
                fixedPaced.percentileMs(50), fixedPaced.percentileMs(95), fixedPaced.percentileMs(99),
                fixedPaced.maxMs(), fixedPaced.perSecond(), fixedPaced.errors());
        System.out.printf(Locale.ROOT, "%nclosed loop: %d clients for %d s (ms); each offset right after its own "
                + "fixed-page floor%n", clients, duration);
        System.out.printf(Locale.ROOT, "%-26s %8s %8s %8s %8s %10s %7s   %s%n", "server / offset", "p50", "p95", "p99",
                "max", "requests/s", "errors", "p99 / floor p99 ≤ " + fmt(RATIO_TARGET) + "×");
        for (int i = 0; i < offsets.length; i++) {
            Sample f = floors[i];
            System.out.printf(Locale.ROOT, "%-26s %8.2f %8.2f %8.2f %8.2f %10.0f %7d%n", "fixed page (floor)",
                    f.percentileMs(50), f.percentileMs(95), f.percentileMs(99), f.maxMs(), f.perSecond(), f.errors());
            Sample s = closed[i];
            double ratio = s.percentileMs(99) / f.percentileMs(99);
            System.out.printf(Locale.ROOT, "%-26s %8.2f %8.2f %8.2f %8.2f %10.0f %7d   %.2f× %s%n",
                    "data service @ " + offsets[i], s.percentileMs(50), s.percentileMs(95), s.percentileMs(99),
                    s.maxMs(), s.perSecond(), s.errors(), ratio, ratio <= RATIO_TARGET ? "met" : "MISSED");
        }
    }

    /**
     * Sends {@code rate × seconds} requests, the i-th at {@code start + i / rate}, without waiting for answers;
     * a request sent late (the sender was descheduled, or {@link #MAX_IN_FLIGHT} were outstanding) is still
     * timed from its scheduled time.
     */
    static Sample paced(HttpClient client, URI uri, int rate, int seconds) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(DRAIN).build();
        int count = Math.multiplyExact(rate, seconds);
        long[] latencies = new long[count];
        Arrays.fill(latencies, -1);
        CompletableFuture<?>[] answers = new CompletableFuture<?>[count];
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        long start = System.nanoTime() + 10_000_000;
        for (int i = 0; i < count; i++) {
            long scheduled = start + (long) (i * 1e9 / rate);
            waitUntil(scheduled);
            inFlight.acquire();
            int index = i;
            answers[i] = client.sendAsync(request, BodyHandlers.ofByteArray()).thenAccept(response -> {
                long now = System.nanoTime();
                if (response.statusCode() == 200 && response.body().length > 0) {
                    latencies[index] = now - scheduled;
                }
            }).whenComplete((ignored, failure) -> inFlight.release());
        }
        try {
            CompletableFuture.allOf(answers).get(DRAIN.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException failed) {
            // counted below: a failed or unanswered request has no latency
        }
        long last = start;
        int ok = 0;
        long[] done = new long[count];
        for (int i = 0; i < count; i++) {
            if (answers[i].isDone() && !answers[i].isCompletedExceptionally() && latencies[i] >= 0) {
                done[ok++] = latencies[i];
                last = Math.max(last, start + (long) (i * 1e9 / rate) + latencies[i]);
            }
        }
        return Sample.of(done, ok, count - ok, (last - start) / 1e9);
    }

    /** {@code clients} threads each send a request, wait for its answer and send the next, for {@code seconds}. */
    static Sample closedLoop(HttpClient client, URI uri, int clients, int seconds) throws Exception {
        if (seconds == 0) {
            return Sample.of(new long[0], 0, 0, 1);
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(DRAIN).build();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger errors = new AtomicInteger();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        try {
            List<Future<long[]>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                results.add(pool.submit(() -> {
                    long[] own = new long[1024];
                    int n = 0;
                    long now = System.nanoTime();
                    while (now < end) {
                        long sent = now;
                        try {
                            HttpResponse<byte[]> response = client.send(request, BodyHandlers.ofByteArray());
                            now = System.nanoTime();
                            if (response.statusCode() != 200 || response.body().length == 0) {
                                errors.incrementAndGet();
                                continue;
                            }
                        } catch (IOException failed) {
                            now = System.nanoTime();
                            errors.incrementAndGet();
                            System.out.printf(Locale.ROOT, "%s: %s after %.1f s (sent at %s)%n", uri, failed,
                                    (now - sent) / 1e9, Instant.now().minusNanos(now - sent));
                            continue;
                        }
                        if (n == own.length) {
                            own = Arrays.copyOf(own, n * 2);
                        }
                        own[n++] = now - sent;
                    }
                    return Arrays.copyOf(own, n);
                }));
            }
            long[] all = new long[0];
            for (Future<long[]> result : results) {
                long[] own = result.get(seconds + DRAIN.toSeconds(), TimeUnit.SECONDS);
                int at = all.length;
                all = Arrays.copyOf(all, at + own.length);
                System.arraycopy(own, 0, all, at, own.length);
            }
            return Sample.of(all, all.length, errors.get(), (System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Parks until shortly before {@code deadline}, then spins: parking alone oversleeps by ~50-100 µs. */
    private static void waitUntil(long deadline) {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            if (left > 200_000) {
                LockSupport.parkNanos(left - 100_000);
            } else {
                Thread.onSpinWait();
            }
        }
    }

    private static Path csvFile(Path dataDir, long rows, long seed) throws IOException {
        Files.createDirectories(dataDir);
        Path csv = dataDir.resolve("taxi-rows-" + rows + "-" + seed + ".csv");
        if (!Files.exists(csv)) {
            long t = System.nanoTime();
            Path tmp = dataDir.resolve(csv.getFileName() + ".tmp");
            TaxiCsv.writeRows(tmp, rows, seed);
            Files.move(tmp, csv, StandardCopyOption.REPLACE_EXISTING);
            System.out.printf(Locale.ROOT, "generated %s in %.1f s%n", csv, (System.nanoTime() - t) / 1e9);
        }
        return csv;
    }

    /** Extra JVM options for both servers ({@code --server-opts "-XX:..."}), e.g. a profiler's. */
    private static List<String> serverOpts = List.of();

    private static Process start(String classpath, String xmx, Path log, List<String> properties, Class<?> main,
                                 String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("java", "-Xmx" + xmx));
        command.addAll(serverOpts);
        command.addAll(properties);
        command.addAll(List.of("-cp", classpath, main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.redirectErrorStream(true);
        builder.redirectOutput(log.toFile());
        return builder.start();
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** Polls the dataset summary until it is no longer ingesting (at most an hour); returns its row count. */
    private static long awaitReady(String summaryUrl) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.HOURS.toNanos(1);
        while (System.nanoTime() < deadline) {
            String summary = IngestBenchmark.get(summaryUrl);
            Matcher status = STATUS.matcher(summary);
            if (status.find() && !status.group(1).equals("ingesting")) {
                if (!status.group(1).equals("ready")) {
                    throw new IllegalStateException("the upload did not become ready: " + summary);
                }
                Matcher rows = ROWS.matcher(summary);
                return rows.find() ? Long.parseLong(rows.group(1)) : -1;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the upload was not ready within an hour");
    }

    private static void waitForOk(HttpClient client, URI uri, Process server) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build();
        for (int i = 0; i < 600; i++) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the server exited with " + server.exitValue());
            }
            try {
                if (client.send(request, BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the server did not start");
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
