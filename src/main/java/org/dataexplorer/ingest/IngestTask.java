package org.dataexplorer.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.io.UncheckedIOException;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.dataexplorer.ingest.parse.BlockBuffers;
import org.dataexplorer.ingest.parse.BlockSplitter;
import org.dataexplorer.ingest.parse.BlockTokenizer;
import org.dataexplorer.ingest.parse.ChunkAssembler;
import org.dataexplorer.ingest.parse.ColumnTyping;
import org.dataexplorer.ingest.parse.CsvRecord;
import org.dataexplorer.ingest.parse.CommonsCsvSource;
import org.dataexplorer.ingest.parse.CsvTokenizer;
import org.dataexplorer.ingest.parse.RecordSource;
import org.dataexplorer.ingest.parse.RejectSink;
import org.dataexplorer.ingest.parse.TypeInference;
import org.dataexplorer.ingest.sniff.ColumnNames;
import org.dataexplorer.ingest.sniff.SniffHints;
import org.dataexplorer.ingest.sniff.SniffResult;
import org.dataexplorer.ingest.sniff.Sniffer;
import org.dataexplorer.ingest.upload.Spool;
import org.dataexplorer.store.ChunkColumnInfo;
import org.dataexplorer.store.ChunkInfo;
import org.dataexplorer.store.ColumnChunk;
import org.dataexplorer.store.ColumnSchema;
import org.dataexplorer.store.ColumnType;
import org.dataexplorer.store.DatasetManifest;
import org.dataexplorer.store.DatasetStatus;
import org.dataexplorer.store.Dialect;
import org.dataexplorer.store.catalog.Catalog;
import org.dataexplorer.store.format.ChunkFileWriter;
import org.dataexplorer.store.stats.DatasetProfiler;

/**
 * Turns one spooled upload into a dataset: sniff the dialect, tokenize, seal chunks as they fill
 * (readers can page them at once), and at the end re-encode the few chunks sealed before a column's
 * type was widened in a way old chunks cannot be read as (e.g. integer to string).
 *
 * <p>Sealing is pipelined: this thread only tokenizes into a chunk's text buffers and hands full
 * chunks to the shared worker pool, which infers each chunk's types on its own, joins them in chunk
 * order with the types of the chunks before it (so every chunk is encoded exactly as a sequential
 * pass would have), encodes and writes the chunk file. This thread commits sealed chunks in order
 * (manifest, rejects, progress). At most {@link #maxInFlight} chunks are in flight and their text
 * buffers are reused, so memory stays flat whatever the file size.
 */
final class IngestTask implements Runnable {

    private static final Logger LOG = Logger.getLogger(IngestTask.class.getName());
    private static final int FIRST_SNIFF_BYTES = 1 << 20;
    private static final int BINARY_CHECK_BYTES = 64 * 1024;
    /** Live progress is published every 1024 rows (a mask: 2^n - 1). */
    private static final int PROGRESS_EVERY_ROWS = 1023;
    private static final RejectSink IGNORE_REJECTS = (line, offset, column, reason) -> { };

    private final Upload upload;
    private final Catalog catalog;
    private final IngestSettings settings;
    private final IngestOptions options;
    private final IngestListener listener;
    private final Runnable onExit;
    private final Executor workers;
    private final int maxInFlight;
    /** Bytes of source per block tokenized on a worker (see {@link BlockSplitter}). */
    private final int blockBytes;
    /** Physical lines per block: as many as a chunk's rows took in the first chunk. */
    private long blockLines;
    /** Parse with Commons CSV (the reference path) even where the byte-level tokenizer fits. */
    private final boolean referencePath;
    private final ReadPriority readPriority;

