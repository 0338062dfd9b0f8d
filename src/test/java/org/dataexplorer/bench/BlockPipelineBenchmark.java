package org.dataexplorer.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.dataexplorer.ingest.parse.BlockTokenizer;
import org.dataexplorer.ingest.parse.ChunkAssembler;
import org.dataexplorer.ingest.parse.ColumnTyping;
import org.dataexplorer.ingest.parse.RejectSink;
import org.dataexplorer.ingest.parse.TypeInference;
import org.dataexplorer.store.ChunkInfo;
import org.dataexplorer.store.ColumnChunk;
import org.dataexplorer.store.stats.DatasetProfiler;
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

/**
 * One 4 MB block of the taxi-like file through the stages a worker runs during ingest, each benchmark one
 * stage more than the one before: copy (the block is tokenized in place, so each run starts from a fresh copy),
 * tokenize, observe (type inference and decoding), encode, profile (column statistics). A stage's cost is the
 * difference from the one before it ({@link #profileOnly} times the last stage alone); MB/s = 4.19 / time in ms * 1000. Run with {@code bench/jmh.sh BlockPipeline}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
public class BlockPipelineBenchmark {

    private static final List<String> NULLS = List.of("NA", "N/A", "NULL", "null", "NaN");
    private static final RejectSink IGNORE = (line, offset, column, reason) -> { };

    private byte[] source;
    private int length;
    private byte[] block;
    private final BlockTokenizer tokenizer = new BlockTokenizer(TaxiCsv.COLUMNS, (byte) ',', '"', 8 << 20,
            16 << 20, 10_000);
    private ColumnTyping[] typing;
    private DatasetProfiler profiler;
    private int chunks;
    private final ChunkAssembler assembler = new ChunkAssembler(TaxiCsv.COLUMNS, NULLS, Integer.MAX_VALUE,
            Integer.MAX_VALUE);
    private List<ColumnChunk> encoded;
    private int encodedRows;

    @Setup
    public void setUp() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TaxiCsv.write(out, 6 << 20, 42);
        byte[] file = out.toByteArray();
        int start = 0;
        while (file[start] != '\n') {
            start++;
        }
        start++;
        int end = start + (4 << 20);
        while (file[end - 1] != '\n') {
            end--;
        }
        length = end - start;
        source = java.util.Arrays.copyOfRange(file, start, end);
        block = new byte[length];
        TypeInference[] inference = observe(tokenize());
        typing = new ColumnTyping[inference.length];
        for (int c = 0; c < inference.length; c++) {
            typing[c] = new ColumnTyping(inference[c].type(), inference[c].format());
        }
        profiler = new DatasetProfiler(DatasetProfiler.DEFAULT_EXACT_DISTINCT);
        encoded = tokenize().encode(typing, IGNORE);
        encodedRows = assembler.rows();
    }

    private ChunkAssembler tokenize() throws IOException {
        System.arraycopy(source, 0, block, 0, length);
        // Reused, as ingest reuses its assemblers: their columns have grown to a chunk's size already.
        assembler.clear();
        boolean clean = tokenizer.tokenize(block, length, 0, 2, false, new BlockTokenizer.Chunks() {
            @Override
            public ChunkAssembler next() {
                return assembler;
            }

            @Override
            public RejectSink rejects() {
                return IGNORE;
            }
        });
        if (!clean) {
            throw new IllegalStateException("the block does not end at a record end");
        }
        return assembler;
    }

    private static TypeInference[] observe(ChunkAssembler assembler) {
        TypeInference[] inference = new TypeInference[assembler.columnCount()];
        for (int c = 0; c < inference.length; c++) {
            inference[c] = new TypeInference();
        }
        assembler.observe(inference);
        return inference;
    }

    @Benchmark
    public int copy() {
        System.arraycopy(source, 0, block, 0, length);
        return block[length - 1];
    }

    @Benchmark
    public int tokenizeOnly() throws IOException {
        return tokenize().rows();
    }

    @Benchmark
    public Object observed() throws IOException {
        return observe(tokenize());
    }

    @Benchmark
    public List<ColumnChunk> encoded() throws IOException {
        ChunkAssembler assembler = tokenize();
        observe(assembler);
        return assembler.encode(typing, IGNORE);
    }

    @Benchmark
    public DatasetProfiler profiled() throws IOException {
        ChunkAssembler assembler = tokenize();
        observe(assembler);
        List<ColumnChunk> columns = assembler.encode(typing, IGNORE);
        // One profiler for every run: as in an upload, later chunks meet sketches past their exact phase.
        profiler.accept(new ChunkInfo(chunks++, "", 0, assembler.rows(), 0, length, 2, 0, List.of()), columns);
        return profiler;
    }

    /** The statistics stage alone, of the same encoded chunk every time (the others rebuild theirs). */
    @Benchmark
    public DatasetProfiler profileOnly() {
        profiler.accept(new ChunkInfo(chunks++, "", 0, encodedRows, 0, length, 2, 0, List.of()), encoded);
        return profiler;
    }
}
