package org.dataexplorer.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A load and soak test of a real server process (not part of {@code mvn verify}): {@code bench/soak.sh}.
 * It starts the built WAR in Jetty ({@link BenchServer}) with a small heap, then {@code --clients}
 * threads mix uploads, pages (sorted and filtered), group-by queries, statistics, facets, exports and
 * deletes for {@code --duration} seconds, all on the loopback, and stops by itself. Every
 * {@code --sample} seconds it records the server's RSS, heap (jstat) and open file descriptors. At the
 * end it deletes everything, and checks that no file is left in the storage or spill folders.
 *
 * <p>Verdicts (exit code 1 when one fails): no 5xx answer; the descriptor count of the last quarter of
 * the run within 16 of the first quarter's; RSS of the last quarter within 25% of the first; old-generation
 * heap after the run's last full collection not above the first quarter's maximum by more than 25%;
 * no leftover or temporary file. Expected answers under races (404/409 for a dataset deleted by another
 * client, 429 when too many uploads run) are counted, not errors.
 */
public final class SoakBenchmark {

    /** Distinct upload files of the load test (the uploads take them in turn). */
    private static final int UPLOAD_FILES = 4;

    private final Map<String, String> options;
    /**
     * One keep-alive connection per load thread, as every person has a browser of their own, with blocking I/O on
     * that thread ({@link LoopbackHttp}): the generator shares the machine with the server, so the less it costs,
     * the more what it measures is the server. (With a java.net.http client per thread, the generator's 220
     * selector threads, copies and CSV generation took so much of the two cores that page reads the server
     * answered in 9 ms at p95 took 187 ms at p95 as the readers saw them.)
     */
    private final ThreadLocal<LoopbackHttp> clients = new ThreadLocal<>();
    private final List<LoopbackHttp> allClients = new CopyOnWriteArrayList<>();
    /** Where the server log stood when measuring began (the load test's page reads are read from there on). */
    private volatile long serverLogMark;
    private Path serverLog;
    private final List<String> datasets = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final List<Double> pageMillis = Collections.synchronizedList(new ArrayList<>());
    private final List<String> serverErrors = new CopyOnWriteArrayList<>();
    private URI base;
    /** Whether page latencies are recorded (not during the load test's warm-up). */
    private volatile boolean measuring = true;

    private SoakBenchmark(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = defaults();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        System.exit(new SoakBenchmark(options).run() ? 0 : 1);
    }

    public static Map<String, String> defaults() {
        Map<String, String> options = new TreeMap<>(Map.of("--duration", "300", "--clients", "12", "--xmx", "192m",
                "--upload-rows", "60000", "--sample", "5", "--war", "target/data.war", "--max-datasets", "12"));
        options.putAll(Map.of("--mode", "soak", "--uploaders", "20", "--upload-mb", "100", "--readers", "200",
                "--rss-bound", "1024", "--think-ms", "0",
                "--warmup", "15"));
        return options;
    }

    /** Runs with the given options (see {@link #defaults()}); true when every verdict passed. */
    public static boolean run(Map<String, String> options) throws Exception {
        return new SoakBenchmark(options).run();
    }

    private boolean loadMode() {
        return "load".equals(options.get("--mode"));
    }

    private int intOption(String name) {
        return Integer.parseInt(options.get(name));
    }

