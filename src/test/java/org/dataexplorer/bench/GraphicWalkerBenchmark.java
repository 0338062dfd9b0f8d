package org.dataexplorer.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.dataexplorer.ingest.IngestListener;
import org.dataexplorer.ingest.IngestOptions;
import org.dataexplorer.ingest.IngestService;
import org.dataexplorer.ingest.IngestSettings;
import org.dataexplorer.ingest.Upload;
import org.dataexplorer.query.DecodedCache;
import org.dataexplorer.query.DerivedCache;
import org.dataexplorer.query.QueryEngine;
import org.dataexplorer.query.QueryLimits;
import org.dataexplorer.query.agg.AggregateSpec;
import org.dataexplorer.query.agg.Aggregator;
import org.dataexplorer.query.agg.GroupKey;
import org.dataexplorer.query.agg.GroupQuery;
import org.dataexplorer.query.filter.FilterSpec;
import org.dataexplorer.query.filter.Op;
import org.dataexplorer.query.gw.GraphicWalkerEngine;
import org.dataexplorer.query.gw.PayloadParser;
import org.dataexplorer.store.ChunkCache;
import org.dataexplorer.store.DatasetManifest;
import org.dataexplorer.store.catalog.Catalog;

/**
 * Not a test: a Graphic Walker chart payload against the equivalent {@code POST .../query} group-by on a
 * generated dataset ({@code --rows}, default 1,000,000), same engine, same reader, derived cache off.
 * Prints the median of {@code --runs} runs of each. {@code mvn -o -q test-compile} then run with the test
 * classpath, e.g. {@code java -cp target/classes:target/test-classes:$(cat cp.txt) ...GraphicWalkerBenchmark}.
 */
public final class GraphicWalkerBenchmark {

    private GraphicWalkerBenchmark() {
    }

    interface Work {
        Object run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int rows = 1_000_000;
        int runs = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i].replace("_", ""));
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException(args[i]);
            }
        }
        Path dir = Files.createTempDirectory("gw-bench");
        Catalog catalog = new Catalog(dir.resolve("store"), ChunkCache.disabled());
        catalog.recover();
        IngestService ingest = new IngestService(catalog, new IngestSettings(1L << 36, 4, 2, 1000, 1 << 20, 1 << 22,
                65536, 4 << 20, 8 << 20, false, List.of("NA"), 100), IngestListener.NONE);
        String[] cats = {"north", "south", "east", "west", "centre", "coast", "hills", "plain"};
        Random random = new Random(3);
        StringBuilder b = new StringBuilder("cat,n,x,ts\n");
        LocalDateTime start = LocalDateTime.of(2023, 1, 1, 0, 0);
        for (int i = 0; i < rows; i++) {
            b.append(cats[random.nextInt(cats.length)]).append(',').append(random.nextInt(1000)).append(',')
                    .append(Math.round(random.nextGaussian() * 10_000) / 100.0).append(',')
                    .append(start.plusMinutes(random.nextInt(2 * 365 * 24 * 60))).append('\n');
        }
        byte[] body = b.toString().getBytes(StandardCharsets.UTF_8);
        Upload upload = ingest.begin(IngestOptions.defaults("bench"), null);
        upload.write(body, 0, body.length);
        upload.endOfInput();
        DatasetManifest m = upload.result().get(10, TimeUnit.MINUTES);
        QueryEngine engine = new QueryEngine(catalog, DerivedCache.disabled(), new DecodedCache(256L << 20),
                new QueryLimits(600_000, 1L << 30, 10_000, 1_000_000, dir.resolve("spill")));
        Aggregator aggregator = new Aggregator(engine, DerivedCache.disabled());
        GraphicWalkerEngine gw = new GraphicWalkerEngine(engine, 50_000);
        System.out.printf("%,d rows, %d chunks%n", rows, m.chunks().size());

        GroupQuery bars = new GroupQuery(List.of(), List.of(new GroupKey("cat", null)),
                List.of(new AggregateSpec(null, AggregateSpec.Fn.COUNT, "c"),
                        new AggregateSpec("x", AggregateSpec.Fn.SUM, "s")), List.of(), List.of(), false, 0, 1000);
        var barsPayload = PayloadParser.parse(("{'workflow':[{'type':'view','query':[{'op':'aggregate','groupBy':"
                + "['cat'],'measures':[{'field':'*','agg':'count','asFieldKey':'c'},{'field':'x','agg':'sum',"
                + "'asFieldKey':'s'}]}]}]}").replace('\'', '"'));
        compare("bar chart: count, sum by cat", runs, () -> aggregator.group(m, bars), () -> gw.query(m, barsPayload));

        GroupQuery filtered = new GroupQuery(List.of(new FilterSpec("n", Op.BETWEEN, List.of("100", "300"), "f")),
                List.of(new GroupKey("cat", null)), List.of(new AggregateSpec("x", AggregateSpec.Fn.MEAN, "a")),
                List.of(), List.of(), false, 0, 1000);
        var filteredPayload = PayloadParser.parse(("{'workflow':[{'type':'filter','filters':[{'fid':'n','rule':{'type':"
                + "'range','value':[100,300]}}]},{'type':'view','query':[{'op':'aggregate','groupBy':['cat'],"
                + "'measures':[{'field':'x','agg':'mean','asFieldKey':'a'}]}]}]}").replace('\'', '"'));
        compare("filtered: mean by cat, n in [100, 300]", runs, () -> aggregator.group(m, filtered),
                () -> gw.query(m, filteredPayload));

        GroupQuery monthly = new GroupQuery(List.of(), List.of(new GroupKey("ts", GroupKey.Bucket.MONTH)),
                List.of(new AggregateSpec("x", AggregateSpec.Fn.SUM, "s")), List.of(), List.of(), false, 0, 1000);
        var monthlyPayload = PayloadParser.parse(("{'workflow':[{'type':'transform','transform':[{'key':'m',"
                + "'expression':{'op':'dateTimeDrill','as':'m','params':[{'type':'field','value':'ts'},{'type':'value',"
                + "'value':'month'},{'type':'offset','value':0},{'type':'displayOffset','value':0}]}}]},{'type':'view',"
                + "'query':[{'op':'aggregate','groupBy':['m'],'measures':[{'field':'x','agg':'sum','asFieldKey':'s'}]}]}]}")
                .replace('\'', '"'));
        compare("line chart: sum by month", runs, () -> aggregator.group(m, monthly), () -> gw.query(m, monthlyPayload));
        ingest.close();
        catalog.close();
    }

    private static void compare(String name, int runs, Work query, Work chart) throws Exception {
        query.run();
        chart.run();
        System.out.printf("%-42s POST /query %7.1f ms   graphic-walker %7.1f ms%n", name, median(runs, query),
                median(runs, chart));
    }

    private static double median(int runs, Work work) throws Exception {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            work.run();
            times.add((System.nanoTime() - t0) / 1e6);
        }
        Collections.sort(times);
        return times.get(times.size() / 2);
    }
}
