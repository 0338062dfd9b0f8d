package org.dataexplorer.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.dataexplorer.ingest.IngestListener;
import org.dataexplorer.ingest.IngestService;
import org.dataexplorer.ingest.IngestSettings;
import org.dataexplorer.query.DecodedCache;
import org.dataexplorer.query.DerivedCache;
import org.dataexplorer.query.QueryEngine;
import org.dataexplorer.query.QueryLimits;
import org.dataexplorer.query.RowQuery;
import org.dataexplorer.query.agg.AggregateSpec;
import org.dataexplorer.query.agg.Aggregator;
import org.dataexplorer.query.agg.GroupKey;
import org.dataexplorer.query.agg.GroupQuery;
import org.dataexplorer.query.filter.FilterSpec;
import org.dataexplorer.query.filter.Op;
import org.dataexplorer.query.sort.SortKey;
import org.dataexplorer.store.ChunkCache;
import org.dataexplorer.store.DatasetManifest;
import org.dataexplorer.store.catalog.Catalog;

/**
 * The query benchmark (not a test): generates a deterministic taxi-like CSV ({@link TaxiCsv}, about
 * {@code --rows} rows), ingests it through the engine, loads the same file into an in-memory DuckDB
 * and prints, per query, our time and DuckDB's (min/median/max of {@code --runs} runs
 * after warm-up) and the ratio of the medians. Both answer in this JVM; the derived-result cache is
 * off so every run computes (the chunk cache is on, as in the server). Run with {@code bench/query.sh}.
 */
public final class QueryBenchmark {

