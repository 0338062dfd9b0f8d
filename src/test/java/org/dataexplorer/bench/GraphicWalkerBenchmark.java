package org.dataexplorer.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.dataexplorer.ingest.IngestListener;
import org.dataexplorer.ingest.IngestService;
import org.dataexplorer.ingest.IngestSettings;
import org.dataexplorer.query.DecodedCache;
import org.dataexplorer.query.DerivedCache;
import org.dataexplorer.query.QueryEngine;
import org.dataexplorer.query.QueryLimits;
import org.dataexplorer.query.agg.AggregateSpec;
import org.dataexplorer.query.agg.Aggregator;
import org.dataexplorer.query.agg.GroupKey;
import org.dataexplorer.query.agg.GroupQuery;
import org.dataexplorer.query.gw.GraphicWalkerEngine;
import org.dataexplorer.query.gw.Payload;
import org.dataexplorer.query.gw.PayloadParser;
import org.dataexplorer.store.ChunkCache;
import org.dataexplorer.store.DatasetManifest;
import org.dataexplorer.store.DatasetStatus;
import org.dataexplorer.store.catalog.Catalog;

/**
 * The Graphic Walker benchmark (not a test): Graphic Walker chart payloads against the equivalent
 * {@code POST .../query} group-by, through the same engine, reader and caches, in one JVM. The taxi-like CSV
 * ({@link TaxiCsv}, exactly {@code --rows} rows, seed 42) and the dataset ingested from it are kept in
 * {@code --dir} and reused by later runs of the same size. Prints min/median/max of {@code --runs} runs after
 * two warm-up runs, and the ratio of the medians (chart / group-by). The derived-result cache is off so every
 * run computes. Run with {@code bench/graphic-walker.sh}.
 */
public final class GraphicWalkerBenchmark {

