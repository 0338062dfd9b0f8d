package org.dataexplorer.bench;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.dataexplorer.api.json.JsonWriter;
import org.dataexplorer.ingest.IngestListener;
import org.dataexplorer.ingest.IngestService;
import org.dataexplorer.ingest.IngestSettings;
import org.dataexplorer.query.DecodedCache;
import org.dataexplorer.query.DerivedCache;
import org.dataexplorer.query.QueryEngine;
import org.dataexplorer.query.QueryLimits;
import org.dataexplorer.query.RowQuery;
import org.dataexplorer.query.RowResult;
import org.dataexplorer.store.ChunkCache;
import org.dataexplorer.store.DatasetManifest;
import org.dataexplorer.store.catalog.Catalog;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH micro-benchmark of a page read without HTTP: a page of 100 taxi rows looked up in the engine
 * ({@code lookup}), rendered as the JSON rows array ({@code render}), and both ({@code page}). The page
 * request's own CPU beside Jetty's, so a regression in the engine or the JSON writer shows without a
 * server. Run with {@code bench/jmh.sh PageJsonBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
public class PageJsonBenchmark {

    private static final int ROWS = 200_000;

    private Path dir;
    private ChunkCache cache;
    private Catalog catalog;
    private QueryEngine engine;
    private DatasetManifest manifest;
    private RowQuery query;
    private RowResult looked;
    private final CountingSink sink = new CountingSink();

    /** Takes the bytes and only counts them, as a socket would take them without the copy being timed. */
    static final class CountingSink extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }

    @Setup
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("page-json-bench");
        Path csv = dir.resolve("taxi.csv");
        TaxiCsv.writeRows(csv, ROWS, 42);
        cache = ChunkCache.open(Path.of("conf/ehcache.xml").toUri().toURL(), dir.resolve("cache"));
        catalog = new Catalog(dir.resolve("store"), cache);
        catalog.recover();
        try (IngestService ingest = new IngestService(catalog, new IngestSettings(1L << 40, 2, 2, 10_000, 8 << 20,
                16 << 20, 65_536, 4 << 20, 8 << 20, true, List.of("NA", "NULL"), 10_000), IngestListener.NONE)) {
            manifest = InProcess.ingest(ingest, csv, "taxi");
        }
        engine = new QueryEngine(catalog, DerivedCache.disabled(), new DecodedCache(256L << 20),
                new QueryLimits(600_000, 1L << 30, 10_000, 1_000_000, dir.resolve("spill")));
        query = new RowQuery(List.of(), List.of(), false, List.of(), ROWS / 2, 100, null);
        looked = engine.rows(manifest, query);
    }

    @TearDown
    public void tearDown() throws Exception {
        catalog.close();
        cache.close();
        IngestBenchmark.deleteTree(dir);
    }

    @Benchmark
    public Object lookup() throws Exception {
        return engine.rows(manifest, query);
    }

    @Benchmark
    public long render() {
        JsonWriter.write(looked.rows(), sink);
        return sink.bytes;
    }

    @Benchmark
    public long page() throws Exception {
        JsonWriter.write(engine.rows(manifest, query).rows(), sink);
        return sink.bytes;
    }
}