    private boolean run() throws Exception {
        Path work = Path.of("target", "soak", Instant.now().toString().replace(':', '-')).toAbsolutePath();
        Path storage = work.resolve("datasets");
        Path spill = work.resolve("spill");
        Files.createDirectories(storage);
        int port = options.containsKey("--port") ? intOption("--port") : freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + options.get("--xmx"),
                // As the README recommends for deployments: ingest threads below request threads.
                "-XX:ThreadPriorityPolicy=1", "-XX:JavaPriority1_To_OSPriority=19",
                "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "-Ddata.storage.dir=" + storage, "-Ddata.cache.dir=" + work.resolve("cache"),
                "-Ddata.query.spill.dir=" + spill, "-Ddata.ready.min.free.bytes=0",
                // Development mode on the loopback (conf/ ships auth.mode=token).
                "-Ddata.auth.mode=none",
                // The load comes from one address and user: the abuse limits would only measure themselves.
                "-Ddata.rate.address.per.second=0", "-Ddata.rate.user.per.second=0",
                "-Ddata.max.concurrent.uploads.per.user=64",
                "-Ddata.max.concurrent.uploads=" + Math.max(16, intOption("--uploaders") + 4),
                "-Djava.io.tmpdir=" + work, "-cp", options.getOrDefault("--server-cp", System.getProperty("java.class.path")),
                BenchServer.class.getName(), Path.of(options.get("--war")).toAbsolutePath().toString(),
                String.valueOf(port)));
        String serverOpts = options.getOrDefault("--server-opts", "").strip();
        if (!serverOpts.isEmpty()) {
            command.addAll(1, List.of(serverOpts.split("\\s+")));
        }
        int serverNice = Integer.parseInt(options.getOrDefault("--server-nice", loadMode() ? "10" : "0"));
        if (serverNice != 0) {
            // The load generator shares the two cores with the server; below the generator's priority, the server
            // still gets every cycle the generator does not need, and the readers' clocks stop when the answer is
            // there, not when their thread next gets a core (as if the people had machines of their own).
            command.addAll(0, List.of("nice", "-n", String.valueOf(serverNice)));
        }
        serverLog = work.resolve("server.log");
        Process server = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(serverLog.toFile()).start();
        base = URI.create("http://127.0.0.1:" + port + "/data/");
        try {
            awaitHealthy(server);
            if (loadMode()) {
                System.out.printf("load: %s uploads of %s MB at once and %s readers (think time %s ms), against pid %d "
                        + "(heap %s); log %s%n", options.get("--uploaders"), options.get("--upload-mb"),
                        options.get("--readers"), options.get("--think-ms"), server.pid(), options.get("--xmx"),
                        work.resolve("server.log"));
            } else {
                System.out.printf("soak: %s clients for %s s against pid %d (heap %s), uploads of %s rows; log %s%n",
                        options.get("--clients"), options.get("--duration"), server.pid(), options.get("--xmx"),
                        options.get("--upload-rows"), work.resolve("server.log"));
            }
            for (int i = 0; i < 3; i++) {
                upload(new Random(i));
            }
            List<Sample> samples = loadMode() ? uploadsAndReaders(server.pid()) : load(server.pid());
            for (String id : List.copyOf(datasets)) {
                send("DELETE", "api/datasets/" + id, null, "delete");
            }
            Thread.sleep(2000);
            Sample end = Sample.of(server.pid(), -1);
            return report(samples, end, storage, spill);
        } finally {
            allClients.forEach(LoopbackHttp::close);
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private List<Sample> load(long pid) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(intOption("--duration"));
        int clients = intOption("--clients");
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            Random random = new Random(1000L + c);
            pool.execute(() -> {
                while (System.nanoTime() < end) {
                    try {
                        step(random);
                    } catch (IOException | UncheckedIOException e) {
                        count("client I/O error");
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            });
        }
        pool.shutdown();
        List<Sample> samples = new ArrayList<>();
        long started = System.nanoTime();
        while (!pool.awaitTermination(intOption("--sample"), TimeUnit.SECONDS)) {
            Sample s = Sample.of(pid, (System.nanoTime() - started) / 1e9);
            samples.add(s);
            System.out.printf("  t=%5.0fs  rss=%4d MB  heap used=%4d MB  old=%4d MB  fds=%4d  datasets=%3d  requests=%d%n",
                    s.seconds(), s.rssMb(), s.heapUsedMb(), s.oldMb(), s.fds(), datasets.size(), total());
        }
        return samples;
    }

    /**
     * The load test: {@code --uploaders} uploads of {@code --upload-mb} MB each, all at once and streamed
     * (never held in memory here), while {@code --readers} clients page, filter and aggregate the datasets
     * already there, until every upload has finished. The readers start {@code --warmup} seconds before the
     * uploads, unmeasured, so the figures are those of a warm server; each waits {@code --think-ms} (0.5 to
     * 1.5 times) between its requests. Samples the server like the soak does.
     */
    private List<Sample> uploadsAndReaders(long pid) throws InterruptedException, IOException {
        int uploaders = intOption("--uploaders");
        long bytes = Long.parseLong(options.get("--upload-mb")) << 20;
        // Written before anything is measured, so generating 2 GB of CSV does not share the cores with the server.
        List<Path> uploadFiles = new ArrayList<>();
        for (int f = 0; f < Math.min(uploaders, UPLOAD_FILES); f++) {
            Path file = serverLog.resolveSibling("upload-" + f + ".csv");
            try (InputStream csv = new GeneratedCsv(bytes, 5000L + f)) {
                Files.copy(csv, file);
            }
            uploadFiles.add(file);
        }
        List<String> readable = List.copyOf(datasets);
        AtomicBoolean uploadsDone = new AtomicBoolean();
        measuring = false;
        int readers = intOption("--readers");
        ExecutorService reads = Executors.newFixedThreadPool(readers);
        int think = intOption("--think-ms");
        for (int c = 0; c < readers; c++) {
            Random random = new Random(9000L + c);
            reads.execute(() -> {
                while (!uploadsDone.get()) {
                    try {
                        read(random, readable.get(random.nextInt(readable.size())), random.nextInt(85));
                        if (think > 0) {
                            // A person looking at what came back before the next click: 0.5 to 1.5 times --think-ms.
                            Thread.sleep(think / 2 + random.nextInt(think + 1));
                        }
                    } catch (IOException | UncheckedIOException e) {
                        count("client I/O error");
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            });
        }
        reads.shutdown();
        // The readers warm the server up (JIT, caches) before the uploads start and reads are measured.
        Thread.sleep(1000L * intOption("--warmup"));
        serverLogMark = Files.size(serverLog);
        measuring = true;
        ExecutorService uploads = Executors.newFixedThreadPool(uploaders);
        for (int u = 0; u < uploaders; u++) {
            int index = u;
            uploads.execute(() -> {
                try {
                    LoopbackHttp.Answer response = client().postFile(path("api/datasets?name=load"), "text/csv",
                            uploadFiles.get(index % uploadFiles.size()));
                    record("large upload", response.status(), response.text());
                    Matcher m = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(response.text());
                    if (response.status() == 201 && m.find()) {
                        datasets.add(m.group(1));
                    } else {
                        serverErrors.add("large upload answered " + response.status() + ": " + response.text());
                    }
                } catch (IOException | UncheckedIOException e) {
                    count("client I/O error");
                    serverErrors.add("large upload: " + e);
                }
            });
        }
        uploads.shutdown();
        Thread watcher = new Thread(() -> {
            try {
                uploads.awaitTermination(1, TimeUnit.DAYS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            uploadsDone.set(true);
        });
        watcher.setDaemon(true);
        watcher.start();
        List<Sample> samples = new ArrayList<>();
        long started = System.nanoTime();
        while (!reads.awaitTermination(intOption("--sample"), TimeUnit.SECONDS)) {
            // No jstat here: each call starts a JVM, a share of the two cores the server is measured on.
            Sample s = Sample.withoutHeap(pid, (System.nanoTime() - started) / 1e9);
            samples.add(s);
            System.out.printf("  t=%5.0fs  rss=%4d MB  fds=%4d  requests=%d%n", s.seconds(), s.rssMb(), s.fds(),
                    total());
        }
        System.out.printf("load: the uploads took %.1f s%n", (System.nanoTime() - started) / 1e9);
        for (Path file : uploadFiles) {
            Files.delete(file);
        }
        return samples;
    }

    /**
     * A CSV of the soak's shape (n, word, amount with two decimals), generated as it is read, byte by byte:
     * the generator shares the machine with the server, so it must cost little next to the ingest it feeds.
     */
    private static final class GeneratedCsv extends InputStream {
        private static final byte[][] WORDS = {bytes("alpha"), bytes("bravo"), bytes("charlie"), bytes("delta"),
            bytes("echo")};
        private final long size;
        private final Random random;
        private final byte[] line = new byte[64];
        private int lineLength;
        private int at;
        private long sent;
        private long row;

        GeneratedCsv(long size, long seed) {
            this.size = size;
            this.random = new Random(seed);
            byte[] header = bytes("n,word,amount\n");
            System.arraycopy(header, 0, line, 0, header.length);
            lineLength = header.length;
        }

        private static byte[] bytes(String s) {
            return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (sent >= size && at == lineLength) {
                return -1;
            }
            int n = 0;
            while (n < len && !(sent >= size && at == lineLength)) {
                if (at == lineLength) {
                    nextLine();
                }
                int k = Math.min(len - n, lineLength - at);
                System.arraycopy(line, at, b, off + n, k);
                at += k;
                n += k;
                sent += k;
            }
            return n;
        }

        private void nextLine() {
            int p = digits(row++, 0);
            line[p++] = ',';
            byte[] word = WORDS[random.nextInt(WORDS.length)];
            System.arraycopy(word, 0, line, p, word.length);
            p += word.length;
            line[p++] = ',';
            int cents = random.nextInt(100_000);
            p = digits(cents / 100, p);
            line[p++] = '.';
            line[p++] = (byte) ('0' + cents / 10 % 10);
            line[p++] = (byte) ('0' + cents % 10);
            line[p++] = '\n';
            lineLength = p;
            at = 0;
        }

        private int digits(long v, int p) {
            int start = p;
            do {
                line[p++] = (byte) ('0' + v % 10);
                v /= 10;
            } while (v > 0);
            for (int i = start, j = p - 1; i < j; i++, j--) {
                byte t = line[i];
                line[i] = line[j];
                line[j] = t;
            }
            return p;
        }
    }

    private void step(Random random) throws IOException, InterruptedException {
        int dice = random.nextInt(100);
        String id = datasets.isEmpty() ? null : datasets.get(random.nextInt(datasets.size()));
        if (id == null || dice < 6) {
            if (datasets.size() < intOption("--max-datasets")) {
                upload(random);
            } else {
                delete(random);
            }
        } else if (dice < 9) {
            delete(random);
        } else {
            read(random, id, dice - 9);
        }
    }

    /** One read: a page (dice under 46), a query (under 61), statistics or facets (under 76), else an export. */
    private void read(Random random, String id, int dice) throws IOException, InterruptedException {
        if (dice < 46) {
            String query = switch (random.nextInt(4)) {
                case 0 -> "?offset=" + random.nextInt(intOption("--upload-rows")) + "&limit=100";
                case 1 -> "?sort=-amount&limit=100&offset=" + random.nextInt(5000);
                case 2 -> "?word=alpha&amount__gt=" + random.nextInt(900) + "&limit=50";
                default -> "?page=" + (1 + random.nextInt(50)) + "&pageSize=100&sort=word,-n";
            };
            long t0 = System.nanoTime();
            int status = send("GET", "data/" + id + query, null, "page");
            if (status == 200) {
                if (measuring) {
                    pageMillis.add((System.nanoTime() - t0) / 1e6);
                }
            }
        } else if (dice < 61) {
            String body = random.nextBoolean()
                    ? "{\"groupBy\":[\"word\"],\"aggregates\":[{\"fn\":\"count\"},{\"column\":\"amount\",\"fn\":\"mean\"}]}"
                    : "{\"filters\":[{\"column\":\"n\",\"op\":\"lt\",\"value\":" + random.nextInt(50_000)
                    + "}],\"aggregates\":[{\"column\":\"amount\",\"fn\":\"median\"}]}";
            send("POST", "api/datasets/" + id + "/query", body, "query");
        } else if (dice < 76) {
            String route = random.nextBoolean() ? "stats/" + id : "api/datasets/" + id + "/facets/word?limit=5";
            send("GET", route, null, "stats/facets");
        } else {
            String format = random.nextBoolean() ? "csv" : "jsonl";
            LoopbackHttp.Answer response = client().getDiscarding(path("api/datasets/" + id + "/export?format=" + format));
            record("export", response.status(), "export " + id);
        }
    }

    private void upload(Random random) throws IOException, InterruptedException {
        int rows = intOption("--upload-rows");
        StringBuilder csv = new StringBuilder("n,word,amount\n");
        String[] words = {"alpha", "bravo", "charlie", "delta", "echo"};
        for (int i = 0; i < rows; i++) {
            csv.append(i).append(',').append(words[random.nextInt(words.length)]).append(',')
                    .append(random.nextInt(100_000) / 100.0).append('\n');
        }
        LoopbackHttp.Answer response = client().post(path("api/datasets?name=soak"), "text/csv",
                csv.toString().getBytes(StandardCharsets.UTF_8));
        record("upload", response.status(), response.text());
        if (response.status() == 201) {
            Matcher m = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(response.text());
            if (m.find()) {
                datasets.add(m.group(1));
            }
        }
    }

    private void delete(Random random) throws IOException, InterruptedException {
        if (datasets.size() <= 2) {
            return;
        }
        String id = datasets.remove(random.nextInt(datasets.size()));
        send("DELETE", "api/datasets/" + id, null, "delete");
    }

    /** One exchange on this thread's connection; {@code json} is a POST's body. */
    private int send(String method, String relative, String json, String kind) throws IOException {
        String path = path(relative);
        LoopbackHttp.Answer response = switch (method) {
            case "GET" -> client().get(path);
            case "DELETE" -> client().delete(path);
            default -> client().post(path, "application/json", json.getBytes(StandardCharsets.UTF_8));
        };
        record(kind, response.status(), method + " " + path + " " + response.text());
        return response.status();
    }

    /** The request target of a path relative to the service's base. */
    private String path(String relative) {
        return base.resolve(relative).getRawPath() + (base.resolve(relative).getRawQuery() == null ? ""
                : "?" + base.resolve(relative).getRawQuery());
    }

    private void record(String kind, int status, String what) {
        count(kind + " " + status);
        if (status >= 500) {
            serverErrors.add(status + " " + what.substring(0, Math.min(300, what.length())));
        }
    }

    private void count(String key) {
        counts.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }

    private long total() {
        return counts.values().stream().mapToLong(AtomicLong::get).sum();
    }

    private boolean report(List<Sample> samples, Sample end, Path storage, Path spill) throws IOException {
        System.out.println();
        System.out.println("answers:");
        new TreeMap<>(counts).forEach((k, v) -> System.out.printf("  %-24s %8d%n", k, v.get()));
        double[] pages = pageMillis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (pages.length > 0) {
            System.out.printf("page reads (ms): n=%d p50=%.1f p95=%.1f p99=%.1f max=%.1f%n", pages.length,
                    pct(pages, 50), pct(pages, 95), pct(pages, 99), pages[pages.length - 1]);
            if (loadMode()) {
                double[] own = serverPageMillis();
                if (own.length > 0) {
                    System.out.printf("page reads, the server's own time (access log, ms): n=%d p50=%.1f p95=%.1f "
                            + "p99=%.1f max=%.1f%n", own.length, pct(own, 50), pct(own, 95), pct(own, 99),
                            own[own.length - 1]);
                }
                System.out.printf("page read p99 under load: %.1f ms against a 50 ms target: %s%n", pct(pages, 99),
                        pct(pages, 99) <= 50 ? "met" : "MISSED");
            }
        }
        boolean ok = true;
        if (!serverErrors.isEmpty()) {
            ok = false;
            System.out.println("FAIL: " + serverErrors.size() + " answers were 5xx, e.g. " + serverErrors.get(0));
        }
        long peakRss = samples.stream().mapToLong(Sample::rssMb).max().orElse(0);
        if (loadMode()) {
            System.out.printf("RSS: peak %d MB against a bound of %s MB%n", peakRss, options.get("--rss-bound"));
            if (peakRss > Long.parseLong(options.get("--rss-bound"))) {
                ok = false;
                System.out.println("FAIL: RSS went over the bound");
            }
            if (counts.getOrDefault("client I/O error", new AtomicLong()).get() > 0) {
                ok = false;
                System.out.println("FAIL: client I/O errors");
            }
        } else if (samples.size() >= 4) {
            int quarter = Math.max(1, samples.size() / 4);
            List<Sample> first = samples.subList(0, quarter);
            List<Sample> last = samples.subList(samples.size() - quarter, samples.size());
            double fdsFirst = first.stream().mapToLong(Sample::fds).average().orElse(0);
            double fdsLast = last.stream().mapToLong(Sample::fds).average().orElse(0);
            double rssFirst = first.stream().mapToLong(Sample::rssMb).average().orElse(0);
            double rssLast = last.stream().mapToLong(Sample::rssMb).average().orElse(0);
            long oldFirstMax = first.stream().mapToLong(Sample::oldMb).max().orElse(0);
            long oldLastMin = last.stream().mapToLong(Sample::oldMb).min().orElse(0);
            System.out.printf("fds: first quarter %.0f, last quarter %.0f, after cleanup %d%n", fdsFirst, fdsLast, end.fds());
            System.out.printf("RSS: first quarter %.0f MB, last quarter %.0f MB, peak %d MB%n", rssFirst, rssLast,
                    samples.stream().mapToLong(Sample::rssMb).max().orElse(0));
            System.out.printf("old generation: first quarter max %d MB, last quarter min %d MB%n", oldFirstMax, oldLastMin);
            if (fdsLast > fdsFirst + 16) {
                ok = false;
                System.out.println("FAIL: file descriptors grew");
            }
            if (rssLast > rssFirst * 1.25) {
                ok = false;
                System.out.println("FAIL: RSS grew by more than 25%");
            }
            if (oldLastMin > oldFirstMax * 1.25 + 8) {
                ok = false;
                System.out.println("FAIL: the old generation grew");
            }
        }
        List<String> left = new ArrayList<>();
        for (Path dir : List.of(storage, spill)) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.filter(Files::isRegularFile).map(p -> storage.getParent().relativize(p).toString())
                            .forEach(left::add);
                }
            }
        }
        if (!left.isEmpty()) {
            ok = false;
            System.out.println("FAIL: files left after every dataset was deleted: "
                    + left.subList(0, Math.min(10, left.size())));
        } else {
            System.out.println("no file left in the storage or spill folders");
        }
        System.out.println(ok ? "SOAK PASSED" : "SOAK FAILED");
        return ok;
    }

    private LoopbackHttp client() {
        LoopbackHttp client = clients.get();
        if (client == null) {
            client = new LoopbackHttp(base, 120_000);
            clients.set(client);
            allClients.add(client);
        }
        return client;
    }

    /**
     * The server's own time for the measured page reads, from its access log ({@code kind=rows} lines written
     * since measuring began): the latency without the load generator's share of the machine.
     */
    private double[] serverPageMillis() throws IOException {
        if (serverLog == null || !Files.exists(serverLog)) {
            return new double[0];
        }
        Pattern rows = Pattern.compile("kind=rows status=200 ms=([0-9.]+)");
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(serverLog.toFile(), "r")) {
            file.seek(Math.min(serverLogMark, file.length()));
            byte[] rest = new byte[(int) Math.min(Integer.MAX_VALUE - 8, file.length() - file.getFilePointer())];
            file.readFully(rest);
            Matcher m = rows.matcher(new String(rest, java.nio.charset.StandardCharsets.UTF_8));
            List<Double> millis = new ArrayList<>();
            while (m.find()) {
                millis.add(Double.parseDouble(m.group(1)));
            }
            return millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        }
    }

    private static double pct(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
    }

    private void awaitHealthy(Process server) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the server exited with " + server.exitValue());
            }
            try {
                if (client().get(path("api/health")).status() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the server did not start");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** One reading of the server process. */
    record Sample(double seconds, long rssMb, long heapUsedMb, long oldMb, long fds) {

        static Sample of(long pid, double seconds) {
            Sample s = withoutHeap(pid, seconds);
            long[] heap = jstat(pid);
            return new Sample(seconds, s.rssMb(), heap[0], heap[1], s.fds());
        }

        /** RSS and descriptors only (heap figures -1). */
        static Sample withoutHeap(long pid, double seconds) {
            long rss = 0;
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        rss = Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                    }
                }
            } catch (IOException gone) {
                // the process ended
            }
            long fds;
            try (Stream<Path> list = Files.list(Path.of("/proc/" + pid + "/fd"))) {
                fds = list.count();
            } catch (IOException gone) {
                fds = -1;
            }
            return new Sample(seconds, rss, -1, -1, fds);
        }

        /** {used, old generation used} in MB, from {@code jstat -gc}. */
        private static long[] jstat(long pid) {
            try {
                Process p = new ProcessBuilder("jstat", "-gc", String.valueOf(pid)).redirectErrorStream(true).start();
                List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
                p.waitFor(10, TimeUnit.SECONDS);
                if (lines.size() < 2) {
                    return new long[] {-1, -1};
                }
                List<String> names = Arrays.asList(lines.get(0).trim().split("\\s+"));
                String[] values = lines.get(1).trim().split("\\s+");
                double used = 0;
                for (String column : List.of("S0U", "S1U", "EU", "OU")) {
                    used += Double.parseDouble(values[names.indexOf(column)]);
                }
                double old = Double.parseDouble(values[names.indexOf("OU")]);
                return new long[] {(long) (used / 1024), (long) (old / 1024)};
            } catch (IOException | RuntimeException e) {
                return new long[] {-1, -1};
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new long[] {-1, -1};
            }
        }
    }
}