    private GraphicWalkerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long rows = 10_000_000;
        int runs = 7;
        Path dir = Path.of("target/bench-graphic-walker");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Long.parseLong(args[++i].replace("_", ""));
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Files.createDirectories(dir);
        Path csv = dir.resolve("taxi-rows-" + rows + "-42.csv");
        if (!Files.exists(csv)) {
            long t = System.nanoTime();
            Path partial = dir.resolve(csv.getFileName() + ".partial");
            TaxiCsv.writeRows(partial, rows, 42);
            Files.move(partial, csv);
            System.out.printf("generated %s: %.0f MB in %.1f s%n", csv, Files.size(csv) / 1e6,
                    (System.nanoTime() - t) / 1e9);
        }
        Files.createDirectories(dir.resolve("store"));
        try (ChunkCache cache = ChunkCache.open(Path.of("conf/ehcache.xml").toUri().toURL(), dir.resolve("cache"));
             Catalog catalog = new Catalog(dir.resolve("store"), cache);
             IngestService ingest = new IngestService(catalog, new IngestSettings(1L << 40, 4, 2, 10_000, 8 << 20,
                     16 << 20, 65_536, 4 << 20, 8 << 20, true, List.of("NA", "NULL"), 10_000), IngestListener.NONE)) {
            long expected = rows;
            DatasetManifest m = catalog.recover().stream()
                    .filter(d -> d.status() == DatasetStatus.READY && d.rowCount() == expected).findFirst().orElse(null);
            if (m == null) {
                long t = System.nanoTime();
                m = InProcess.ingest(ingest, csv, "taxi");
                System.out.printf("ingested %,d rows in %d chunks in %.1f s%n", m.rowCount(), m.chunks().size(),
                        (System.nanoTime() - t) / 1e9);
            } else {
                System.out.printf("reusing the dataset of %,d rows in %d chunks (%s)%n", m.rowCount(),
                        m.chunks().size(), dir.resolve("store"));
            }
            // The service's default decoded-chunk cache (query.decoded.cache.bytes), capped at a quarter of the heap.
            long decodedBytes = Math.min(512L << 20, Runtime.getRuntime().maxMemory() / 4);
            QueryEngine engine = new QueryEngine(catalog, DerivedCache.disabled(), new DecodedCache(decodedBytes),
                    new QueryLimits(600_000, 1L << 30, 10_000, 1_000_000, dir.resolve("spill")));
            Aggregator aggregator = new Aggregator(engine, DerivedCache.disabled());
            GraphicWalkerEngine gw = new GraphicWalkerEngine(engine, 50_000);
            DatasetManifest dataset = m;
            System.out.printf("load average before: %s%n%n", loadAverage());

            System.out.printf("%-46s %26s %26s %8s%n", "chart (ms: min / median / max)", "graphic-walker",
                    "POST /query group-by", "ratio");
            compare("bar: count, mean(fare) by payment", runs,
                    chart(gw, dataset, "{'workflow':[{'type':'view','query':[{'op':'aggregate','groupBy':['payment'],"
                            + "'measures':[{'field':'*','agg':'count','asFieldKey':'c'},{'field':'fare','agg':'mean',"
                            + "'asFieldKey':'m'}]}]}]}"),
                    group(aggregator, dataset, new GroupKey("payment", null), AggregateSpec.Fn.COUNT, null,
                            AggregateSpec.Fn.MEAN, "fare"));
            compare("month drill: mean(total) by month(pickup_at)", runs,
                    chart(gw, dataset, "{'workflow':[{'type':'transform','transform':[{'key':'m','expression':{"
                            + "'op':'dateTimeDrill','as':'m','params':[{'type':'field','value':'pickup_at'},"
                            + "{'type':'value','value':'month'},{'type':'offset','value':0},{'type':'displayOffset',"
                            + "'value':0}]}}]},{'type':'view','query':[{'op':'aggregate','groupBy':['m'],'measures':["
                            + "{'field':'total','agg':'mean','asFieldKey':'t'}]}]}]}"),
                    group(aggregator, dataset, new GroupKey("pickup_at", GroupKey.Bucket.MONTH), AggregateSpec.Fn.MEAN,
                            "total", null, null));
            // POST /query has no numeric bins: its nearest group-by is one on a small integer column.
            compare("histogram: count by bin(distance, 10)", runs,
                    chart(gw, dataset, "{'workflow':[{'type':'transform','transform':[{'key':'b','expression':{"
                            + "'op':'bin','as':'b','num':10,'params':[{'type':'field','value':'distance'}]}}]},"
                            + "{'type':'view','query':[{'op':'aggregate','groupBy':['b'],'measures':[{'field':'*',"
                            + "'agg':'count','asFieldKey':'c'}]}]}]}"),
                    group(aggregator, dataset, new GroupKey("passengers", null), AggregateSpec.Fn.COUNT, null, null,
                            null));
            System.out.printf("%nload average after: %s%n", loadAverage());
        }
    }

    private static InProcess.Work chart(GraphicWalkerEngine gw, DatasetManifest m, String json) {
        Payload payload = PayloadParser.parse(json.replace('\'', '"'));
        return () -> gw.query(m, payload).rows().size();
    }

    private static InProcess.Work group(Aggregator aggregator, DatasetManifest m, GroupKey key, AggregateSpec.Fn fn,
                              String column, AggregateSpec.Fn fn2, String column2) {
        List<AggregateSpec> aggregates = fn2 == null ? List.of(new AggregateSpec(column, fn, "a"))
                : List.of(new AggregateSpec(column, fn, "a"), new AggregateSpec(column2, fn2, "b"));
        GroupQuery q = new GroupQuery(List.of(), List.of(key), aggregates, List.of(), List.of(), false, 0, 1000);
        return () -> aggregator.group(m, q).rows().size();
    }

    private static void compare(String name, int runs, InProcess.Work chart, InProcess.Work query) throws Exception {
        double[] a = InProcess.time(chart, runs);
        double[] b = InProcess.time(query, runs);
        System.out.printf("%-46s %8.1f /%7.1f /%7.1f %8.1f /%7.1f /%7.1f %7.2fx%n", name, a[0], a[1], a[2], b[0],
                b[1], b[2], a[1] / b[1]);
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

}