    private DatasetManifest manifest;
    private RejectLog rejectLog;
    private Dialect dialect;
    private SniffResult sniff;
    private List<String> names;
    /** Joined inference of the chunks merged so far; touched only by the ordered merge stages, then (after the drain) here. */
    private TypeInference[] inference;
    /** Typing of the last committed chunk: what the live manifest shows. */
    private ColumnTyping[] committedTyping;
    private final ArrayDeque<ChunkJob> inFlight = new ArrayDeque<>();
    private final ArrayDeque<ChunkAssembler> freeAssemblers = new ArrayDeque<>();
    /** The arrays of this upload's blocks, reused once every chunk assembler that views one is released. */
    private BlockBuffers blockBuffers;
    /** The block each assembler of a tokenized block views (its chunks are not encoded yet). */
    private final Map<ChunkAssembler, BlockLease> leases = new ConcurrentHashMap<>();
    /** Completes with the typing of the last dispatched chunk once it is merged; the next merge waits on it. */
    private CompletableFuture<ColumnTyping[]> lastMerge;
    /** Completes once the last dispatched chunk was fed to the statistics profiler. */
    private CompletableFuture<Void> lastProfile = CompletableFuture.completedFuture(null);
    private volatile boolean cancelled;
    private long dispatchedRows;
    private final List<ChunkInfo> chunks = new ArrayList<>();
    /** Column statistics, fed each committed chunk (see store.stats). */
    private DatasetProfiler profiler;
    /** Chunk files replaced by re-typed ones, deleted once the manifest naming their successors is committed. */
    private final List<Path> pendingDeletes = new ArrayList<>();
    private long rows;
    private long chunkBytes;
    /** Why the task failed, set by {@link #fail}; the result completes with it once the task has let go. */
    private IngestFailure failure;

    IngestTask(Upload upload, DatasetManifest created, Catalog catalog, IngestSettings settings,
               IngestOptions options, IngestListener listener, Runnable onExit, Executor workers, int maxInFlight,
               boolean referencePath, int blockBytes, ReadPriority readPriority) {
        this.upload = upload;
        this.blockBytes = blockBytes == 0 ? settings.chunkBytes() : blockBytes;
        this.readPriority = readPriority;
        this.referencePath = referencePath;
        this.workers = workers;
        this.maxInFlight = Math.max(1, maxInFlight);
        this.manifest = created;
        this.catalog = catalog;
        this.settings = settings;
        this.options = options;
        this.listener = listener;
        this.onExit = onExit;
    }

    private UUID id() {
        return upload.id();
    }

    @Override
    public void run() {
        long started = System.nanoTime();
        listener.started(id());
        DatasetManifest ready = null;
        try {
            DatasetManifest done = ingest();
            listener.completed(id(), done.sourceBytes(), done.rowCount(), System.nanoTime() - started);
            ready = done;
        } catch (IngestFailure failure) {
            fail(failure);
        } catch (IOException | RuntimeException e) {
            IngestFailure failure = IngestFailure.isNoSpace(e)
                    ? IngestFailure.storage("Ingest failed: " + e.getMessage(), e)
                    : upload.spool().isComplete() || !(e instanceof IOException)
                    ? IngestFailure.internal("Ingest failed: " + e.getMessage(), e)
                    : IngestFailure.aborted("The upload stopped: " + e.getMessage(), e);
            if (failure.kind() == IngestFailure.Kind.INTERNAL) {
                LOG.log(Level.SEVERE, "Ingest of dataset " + id() + " failed", e);
            }
            fail(failure);
        } catch (Error e) {
            fail(IngestFailure.internal("Ingest failed: " + e, e));
            throw e;
        } finally {
            closeQuietly();
            onExit.run();
            // Last, so whoever waits for the result finds the upload slot free again.
            if (ready != null) {
                upload.result().complete(ready);
            } else {
                upload.result().completeExceptionally(failure != null ? failure
                        : IngestFailure.internal("Ingest ended without a result", null));
            }
        }
    }

    private DatasetManifest ingest() throws IOException {
        Spool spool = upload.spool();
        sniff = sniff(spool);
        dialect = sniff.dialect();
        rejectLog = new RejectLog(catalog.rejectsFile(id()), settings.maxRecordedRejects());

        RecordSource tokenizer;
        try (InputStream source = openSource(0)) {
            tokenizer = tokenizer(source, sourceStart());
            tokenizer.skipLines(dialect.skipRows());
            CsvRecord record = new CsvRecord();
            if (!tokenizer.next(record)) {
                if (spool.size() == 0) {
                    throw IngestFailure.invalid("The upload is empty", 1, 0, -1);
                }
                throw IngestFailure.invalid("The upload holds no CSV records", 1, 0, -1);
            }
            names = dialect.header() ? ColumnNames.uniquify(texts(record)) : generatedNames(record.fieldCount());
            TypeInference[] columns = new TypeInference[names.size()];
            for (int c = 0; c < columns.length; c++) {
                columns[c] = new TypeInference();
            }
            inference = columns;
            checkForcedTypes();
            committedTyping = currentTyping();
            lastMerge = CompletableFuture.completedFuture(committedTyping);
            // The records are read again from the first one's offset, by blocks or by the streaming tokenizer.
            boolean anyRecord = !dialect.header() || tokenizer.next(record);
            long offset = record.byteOffset();
            long line = record.line();
            publishProgress(spool);
            try {
                if (!anyRecord) {
                    // A header and nothing else.
                } else if (inBlocks(tokenizer)) {
                    ingestInBlocks(offset, line);
                } else {
                    stream(new Resume(offset, line, Long.MAX_VALUE), false);
                }
                commitAll();
            } catch (IngestFailure tokenizerFailure) {
                // A chunk before this point may have failed first (strict mode): report the earliest.
                commitAll();
                throw tokenizerFailure;
            } finally {
                cancelInFlight();
            }
        }
        rejectLog.close();
        retypeStaleChunks();
        DatasetManifest ready = manifest(DatasetStatus.READY, null);
        writeStatistics(ready);
        catalog.commit(ready);
        for (Path replaced : pendingDeletes) {
            Files.deleteIfExists(replaced);
        }
        if (!settings.keepSource()) {
            Files.deleteIfExists(catalog.sourceFile(id()));
        }
        return ready;
    }

