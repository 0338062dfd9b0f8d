package org.dataexplorer.bench;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.dataexplorer.ingest.IngestListener;
import org.dataexplorer.ingest.IngestOptions;
import org.dataexplorer.ingest.IngestService;
import org.dataexplorer.ingest.IngestSettings;
import org.dataexplorer.ingest.Upload;
import org.dataexplorer.store.ChunkCache;
import org.dataexplorer.store.DatasetManifest;
import org.dataexplorer.store.catalog.Catalog;

/**
 * Ingests a file through the engine in this JVM (no HTTP), for profiling the parser alone:
 * {@code java -cp … org.dataexplorer.bench.InProcessIngest file.csv storageDir [runs]}. Each run prints its wall
 * time and the process CPU time it took (CPU seconds per GB are the figure to compare on a busy machine).
 */
public final class InProcessIngest {

    private InProcessIngest() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Path storage = Path.of(args[1]);
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        if (!Files.exists(file)) {
            TaxiCsv.write(file, 200L << 20, 42);
        }
        int threads = Integer.getInteger("threads", 4);
        IngestSettings settings = new IngestSettings(1L << 40, 4, threads, 10_000, 8 << 20, 16 << 20, 65_536,
                4 << 20, 8 << 20, true, List.of("NA", "N/A", "NULL", "null", "NaN"), 10_000);
        Files.createDirectories(storage);
        try (Catalog catalog = new Catalog(storage, ChunkCache.disabled());
             IngestService service = new IngestService(catalog, settings, IngestListener.NONE)) {
            for (int run = 0; run < runs; run++) {
                long started = System.nanoTime();
                long cpuStarted = processCpuNanos();
                Map<String, long[]> threadsStarted = threadCpuTicks();
                Upload upload = service.begin(IngestOptions.defaults("bench"), null);
                byte[] buffer = new byte[64 * 1024];
                try (InputStream in = Files.newInputStream(file)) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        upload.write(buffer, 0, n);
                    }
                }
                upload.endOfInput();
                DatasetManifest done = upload.result().get(1, TimeUnit.HOURS);
                double seconds = (System.nanoTime() - started) / 1e9;
                double cpuSeconds = (processCpuNanos() - cpuStarted) / 1e9;
                double mb = Files.size(file) / 1e6;
                System.out.printf("run %d: %.2f s, %.1f MB/s, CPU %.2f s (%.2f CPU s/GB), %d rows, %d chunks of %.1f MB, types %s%n",
                        run, seconds, mb / seconds, cpuSeconds, cpuSeconds / (mb / 1000), done.rowCount(),
                        done.chunks().size(), done.sizeBytes() / 1e6,
                        done.columns().stream().map(c -> c.name() + ":" + c.type().jsonName()).toList());
                System.out.println("       CPU s by thread (user + system): " + threadCpuSince(threadsStarted));
                catalog.delete(UUID.fromString(done.id()));
            }
        }
    }

    /** User and system clock ticks per thread group (from /proc; empty where there is none). */
    private static Map<String, long[]> threadCpuTicks() {
        Map<String, long[]> ticks = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long[] sum = ticks.computeIfAbsent(group(name), k -> new long[2]);
                sum[0] += Long.parseLong(fields[11]);
                sum[1] += Long.parseLong(fields[12]);
            }
        } catch (IOException noProc) {
            return ticks;
        }
        return ticks;
    }

    private static String group(String thread) {
        if (thread.startsWith("GC Thread") || thread.startsWith("G1 ")) {
            return "gc";
        }
        if (thread.startsWith("C1 Compiler") || thread.startsWith("C2 Compiler")) {
            return "jit";
        }
        if (thread.startsWith("ingest-worker")) {
            return "workers";
        }
        if (thread.startsWith("ingest-")) {
            return "parser";
        }
        return thread.equals("main") || thread.equals("java") ? "main" : "other";
    }

    private static String threadCpuSince(Map<String, long[]> before) {
        StringBuilder out = new StringBuilder();
        threadCpuTicks().forEach((group, now) -> {
            long[] then = before.getOrDefault(group, new long[2]);
            out.append(String.format(Locale.ROOT, "%s %.2f + %.2f  ", group, (now[0] - then[0]) / 100.0,
                    (now[1] - then[1]) / 100.0));
        });
        return out.toString().trim();
    }

    /** CPU time of the whole process (all threads, GC and JIT included): far less sensitive to other load than wall time. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
