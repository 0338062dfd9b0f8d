package org.dataexplorer.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ingest benchmark (not a test): generates the taxi-like CSV, starts the WAR in a server process
 * with a small heap, uploads the file over HTTP, polls until the dataset is ready and reports wall
 * time, MB/s, rows/s and the server's peak RSS; then loads the same file into DuckDB in this process
 * and prints DuckDB's time and the ratio. Run through {@code bench/ingest.sh} (see the README).
 *
 * <p>Options: {@code --size 1GB} (also MB, GB; default 1GB), {@code --runs 3}, {@code --seed 42},
 * {@code --data-dir bench/data}, {@code --war target/data.war}, {@code --xmx 256m}, {@code --port 8099},
 * {@code --server-cp <classpath>} (required), {@code --no-duckdb}, {@code --warmup 256MB} (a smaller file uploaded
 * first into each fresh server, {@code --warmup-uploads} times (default 4), timed apart, so that the figures are of a
 * server past its JIT warm-up; 0: none), {@code --storage-dir} (where each server keeps its datasets, spool and
 * cache; the data dir unless given), {@code --server-opt <jvm option>} (repeatable: more options for the server JVM, e.g.
 * to record it with JFR).
 */
public final class IngestBenchmark {

    private static final Pattern ROWS = Pattern.compile("\"rowCount\"\\s*:\\s*(\\d+)");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"(\\w+)\"");

    private IngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long size = 1L << 30;
        int runs = 3;
        long seed = 42;
        Path dataDir = Path.of("bench/data");
        Path war = Path.of("target/data.war");
        String xmx = "256m";
        int port = 8099;
        String serverCp = null;
        boolean duckdb = true;
        long warmup = 256L << 20;
        int warmupUploads = 4;
        Path storageDir = null;
        List<String> serverOpts = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--size" -> size = parseSize(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--data-dir" -> dataDir = Path.of(args[++i]);
                case "--war" -> war = Path.of(args[++i]);
                case "--xmx" -> xmx = args[++i];
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--server-cp" -> serverCp = args[++i];
                case "--no-duckdb" -> duckdb = false;
                case "--warmup" -> warmup = parseSize(args[++i]);
                case "--warmup-uploads" -> warmupUploads = Integer.parseInt(args[++i]);
                case "--storage-dir" -> storageDir = Path.of(args[++i]);
                case "--server-opt" -> serverOpts.add(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (serverCp == null) {
            throw new IllegalArgumentException("--server-cp is required");
        }
        Files.createDirectories(dataDir);
        Path csv = dataDir.resolve("taxi-" + size + "-" + seed + ".csv");
        if (!Files.exists(csv) || Files.size(csv) < size) {
            long t0 = System.nanoTime();
            Path tmp = dataDir.resolve(csv.getFileName() + ".tmp");
            long rows = TaxiCsv.write(tmp, size, seed);
            Files.move(tmp, csv, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            System.out.printf(Locale.ROOT, "generated %s: %d rows in %.1f s%n", csv, rows, secondsSince(t0));
        }
        Path warmupCsv = null;
        if (warmup > 0 && warmupUploads > 0) {
            warmupCsv = dataDir.resolve("taxi-" + warmup + "-" + (seed + 1) + ".csv");
            if (!Files.exists(warmupCsv) || Files.size(warmupCsv) < warmup) {
                Path tmp = dataDir.resolve(warmupCsv.getFileName() + ".tmp");
                TaxiCsv.write(tmp, warmup, seed + 1);
                Files.move(tmp, warmupCsv, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        long bytes = Files.size(csv);
        double mb = bytes / 1e6;
        System.out.printf(Locale.ROOT, "file %s: %.1f MB; server -Xmx%s; %d cores%n", csv, mb, xmx,
                Runtime.getRuntime().availableProcessors());

        List<double[]> ours = new ArrayList<>();
        List<Double> duck = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            double[] result = runServer(csv, warmupCsv, warmupUploads, war, xmx, port, serverCp, serverOpts,
                    (storageDir != null ? storageDir : dataDir).resolve("server-" + run));
            ours.add(result);
            if (warmupCsv != null) {
                System.out.printf(Locale.ROOT, "run %d  warm-up: %d uploads of %.1f MB just after the server started, the "
                        + "first %.2f s, the last %.2f s (%.0f MB/s; not in the figures below)%n", run, warmupUploads,
                        Files.size(warmupCsv) / 1e6, result[3], result[4], Files.size(warmupCsv) / 1e6 / result[4]);
            }
            System.out.printf(Locale.ROOT, "run %d  data-service: %.2f s, %.0f MB/s, %.0f rows/s, %d rows, "
                    + "peak RSS %.0f MB (the body was sent in %.2f s; CPU: server %.2f s of which system %.2f s, client %.2f s)%n",
                    run, result[0], mb / result[0], result[1] / result[0], (long) result[1], result[2] / 1024, result[5],
                    result[6], result[8], result[7]);
            if (duckdb) {
                double seconds = duckDb(csv);
                duck.add(seconds);
                System.out.printf(Locale.ROOT, "run %d  duckdb:       %.2f s, %.0f MB/s; ratio us/duckdb %.2f%n", run,
                        seconds, mb / seconds, result[0] / seconds);
            }
        }
        double[] times = ours.stream().mapToDouble(r -> r[0]).toArray();
        double[] rss = ours.stream().mapToDouble(r -> r[2] / 1024).toArray();
        System.out.println("summary (min / median / max over " + runs + " runs)");
        System.out.println("  data-service seconds: " + stats(times));
        System.out.println("  data-service MB/s:    " + stats(Arrays.stream(times).map(t -> mb / t).toArray()));
        System.out.println("  peak RSS MB:          " + stats(rss));
        if (duckdb) {
            double[] d = duck.stream().mapToDouble(Double::doubleValue).toArray();
            double[] ratio = new double[d.length];
            for (int i = 0; i < d.length; i++) {
                ratio[i] = times[i] / d[i];
            }
            System.out.println("  duckdb seconds:       " + stats(d));
            System.out.println("  ratio us/duckdb:      " + stats(ratio));
        }
    }

    /**
     * Starts a fresh server, uploads the warm-up file (when not null) {@code warmups} times, waiting for each, then
     * uploads the file and polls until ready; returns {seconds, rows, peak RSS kB, first and last warm-up seconds, seconds until
     * the body was sent, server and client CPU seconds of the timed upload, the server's system CPU seconds of it}.
     */
    private static double[] runServer(Path csv, Path warmupCsv, int warmups, Path war, String xmx, int port, String serverCp,
                                      List<String> serverOpts, Path storage) throws Exception {
        deleteTree(storage);
        Files.createDirectories(storage);
        List<String> command = new ArrayList<>(List.of("java", "-Xmx" + xmx,
                "-Ddata.storage.dir=" + storage.resolve("datasets").toAbsolutePath(),
                "-Ddata.cache.dir=" + storage.resolve("cache").toAbsolutePath(),
                "-Ddata.max.upload.bytes=1TB", "-Ddata.auth.mode=none",
                "-Djava.io.tmpdir=" + storage.toAbsolutePath()));
        command.addAll(serverOpts);
        command.addAll(List.of("-cp", serverCp, BenchServer.class.getName(), war.toAbsolutePath().toString(),
                Integer.toString(port)));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.redirectErrorStream(true);
        builder.redirectOutput(storage.resolve("server.log").toFile());
        Process server = builder.start();
        try {
            String base = "http://127.0.0.1:" + port + "/data";
            waitForHealth(base, server);
            double firstWarmup = Double.NaN;
            double lastWarmup = Double.NaN;
            for (int w = 0; warmupCsv != null && w < warmups; w++) {
                long warmupStarted = System.nanoTime();
                awaitReady(base, upload(base, warmupCsv));
                lastWarmup = secondsSince(warmupStarted);
                firstWarmup = w == 0 ? lastWarmup : firstWarmup;
            }
            double serverCpu = cpuSeconds(server.pid());
            double serverSystemCpu = systemCpuSeconds(server.pid());
            double clientCpu = cpuSeconds(ProcessHandle.current().pid());
            long started = System.nanoTime();
            String location = upload(base, csv);
            double sent = secondsSince(started);
            String summary = awaitReady(base, location);
            double seconds = secondsSince(started);
            serverCpu = cpuSeconds(server.pid()) - serverCpu;
            serverSystemCpu = systemCpuSeconds(server.pid()) - serverSystemCpu;
            clientCpu = cpuSeconds(ProcessHandle.current().pid()) - clientCpu;
            Matcher rows = ROWS.matcher(summary);
            long rowCount = rows.find() ? Long.parseLong(rows.group(1)) : -1;
            return new double[] {seconds, rowCount, peakRssKb(server.pid()), firstWarmup, lastWarmup, sent, serverCpu,
                clientCpu, serverSystemCpu};
        } finally {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
            deleteTree(storage);
        }
    }

    /** Polls the dataset at {@code location} until it is no longer ingesting; returns its summary (ready). */
    private static String awaitReady(String base, String location) throws Exception {
        String summary;
        while (true) {
            summary = get(base + location.substring(location.indexOf("/api/")));
            Matcher status = STATUS.matcher(summary);
            if (status.find() && !status.group(1).equals("ingesting")) {
                break;
            }
            Thread.sleep(20);
        }
        if (!summary.contains("\"status\":\"ready\"")) {
            throw new IllegalStateException("the upload did not become ready: " + summary);
        }
        return summary;
    }

    static void waitForHealth(String base, Process server) throws Exception {
        for (int i = 0; i < 600; i++) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the server exited with " + server.exitValue());
            }
            try {
                if (get(base + "/api/health").contains("ok")) {
                    return;
                }
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the server did not start");
    }

    /** Streams the file as the request body (fixed length, 1 MB writes); returns the Location path. */
    static String upload(String base, Path csv) throws IOException {
        HttpURLConnection http = (HttpURLConnection) URI.create(base + "/api/datasets?name=bench&wait=false")
                .toURL().openConnection();
        http.setRequestMethod("POST");
        http.setDoOutput(true);
        http.setRequestProperty("Content-Type", "text/csv");
        http.setFixedLengthStreamingMode(Files.size(csv));
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(csv); OutputStream out = http.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
            }
        }
        int code = http.getResponseCode();
        if (code != 201 && code != 202 && code != 200) {
            throw new IOException("upload answered " + code);
        }
        String location = http.getHeaderField("Location");
        http.getInputStream().readAllBytes();
        return location;
    }

    static String get(String url) throws IOException {
        HttpURLConnection http = (HttpURLConnection) URI.create(url).toURL().openConnection();
        http.setConnectTimeout(2000);
        try (InputStream in = http.getResponseCode() < 400 ? http.getInputStream() : http.getErrorStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** User plus system CPU seconds the process has used so far (from /proc/[pid]/stat). */
    static double cpuSeconds(long pid) throws IOException {
        long[] ticks = cpuTicks(pid);
        return (ticks[0] + ticks[1]) / 100.0; // clock ticks, USER_HZ = 100
    }

    /**
     * System CPU seconds the process has used so far: on a VM whose guest memory the host reclaims, writing the spool
     * and the chunks into new page-cache pages costs more here than parsing does.
     */
    static double systemCpuSeconds(long pid) throws IOException {
        return cpuTicks(pid)[1] / 100.0;
    }

    /** {user, system} clock ticks from /proc/[pid]/stat. */
    private static long[] cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])};
    }

    static double peakRssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Double.parseDouble(line.replaceAll("[^0-9]", ""));
            }
        }
        return Double.NaN;
    }

    private static double duckDb(Path csv) throws Exception {
        Class.forName("org.duckdb.DuckDBDriver");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement()) {
            long started = System.nanoTime();
            statement.execute("CREATE TABLE t AS SELECT * FROM read_csv('" + csv.toAbsolutePath() + "')");
            double seconds = secondsSince(started);
            try (ResultSet count = statement.executeQuery("SELECT count(*) FROM t")) {
                count.next();
                if (count.getLong(1) <= 0) {
                    throw new IllegalStateException("DuckDB loaded no rows");
                }
            }
            return seconds;
        }
    }

    private static String stats(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        return String.format(Locale.ROOT, "%.2f / %.2f / %.2f", sorted[0], median, sorted[sorted.length - 1]);
    }

    static long parseSize(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("GB")) {
            unit = 1L << 30;
        } else if (t.endsWith("MB")) {
            unit = 1L << 20;
        } else if (t.endsWith("KB")) {
            unit = 1L << 10;
        }
        return Long.parseLong(t.replaceAll("[A-Z]", "")) * unit;
    }

    private static double secondsSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