    private SniffResult sniff(Spool spool) throws IOException {
        SniffHints hints = new SniffHints(options.delimiter(), options.quote(), options.noQuote(), options.escape(),
                options.header(), options.skipRows(), options.encoding());
        int want = Math.min(FIRST_SNIFF_BYTES, settings.sniffMaxBytes());
        Sniffer sniffer = new Sniffer();
        while (true) {
            byte[] sample = new byte[want];
            int n = 0;
            int r;
            while (n < want && (r = spool.read(n, sample, n, want - n)) >= 0) {
                n += r;
            }
            boolean eof = n < want;
            SniffResult result = sniffer.sniff(sample, n, eof, hints);
            rejectBinary(sample, n, result);
            if (result.confident() || eof || want >= settings.sniffMaxBytes()) {
                return result;
            }
            want = (int) Math.min((long) want * 2, settings.sniffMaxBytes());
        }
    }

    /** NUL bytes never occur in CSV text in a single-byte or UTF-8 encoding: such an upload is a binary file. */
    private static void rejectBinary(byte[] sample, int length, SniffResult result) {
        String charset = result.charset().name();
        if (charset.startsWith("UTF-16") || charset.startsWith("UTF-32")) {
            return;
        }
        for (int i = 0; i < Math.min(length, BINARY_CHECK_BYTES); i++) {
            if (sample[i] == 0) {
                throw IngestFailure.invalid("The upload is not CSV text: it has a NUL byte at offset " + i
                        + " (a binary file?)", -1, i, -1);
            }
        }
    }

    private boolean rawUtf8() {
        return sniff.charset().equals(StandardCharsets.UTF_8);
    }

    /** Where tokenizer offsets start: raw UTF-8 is read in place, other charsets as re-encoded UTF-8. */
    private long sourceStart() {
        return rawUtf8() ? sniff.bomLength() : 0;
    }

    /** The source as UTF-8 from tokenizer offset {@code offset} on. */
    private InputStream openSource(long offset) throws IOException {
        Spool spool = upload.spool();
        if (rawUtf8()) {
            return spool.openStream(Math.max(offset, sniff.bomLength()));
        }
        InputStream utf8 = new TranscodingInputStream(spool.openStream(sniff.bomLength()), sniff.charset());
        long skipped = 0;
        while (skipped < offset) {
            long n = utf8.skip(offset - skipped);
            if (n <= 0) {
                throw new IOException("The source ended before offset " + offset);
            }
            skipped += n;
        }
        return utf8;
    }

    /** The dialect's quote character, or -1 when it has none. */
    private int quoteByte() {
        return dialect.quote() == null ? -1 : dialect.quote();
    }

    /**
     * The byte-level tokenizer when the dialect's delimiter and quote are single bytes (ASCII), else
     * (or when the service is set to) the Commons CSV reference path.
     */
    private RecordSource tokenizer(InputStream source, long startOffset) {
        int quote = quoteByte();
        boolean fastPathFits = dialect.delimiter() < 0x80 && quote < 0x80;
        if (referencePath || !fastPathFits) {
            return new CommonsCsvSource(source, startOffset, dialect.delimiter(), dialect.quote(),
                    dialect.escape() == Dialect.Escape.BACKSLASH, settings.maxFieldBytes(), settings.maxRecordBytes(),
                    settings.maxColumns());
        }
        return new CsvTokenizer(source, startOffset, (byte) dialect.delimiter(), quote,
                dialect.escape() == Dialect.Escape.BACKSLASH, settings.maxFieldBytes(), settings.maxRecordBytes(),
                settings.maxColumns());
    }