    private QueryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long rows = 10_000_000;
        int runs = 7;
        Path dir = Path.of("target/bench-query");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Long.parseLong(args[++i].replace("_", ""));
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Files.createDirectories(dir);
        Path csv = dir.resolve("taxi-" + rows + ".csv");
        if (!Files.exists(csv)) {
            double bytesPerRow = TaxiCsv.rows(10_000, 42).length / 10_000.0;
            long t = System.nanoTime();
            long written = TaxiCsv.write(csv, (long) (bytesPerRow * rows), 42);
            System.out.printf("generated %s: %d rows, %.0f MB in %.1f s%n", csv, written, Files.size(csv) / 1e6,
                    (System.nanoTime() - t) / 1e9);
        }
        Path storage = dir.resolve("store");
        deleteTree(storage);
        try (ChunkCache cache = ChunkCache.open(Path.of("conf/ehcache.xml").toUri().toURL(), dir.resolve("cache"));
             Catalog catalog = new Catalog(storage, cache);
             IngestService ingest = new IngestService(catalog, new IngestSettings(1L << 40, 4, 2, 10_000, 8 << 20,
                     16 << 20, 65_536, 4 << 20, 8 << 20, true, List.of("NA", "NULL"), 10_000), IngestListener.NONE);
             Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            catalog.recover();
            long t = System.nanoTime();
            DatasetManifest m = InProcess.ingest(ingest, csv, "taxi");
            System.out.printf("ours:   ingested %d rows in %d chunks in %.1f s%n", m.rowCount(), m.chunks().size(),
                    (System.nanoTime() - t) / 1e9);
            t = System.nanoTime();
            try (Statement s = duck.createStatement()) {
                s.execute("CREATE TABLE taxi AS SELECT * FROM read_csv('" + csv.toAbsolutePath() + "', header=true)");
            }
            System.out.printf("duckdb: loaded in %.1f s (in memory)%n%n", (System.nanoTime() - t) / 1e9);

            // The service's default (query.decoded.cache.bytes), capped at a quarter of the heap as the service does.
            long decodedBytes = Math.min(Long.getLong("decoded", 512L << 20), Runtime.getRuntime().maxMemory() / 4);
            System.out.printf("decoded-chunk cache: %d MB (-Ddecoded=bytes; query.decoded.cache.bytes)%n%n",
                    decodedBytes >> 20);
            QueryEngine engine = new QueryEngine(catalog, DerivedCache.disabled(), new DecodedCache(decodedBytes),
                    new QueryLimits(600_000, 1L << 30, 10_000, 1_000_000, dir.resolve("spill")));
            Aggregator agg = new Aggregator(engine, DerivedCache.disabled());
            long total = m.rowCount();
            long mid = total / 2;
            long deep = total - total / 100;
            List<FilterSpec> filter = List.of(new FilterSpec("distance", Op.GT, List.of("5"), "distance__gt"),
                    new FilterSpec("payment", Op.EXACT, List.of("card"), "payment"));

            System.out.printf("%-44s %26s %26s %8s%n", "query (ms: min / median / max)", "ours", "duckdb", "ratio");
            compare("page of 100 at offset 0", runs,
                    () -> engine.rows(m, page(0)).rows().stream().mapToInt(row -> row.length).sum(),
                    () -> sql(duck, "SELECT * FROM taxi LIMIT 100 OFFSET 0"));
            compare("page of 100 at offset " + mid, runs,
                    () -> engine.rows(m, page(mid)).rows().stream().mapToInt(row -> row.length).sum(),
                    () -> sql(duck, "SELECT * FROM taxi LIMIT 100 OFFSET " + mid));
            compare("page of 100 at offset " + deep, runs,
                    () -> engine.rows(m, page(deep)).rows().stream().mapToInt(row -> row.length).sum(),
                    () -> sql(duck, "SELECT * FROM taxi LIMIT 100 OFFSET " + deep));
            compare("first page sorted by total desc", runs,
                    () -> engine.rows(m, new RowQuery(List.of(), List.of(new SortKey("total", true)), false,
                            List.of(), 0, 100, null)).rows().stream().mapToInt(row -> row.length).sum(),
                    () -> sql(duck, "SELECT * FROM taxi ORDER BY total DESC NULLS LAST LIMIT 100"));
            compare("count where distance > 5 and payment = card", runs,
                    () -> engine.rows(m, new RowQuery(filter, List.of(), false, List.of("trip_id"), 0, 1, null)).count(),
                    () -> sql(duck, "SELECT count(*) FROM taxi WHERE distance > 5 AND payment = 'card'"));
            compare("group by payment: count, mean(fare)", runs,
                    () -> agg.group(m, new GroupQuery(List.of(), List.of(new GroupKey("payment", null)),
                            List.of(new AggregateSpec(null, AggregateSpec.Fn.COUNT, null),
                                    new AggregateSpec("fare", AggregateSpec.Fn.MEAN, null)),
                            List.of(), List.of(), false, 0, 100)).rows().stream().mapToInt(row -> row.length).sum(),
                    () -> sql(duck, "SELECT payment, count(*), avg(fare) FROM taxi GROUP BY payment ORDER BY payment"));
            compare("facets of zone (top 10 + distinct)", runs,
                    () -> agg.facets(m, "zone", List.of(), 10).values().size(),
                    () -> sql(duck, "SELECT zone, count(*) c, count(*) OVER () d FROM taxi GROUP BY zone "
                            + "ORDER BY c DESC, zone LIMIT 10"));
        }
    }

    private static RowQuery page(long offset) {
        return new RowQuery(List.of(), List.of(), false, List.of(), offset, 100, null);
    }

    /** Runs the query and reads every value of the result, as a page would be rendered. */
    // Both sides hand over every row as an Object[] (ours renders a row when it is asked for: the sum asks).

    private static Object sql(Connection c, String query) throws Exception {
        List<Object[]> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Object[] row = new Object[n];
                for (int i = 0; i < n; i++) {
                    row[i] = rs.getObject(i + 1);
                }
                out.add(row);
            }
        }
        return out.size();
    }

    private static void compare(String name, int runs, InProcess.Work ours, InProcess.Work duck) throws Exception {
        double[] a = InProcess.time(ours, runs);
        double[] b = InProcess.time(duck, runs);
        System.out.printf("%-44s %8.1f /%7.1f /%7.1f %8.1f /%7.1f /%7.1f %7.2fx%n", name, a[0], a[1], a[2], b[0], b[1],
                b[2], a[1] / b[1]);
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
