package org.dataexplorer.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.dataexplorer.ingest.parse.ChunkAssembler;
import org.dataexplorer.ingest.parse.CsvRecord;
import org.dataexplorer.ingest.parse.CsvTokenizer;
import org.dataexplorer.ingest.parse.TemporalLayout;
import org.dataexplorer.ingest.parse.TypeInference;
import org.dataexplorer.ingest.parse.ValueParsers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * JMH micro-benchmarks of the ingest hot path without the server: tokenizing a taxi-like file,
 * tokenizing into chunk text columns, and the byte-level converters. Run with {@code bench/jmh.sh}
 * (see the README); the tokenizer benchmarks report time per 8 MB file (MB/s = 8 / time).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
public class ParseBenchmark {

    private static final List<String> NULLS = List.of("NA", "N/A", "NULL", "null", "NaN");

    private byte[] taxi;
    private final byte[][] longs = new byte[1024][];
    private final byte[][] doubles = new byte[1024][];
    private final byte[][] timestamps = new byte[1024][];
    private TemporalLayout layout;

    @Setup
    public void setUp() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            TaxiCsv.write(out, 8 << 20, 42);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        taxi = out.toByteArray();
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < 1024; i++) {
            longs[i] = Long.toString(random.nextInt(10_000_000)).getBytes(StandardCharsets.US_ASCII);
            doubles[i] = String.format("%d.%02d", random.nextInt(1000), random.nextInt(100))
                    .getBytes(StandardCharsets.US_ASCII);
            timestamps[i] = String.format("2024-%02d-%02d %02d:%02d:%02d", 1 + random.nextInt(12),
                    1 + random.nextInt(28), random.nextInt(24), random.nextInt(60), random.nextInt(60))
                    .getBytes(StandardCharsets.US_ASCII);
        }
        layout = TemporalLayout.of("yyyy-MM-dd HH:mm[:ss[.SSSSSS]]");
    }

    private CsvTokenizer tokenizer() {
        return new CsvTokenizer(new ByteArrayInputStream(taxi), 0, (byte) ',', '"', false, 8 << 20, 16 << 20, 10_000);
    }

    @Benchmark
    public long tokenize() throws IOException {
        CsvTokenizer tokenizer = tokenizer();
        CsvRecord record = new CsvRecord();
        long fields = 0;
        while (tokenizer.next(record)) {
            fields += record.fieldCount();
        }
        return fields;
    }

    @Benchmark
    public long tokenizeIntoChunks() throws IOException {
        CsvTokenizer tokenizer = tokenizer();
        CsvRecord record = new CsvRecord();
        tokenizer.next(record);
        ChunkAssembler assembler = new ChunkAssembler(TaxiCsv.COLUMNS, NULLS, 65_536, 4 << 20);
        long rows = 0;
        while (tokenizer.next(record)) {
            assembler.add(record, (line, offset, column, reason) -> { });
            if (assembler.isFull()) {
                rows += assembler.rows();
                assembler.clear();
            }
        }
        return rows + assembler.rows();
    }

    @Benchmark
    public void parseLong(Blackhole hole) {
        for (byte[] value : longs) {
            hole.consume(ValueParsers.parseLong(value, 0, value.length));
        }
    }

    @Benchmark
    public void parseDouble(Blackhole hole) {
        for (byte[] value : doubles) {
            hole.consume(ValueParsers.parseDouble(value, 0, value.length));
        }
    }

    @Benchmark
    public void parseTimestamp(Blackhole hole) {
        for (byte[] value : timestamps) {
            hole.consume(layout.parseEpochMicros(value, 0, value.length));
        }
    }

    @Benchmark
    public Object inferDoubles() {
        TypeInference inference = new TypeInference();
        for (byte[] value : doubles) {
            inference.observe(value, 0, value.length);
        }
        return inference.type();
    }

    @Benchmark
    public Object inferTimestamps() {
        TypeInference inference = new TypeInference();
        for (byte[] value : timestamps) {
            inference.observe(value, 0, value.length);
        }
        return inference.format();
    }
}