    private void reject(long line, long offset, int column, String reason) throws IOException {
        if (options.strict()) {
            throw IngestFailure.invalid("Malformed record at line " + line + ", column " + column + ": " + reason
                    + " (strict mode)", line, offset, column);
        }
        rejectLog.add(new Reject(line, offset, column, reason));
    }

    private void checkForcedTypes() {
        Set<String> known = new HashSet<>(names);
        for (String column : options.types().keySet()) {
            if (!known.contains(column)) {
                throw IngestFailure.badOption("types", "types names column '" + column + "', which the file does not have");
            }
        }
    }

    private ColumnTyping[] currentTyping() {
        ColumnTyping[] typing = new ColumnTyping[names.size()];
        Map<String, ColumnType> forced = options.types();
        for (int c = 0; c < typing.length; c++) {
            ColumnType inferred = inference[c].type();
            ColumnType type = forced.getOrDefault(names.get(c), inferred);
            String format = type == inferred ? inference[c].format() : null;
            typing[c] = new ColumnTyping(type, format);
        }
        return typing;
    }

    private ChunkAssembler newAssembler() {
        return new ChunkAssembler(names.size(), nullTokens(), settings.chunkRows(), settings.chunkBytes());
    }

    /** A cleared assembler for the next chunk; one is always free once at most maxInFlight chunks are in flight. */
    private ChunkAssembler nextAssembler() {
        synchronized (freeAssemblers) {
            ChunkAssembler free = freeAssemblers.pollFirst();
            return free != null ? free : newAssembler();
        }
    }

    private void release(ChunkAssembler assembler) {
        BlockLease lease = leases.remove(assembler);
        assembler.clear();
        synchronized (freeAssemblers) {
            freeAssemblers.addLast(assembler);
        }
        if (lease != null && lease.viewers().decrementAndGet() == 0) {
            blockBuffers.give(lease.bytes());
        }
    }

    /** A block's array and how many chunk assemblers still view it. */
    private record BlockLease(byte[] bytes, AtomicInteger viewers) {
    }

    /** Hands a full chunk to the workers: infer alone, join in order, encode and write; then commits what is done. */
    private void dispatch(ChunkAssembler assembler, ChunkRejects chunkRejects) throws IOException {
        int index = chunks.size() + inFlight.size();
        long firstRow = dispatchedRows;
        dispatchedRows += assembler.rows();
        RejectSink encodeRejects = options.strict() ? this::strictReject : chunkRejects;
        CompletableFuture<TypeInference[]> local = CompletableFuture.supplyAsync(() -> {
            checkNotCancelled();
            readPriority.yieldToReads();
            TypeInference[] chunkInference = new TypeInference[names.size()];
            for (int c = 0; c < chunkInference.length; c++) {
                chunkInference[c] = new TypeInference();
            }
            assembler.observe(chunkInference);
            return chunkInference;
        }, workers);
        CompletableFuture<ColumnTyping[]> merged = local.thenCombine(lastMerge, (chunkInference, before) -> {
            for (int c = 0; c < chunkInference.length; c++) {
                inference[c].merge(chunkInference[c]);
            }
            return currentTyping();
        });
        lastMerge = merged;
        CompletableFuture<SealedChunk> sealed = merged.thenApplyAsync(typing -> {
            checkNotCancelled();
            readPriority.yieldToReads();
            try {
                List<ColumnChunk> columns = assembler.encode(typing, encodeRejects);
                ChunkInfo chunk = writeChunk(index, Catalog.chunkFileName(index), firstRow, assembler.rows(),
                        assembler.startOffset(), assembler.endOffset(), assembler.firstLine(), columns, typing);
                return new SealedChunk(chunk, typing, columns, Files.size(catalog.chunkFile(id(), chunk)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                release(assembler);
            }
        }, workers);
        // Statistics are fed chunk by chunk in order, on the workers (off this thread's critical path).
        DatasetProfiler stats = profiler();
        CompletableFuture<Void> profiled = sealed.thenAcceptBothAsync(lastProfile,
                (chunk, before) -> stats.accept(chunk.chunk(), chunk.columns()), workers);
        lastProfile = profiled;
        inFlight.addLast(new ChunkJob(sealed, profiled, chunkRejects));
        while (!inFlight.isEmpty() && (inFlight.size() >= maxInFlight || inFlight.peekFirst().profiled().isDone())) {
            commit(inFlight.peekFirst());
        }
    }

    /** Where reading goes on: at {@code offset} on {@code line}, by the streaming tokenizer up to {@code until}. */
    private record Resume(long offset, long line, long until) {
    }

    /** A tokenized block: its chunks with their rejects, and whether it ended where a record ends. */
    private record TokenizedBlock(List<ChunkAssembler> assemblers, List<ChunkRejects> rejects, boolean clean) {
    }

    private record PendingBlock(BlockSplitter.Block block, CompletableFuture<TokenizedBlock> tokenized) {
    }

    /**
     * Blocks are tokenized on the workers, in parallel, when the dialect suits {@link BlockTokenizer} (single-byte
     * delimiter and quote, no backslash escape) and rejects need not stop the upload at the first one (strict).
     */
    private boolean inBlocks(RecordSource tokenizer) {
        return blockBytes > 0 && tokenizer instanceof CsvTokenizer && dialect.escape() != Dialect.Escape.BACKSLASH
                && !options.strict();
    }

    /**
     * Reads the source from {@code offset} in blocks tokenized on the workers, in order of the source; where a
     * block's guessed start proves wrong (quotes the splitter misread) or a record is longer than a block, the
     * streaming tokenizer reads past it, then blocks go on.
     */
    private void ingestInBlocks(long offset, long line) throws IOException {
        // The first chunk is streamed: it is out soon however slow the upload, and it tells how many physical
        // lines a row takes, so that a block of that many line endings makes one whole chunk.
        Resume afterFirst = stream(new Resume(offset, line, Long.MAX_VALUE), true);
        if (afterFirst == null) {
            return;
        }
        double linesPerRow = (afterFirst.line() - line) / (double) Math.max(1, dispatchedRows);
        blockLines = Math.max(1, Math.round(settings.chunkRows() * linesPerRow));
        Resume streaming = inBlocksFrom(afterFirst.offset(), afterFirst.line());
        while (streaming != null) {
            Resume blocks = stream(streaming, false);
            if (blocks == null) {
                return;
            }
            streaming = inBlocksFrom(blocks.offset(), blocks.line());
        }
    }

    /** Blocks until the end of the input (null), or until the streaming tokenizer must take over (where). */
    private Resume inBlocksFrom(long offset, long line) throws IOException {
        ArrayDeque<PendingBlock> pending = new ArrayDeque<>();
        try (InputStream source = openSource(offset)) {
            if (blockBuffers == null) {
                blockBuffers = new BlockBuffers(Math.max(blockBytes, 2 * Long.BYTES), maxInFlight + 3);
            }
            BlockSplitter splitter = new BlockSplitter(source, offset, line, blockBuffers, blockLines, quoteByte());
            while (true) {
                BlockSplitter.Block block = splitter.next(false);
                if (block == BlockSplitter.NOT_YET) {
                    // The upload is slower than ingest: what is tokenized is committed (and readable) before waiting.
                    Resume wrong = takeAll(pending);
                    if (wrong != null) {
                        return wrong;
                    }
                    commitAll();
                    block = splitter.next(true);
                    if (block == BlockSplitter.NOT_YET) {
                        continue;
                    }
                }
                if (block == null) {
                    break;
                }
                if (block.length() == 0) {
                    // No line ending in a whole block: one record at least goes to the streaming tokenizer.
                    Resume earlier = takeAll(pending);
                    return earlier != null ? earlier : new Resume(block.offset(), block.line(), block.offset() + 1);
                }
                BlockSplitter.Block cut = block;
                pending.addLast(new PendingBlock(cut, CompletableFuture.supplyAsync(() -> tokenize(cut), workers)));
                // One block tokenized ahead of the chunks in flight keeps the workers busy; more would only take memory.
                if (pending.size() > 1) {
                    Resume wrong = take(pending.pollFirst());
                    if (wrong != null) {
                        return wrong;
                    }
                }
            }
            return takeAll(pending);
        } finally {
            for (PendingBlock left : pending) {
                left.tokenized().cancel(false);
            }
        }
    }

    private Resume takeAll(ArrayDeque<PendingBlock> pending) throws IOException {
        while (!pending.isEmpty()) {
            Resume wrong = take(pending.pollFirst());
            if (wrong != null) {
                return wrong;
            }
        }
        return null;
    }

    /**
     * Dispatches a block's chunks, in order, once it is tokenized; or, when it did not end where a record ends
     * (so it started at a wrong guess, and so did the blocks after it), where the streaming tokenizer must read.
     */
    private Resume take(PendingBlock pending) throws IOException {
        TokenizedBlock tokenized;
        try {
            tokenized = pending.tokenized().join();
        } catch (CompletionException e) {
            throw rethrown(e);
        }
        BlockSplitter.Block block = pending.block();
        if (!tokenized.clean()) {
            tokenized.assemblers().forEach(this::release);
            return new Resume(block.offset(), block.line(), block.offset() + block.length());
        }
        for (int i = 0; i < tokenized.assemblers().size(); i++) {
            ChunkAssembler assembler = tokenized.assemblers().get(i);
            if (assembler.isEmpty()) {
                release(assembler);
            } else {
                dispatch(assembler, tokenized.rejects().get(i));
            }
        }
        showRowsParsed(dispatchedRows);
        return null;
    }

    /** On a worker: one block into chunk assemblers (not yet typed or encoded). */
    private TokenizedBlock tokenize(BlockSplitter.Block block) {
        checkNotCancelled();
        readPriority.yieldToReads();
        List<ChunkAssembler> assemblers = new ArrayList<>();
        List<ChunkRejects> rejects = new ArrayList<>();
        BlockLease lease = new BlockLease(block.bytes(), new AtomicInteger());
        BlockTokenizer tokenizer = new BlockTokenizer(names.size(), (byte) dialect.delimiter(),
                quoteByte(), settings.maxFieldBytes(), settings.maxRecordBytes(),
                settings.maxColumns());
        try {
            boolean clean = tokenizer.tokenize(block.bytes(), block.length(), block.offset(), block.line(), block.last(),
                    new BlockTokenizer.Chunks() {
                        @Override
                        public ChunkAssembler next() {
                            ChunkAssembler assembler = nextAssembler();
                            lease.viewers().incrementAndGet();
                            leases.put(assembler, lease);
                            assemblers.add(assembler);
                            rejects.add(new ChunkRejects(settings.maxRecordedRejects()));
                            return assembler;
                        }

                        @Override
                        public RejectSink rejects() {
                            return rejects.get(rejects.size() - 1);
                        }
                    });
            return new TokenizedBlock(assemblers, rejects, clean);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads records with the streaming tokenizer from {@code from.offset()} on; returns where blocks may go on
     * once a record ends at or past {@code from.until()} (or, with {@code oneChunk}, once a chunk is full), or
     * null at the end of the input.
     */
    private Resume stream(Resume from, boolean oneChunk) throws IOException {
        try (InputStream source = openSource(from.offset())) {
            RecordSource tokenizer = tokenizer(source, from.offset());
            tokenizer.setLine(from.line());
            CsvRecord record = new CsvRecord();
            ChunkAssembler assembler = nextAssembler();
            ChunkRejects chunkRejects = new ChunkRejects(settings.maxRecordedRejects());
            RejectSink rejects = this::reject;
            RejectSink addRejects = options.strict() ? rejects : chunkRejects;
            Resume next = null;
            while (tokenizer.next(record)) {
                assembler.add(record, addRejects);
                if (assembler.isFull()) {
                    dispatch(assembler, chunkRejects);
                    assembler = nextAssembler();
                    chunkRejects = new ChunkRejects(settings.maxRecordedRejects());
                    addRejects = options.strict() ? rejects : chunkRejects;
                }
                if ((assembler.rows() & PROGRESS_EVERY_ROWS) == 0) {
                    showRowsParsed(rows + assembler.rows());
                    readPriority.yieldToReads();
                }
                if (record.byteEnd() >= from.until() || (oneChunk && assembler.isEmpty())) {
                    next = new Resume(record.byteEnd(), ((CsvTokenizer) tokenizer).line(), Long.MAX_VALUE);
                    break;
                }
            }
            if (!assembler.isEmpty()) {
                dispatch(assembler, chunkRejects);
            } else {
                release(assembler);
            }
            return next;
        }
    }

    private DatasetProfiler profiler() {
        if (profiler == null) {
            profiler = new DatasetProfiler(settings.statsDistinctExactMax());
        }
        return profiler;
    }

    /** stats.json, before the READY commit; columns re-typed at the end are profiled again from their chunks. */
    private void writeStatistics(DatasetManifest ready) throws IOException {
        org.dataexplorer.store.stats.StatsFile.write(
                catalog.datasetDir(id()).resolve(org.dataexplorer.store.stats.StatsFile.NAME),
                profiler().finish(ready, (chunk, column) -> catalog.readColumn(ready, chunk, column)));
    }

    /** Publishes every chunk in flight, in order, waiting for each. */
    private void commitAll() throws IOException {
        while (!inFlight.isEmpty()) {
            commit(inFlight.peekFirst());
        }
    }

    /** Publishes the oldest chunk in flight, waiting for it; rethrows what sealing it threw. */
    private void commit(ChunkJob job) throws IOException {
        SealedChunk sealed;
        try {
            sealed = job.sealed().join();
            job.profiled().join();
        } catch (CompletionException e) {
            inFlight.pollFirst();
            throw rethrown(e);
        }
        inFlight.pollFirst();
        job.rejects().drainTo(rejectLog);
        chunks.add(sealed.chunk());
        // The profiler was already fed this chunk, in order, by its profiling stage (see dispatch).
        rows += sealed.chunk().rowCount();
        chunkBytes += sealed.fileBytes();
        claimChunkBytes();
        committedTyping = sealed.typing();
        publishProgress(upload.spool());
    }

    /** What a stage on the workers threw, to throw here: I/O failures as such, the rest unwrapped. */
    private static IOException rethrown(CompletionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof UncheckedIOException io) {
            return io.getCause();
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IOException(cause);
    }

    /** Asks the upload's allowance (the owner's quota) for the chunk bytes written so far. */
    private void claimChunkBytes() {
        if (!upload.allowance().chunks(chunkBytes)) {
            throw IngestFailure.tooLarge("The upload's chunk files (" + chunkBytes + " bytes) take more than the room it was allowed");
        }
    }

    /** Stops the chunks still in flight (after a failure) and waits until no worker touches this dataset. */
    private void cancelInFlight() {
        if (inFlight.isEmpty()) {
            return;
        }
        cancelled = true;
        for (ChunkJob job : inFlight) {
            try {
                job.profiled().join();
            } catch (CompletionException | CancellationException ignored) {
                // the task is failing already; its own failure is what gets reported
            }
        }
        inFlight.clear();
    }

    private void checkNotCancelled() {
        if (cancelled) {
            throw new CancellationException("the ingest of " + id() + " failed");
        }
    }

    private void strictReject(long line, long offset, int column, String reason) {
        throw IngestFailure.invalid("Malformed record at line " + line + ", column " + column + ": " + reason
                + " (strict mode)", line, offset, column);
    }

    private void showRowsParsed(long parsed) {
        if (parsed > upload.rowsParsed()) {
            upload.setRowsParsed(parsed);
        }
    }

    /** A chunk handed to the workers, and the rejects found while it was tokenized and encoded. */
    private record ChunkJob(CompletableFuture<SealedChunk> sealed, CompletableFuture<Void> profiled,
                            ChunkRejects rejects) {
    }

    /** A chunk written to disk, waiting to be committed in order. */
    private record SealedChunk(ChunkInfo chunk, ColumnTyping[] typing, List<ColumnChunk> columns, long fileBytes) {
    }

    private ChunkInfo writeChunk(int index, String fileName, long firstRow, int rowCount, long start, long end,
                                 long firstLine, List<ColumnChunk> columns, ColumnTyping[] typing) throws IOException {
        List<ChunkColumnInfo> infos = new ArrayList<>(columns.size());
        for (int c = 0; c < columns.size(); c++) {
            infos.add(columns.get(c).info(typing[c].format()));
        }
        ChunkInfo chunk = new ChunkInfo(index, fileName, firstRow, rowCount, start, end - start, firstLine, 0, infos);
        Path file = catalog.chunkFile(id(), chunk);
        Files.createDirectories(file.getParent());
        long crc = ChunkFileWriter.write(file, columns);
        return new ChunkInfo(index, fileName, firstRow, rowCount, start, end - start, firstLine, crc, infos);
    }

    private void publishProgress(Spool spool) {
        showRowsParsed(rows);
        manifest = manifest(DatasetStatus.INGESTING, null);
        catalog.update(manifest);
    }

    /**
     * Re-encodes, from the spooled source, every chunk holding a column in a type or layout that is not
     * the column's final one and cannot be widened on read (integer to float can).
     */
    private void retypeStaleChunks() throws IOException {
        ColumnTyping[] last = currentTyping();
        List<Integer> stale = new ArrayList<>();
        for (ChunkInfo chunk : chunks) {
            for (int c = 0; c < last.length; c++) {
                ChunkColumnInfo stored = chunk.columns().get(c);
                boolean same = stored.type() == last[c].type() && Objects.equals(stored.format(), last[c].format());
                boolean widens = stored.type() == ColumnType.INTEGER && last[c].type() == ColumnType.FLOAT;
                if (!same && !widens) {
                    stale.add(chunk.index());
                    break;
                }
            }
        }
        if (stale.isEmpty()) {
            return;
        }
        ChunkInfo first = chunks.get(stale.get(0));
        List<Path> replaced = new ArrayList<>();
        try (InputStream source = openSource(first.sourceOffset())) {
            RecordSource tokenizer = tokenizer(source, first.sourceOffset());
            tokenizer.setLine(first.firstLine());
            CsvRecord record = new CsvRecord();
            ChunkAssembler assembler = new ChunkAssembler(names.size(), nullTokens(), Integer.MAX_VALUE, Integer.MAX_VALUE);
            for (int index = first.index(); index < chunks.size(); index++) {
                ChunkInfo chunk = chunks.get(index);
                for (int r = 0; r < chunk.rowCount(); r++) {
                    if (!tokenizer.next(record)) {
                        throw new IOException("The spooled source ended inside chunk " + index);
                    }
                    assembler.add(record, IGNORE_REJECTS);
                }
                if (stale.contains(index)) {
                    List<ColumnChunk> columns = assembler.encode(last, IGNORE_REJECTS);
                    Path old = catalog.chunkFile(id(), chunk);
                    chunkBytes -= Files.size(old);
                    replaced.add(old);
                    ChunkInfo retyped = writeChunk(index, String.format("%08d.r1.chunk", index), chunk.firstRow(),
                            chunk.rowCount(), chunk.sourceOffset(), chunk.sourceOffset() + chunk.sourceLength(),
                            chunk.firstLine(), columns, last);
                    chunkBytes += Files.size(catalog.chunkFile(id(), retyped));
                    chunks.set(index, retyped);
                    claimChunkBytes();
                }
                assembler.clear();
            }
        }
        pendingDeletes.addAll(replaced);
    }

    private DatasetManifest manifest(DatasetStatus status, String error) {
        ColumnTyping[] typing = names == null ? new ColumnTyping[0]
                : status == DatasetStatus.READY ? currentTyping() : committedTyping;
        List<ColumnSchema> schema = new ArrayList<>(typing.length);
        for (int c = 0; c < typing.length; c++) {
            boolean nullable = false;
            for (ChunkInfo chunk : chunks) {
                nullable |= chunk.columns().get(c).nullCount() > 0;
            }
            schema.add(new ColumnSchema(c, names.get(c), typing[c].type(), nullable, typing[c].format()));
        }
        return new DatasetManifest(DatasetManifest.FORMAT_VERSION, manifest.id(), manifest.name(), manifest.owner(),
                status, manifest.createdAt(), Instant.now(), upload.bytesReceived(), upload.spool().size(),
                chunkBytes, rows, rejectLog == null ? 0 : rejectLog.count(), dialect, schema, chunks, error);
    }

    private void fail(IngestFailure failure) {
        this.failure = failure;
        upload.failed(failure);
        listener.failed(id(), failure);
        closeQuietly();
        try {
            if (catalog.get(id()).isEmpty()) {
                return;
            }
            if (failure.kind() == IngestFailure.Kind.TOO_LARGE) {
                // Refused outright (413): like an upload refused by its Content-Length, it leaves no dataset.
                catalog.delete(id());
            } else {
                catalog.fail(id(), describe(failure));
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Could not record the failure of dataset " + id(), e);
        }
    }

    /** The failure as a dataset's error: its message and, when known, where in the source it happened. */
    static String describe(IngestFailure failure) {
        List<String> where = new ArrayList<>();
        if (failure.line() > 0) {
            where.add("line " + failure.line());
        }
        if (failure.column() > 0) {
            where.add("column " + failure.column());
        }
        if (failure.byteOffset() >= 0) {
            where.add("byte " + failure.byteOffset());
        }
        return where.isEmpty() ? failure.getMessage() : failure.getMessage() + " (" + String.join(", ", where) + ")";
    }

    private void closeQuietly() {
        try {
            if (rejectLog != null) {
                rejectLog.close();
            }
            upload.spool().close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "Closing the spool of " + id(), e);
        }
    }

    private List<String> nullTokens() {
        return options.nullValues() != null ? options.nullValues() : settings.nullValues();
    }

    private static List<String> texts(CsvRecord record) {
        List<String> texts = new ArrayList<>(record.fieldCount());
        for (int i = 0; i < record.fieldCount(); i++) {
            texts.add(record.text(i));
        }
        return texts;
    }

    private static List<String> generatedNames(int count) {
        List<String> generated = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            generated.add("column_" + i);
        }
        return generated;
    }
}
