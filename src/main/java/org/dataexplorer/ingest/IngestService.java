package org.dataexplorer.ingest;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.Semaphore;

import org.dataexplorer.ingest.upload.Spool;
import org.dataexplorer.store.DatasetManifest;
import org.dataexplorer.store.catalog.Catalog;

/**
 * Starts uploads and runs their parsing on a fixed pool. Uploads beyond the concurrency limit are
 * refused; accepted ones spool to disk at once and wait for a parser thread if all are busy.
 */
public final class IngestService implements AutoCloseable {

    private final Catalog catalog;
    private final IngestSettings settings;
    private final IngestListener listener;
    private final Semaphore slots;
    /**
     * Below request threads: the JVM passes Java priorities to the OS only with
     * {@code -XX:ThreadPriorityPolicy=1} (see the README's deployment notes), and then these threads run at
     * a higher nice value, so a request that arrives while every core parses gets one at once.
     */
    static final int BACKGROUND_PRIORITY = Thread.MIN_PRIORITY;

    private final ExecutorService parsers;
    /** Types, encodes and writes the chunks the parser threads tokenized (shared by all uploads). */
    private final ExecutorService workers;
    private final int chunksInFlight;
    /**
     * Reads upload bodies from the network into their spools (see {@link #receivers()}), below request threads
     * like the rest of ingest. At most one task per upload is queued, so the queue holds no more than the
     * concurrent uploads.
     */
    private final ExecutorService receivers;
    private final boolean referencePath;
    private final int blockBytes;
    private final Map<UUID, Upload> active = new ConcurrentHashMap<>();
    private ScheduledExecutorService idleWatch;
    private volatile ReadPriority readPriority = ReadPriority.off();
    private volatile boolean closing;

    public IngestService(Catalog catalog, IngestSettings settings, IngestListener listener) {
        this(catalog, settings, listener, false);
    }

    /**
     * @param referencePath parse every upload with Commons CSV instead of the byte-level tokenizer
     *                      (slower; for differential tests and as a fallback to compare against)
     */
    IngestService(Catalog catalog, IngestSettings settings, IngestListener listener, boolean referencePath) {
        this(catalog, settings, listener, referencePath, 0);
    }

    /**
     * @param blockBytes bytes of source per block tokenized in parallel; 0 for the chunk size (chunk.bytes), negative
     *                   for no blocks (the streaming tokenizer reads every upload)
     */
    IngestService(Catalog catalog, IngestSettings settings, IngestListener listener, boolean referencePath,
                  int blockBytes) {
        this.referencePath = referencePath;
        this.blockBytes = blockBytes;
        this.catalog = catalog;
        this.settings = settings;
        this.listener = listener;
        this.slots = new Semaphore(settings.maxConcurrentUploads());
        // The queue can hold every admitted upload, so submission never blocks or fails.
        this.parsers = new ThreadPoolExecutor(settings.threads(), settings.threads(), 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(settings.maxConcurrentUploads()), backgroundThreads("ingest-"));
        int cores = Runtime.getRuntime().availableProcessors();
        // One more worker than cores: a worker waiting on a chunk file's fsync then leaves no core idle.
        int workerCount = Math.max(1, Math.min(settings.threads(), cores + 1));
        this.workers = new ThreadPoolExecutor(workerCount, workerCount, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), backgroundThreads("ingest-worker-"));
        // Chunks in flight per upload are what memory holds per upload: as many as cores keep busy, not more.
        this.chunksInFlight = Math.max(1, Math.min(settings.threads(), cores)) + 1;
        this.receivers = new ThreadPoolExecutor(cores, cores, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                backgroundThreads("upload-receiver-"));
    }

    /** Daemon threads named {@code prefix} and a number, at {@link #BACKGROUND_PRIORITY}. */
    private static ThreadFactory backgroundThreads(String prefix) {
        AtomicInteger number = new AtomicInteger();
        return r -> {
            Thread thread = new Thread(r, prefix + number.incrementAndGet());
            thread.setDaemon(true);
            thread.setPriority(BACKGROUND_PRIORITY);
            return thread;
        };
    }

    /**
     * Threads for moving upload bodies from the network into {@link Upload#write}: copying twenty fast uploads
     * on request threads would leave a page read one runnable thread among twenty at the same priority; here
     * they wait behind reads like parsing does. Tasks must not block on the client (read only what is ready)
     * and should do a bounded amount of work each, so uploads take turns.
     */
    public Executor receivers() {
        return receivers;
    }

    /** From now on, uploads that start wait for reads in flight between units of work (see {@link ReadPriority}). */
    public void prioritizeReads(ReadPriority priority) {
        this.readPriority = priority;
    }

    public ReadPriority readPriority() {
        return readPriority;
    }

    /**
     * Creates the dataset (status ingesting) and starts parsing what will be written to the returned upload.
     *
     * @param multipartBoundary the body's multipart boundary, or null for a raw body
     */
    public Upload begin(IngestOptions options, String multipartBoundary) throws IOException {
        return begin(options, multipartBoundary, UploadAllowance.UNLIMITED);
    }

    /**
     * Like {@link #begin(IngestOptions, String)}, asking {@code allowance} for room as the decoded bytes of this
     * upload arrive (the user's storage quota); refused, the upload fails as too large.
     */
    public Upload begin(IngestOptions options, String multipartBoundary, UploadAllowance allowance) throws IOException {
        if (closing) {
            throw IngestFailure.busy("The service is shutting down; try again once it is back");
        }
        if (!slots.tryAcquire()) {
            throw IngestFailure.busy("Too many uploads at once (the limit is " + settings.maxConcurrentUploads() + ")");
        }
        try {
            DatasetManifest created = catalog.create(displayName(options), options.owner());
            UUID id = UUID.fromString(created.id());
            Spool spool = new Spool(catalog.sourceFile(id), settings.maxUploadBytes(), allowance);
            Upload upload = new Upload(id, spool, allowance, multipartBoundary, options.gzip(), new CompletableFuture<>());
            active.put(id, upload);
            IngestTask task = new IngestTask(upload, created, catalog, settings, options, listener, () -> {
                active.remove(id);
                slots.release();
            }, workers, chunksInFlight, referencePath, blockBytes, readPriority);
            parsers.execute(task);
            return upload;
        } catch (IOException | RuntimeException e) {
            slots.release();
            throw e;
        }
    }

    private static String displayName(IngestOptions options) {
        String name = options.name();
        return name == null || name.isBlank() ? "upload-" + Instant.now().toString() : name.strip();
    }

    /** Checks every second for uploads whose client has sent nothing for longer than {@code limit}; see {@link #abortIdle}. */
    public void watchIdleUploads(Duration limit) {
        watchIdleUploads(limit, 0);
    }

    /**
     * Checks every second for idle uploads (see {@link #abortIdle}) and, when {@code minBytesPerSecond > 0},
     * for uploads that received less than that rate over the last period of {@code limit} (a slowloris
     * trickle that is never quite idle).
     */
    public synchronized void watchIdleUploads(Duration limit, long minBytesPerSecond) {
        if (idleWatch == null) {
            idleWatch = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "ingest-idle-watch");
                thread.setDaemon(true);
                return thread;
            });
            idleWatch.scheduleWithFixedDelay(() -> {
                abortIdle(limit);
                if (minBytesPerSecond > 0) {
                    abortSlow(limit, minBytesPerSecond);
                }
            }, 1, 1, TimeUnit.SECONDS);
        }
    }

    /** Aborts every upload whose client has sent nothing for longer than {@code limit} (slow or stalled clients). */
    public void abortIdle(Duration limit) {
        long now = System.nanoTime();
        for (Upload upload : active.values()) {
            if (upload.awaitingInput() && upload.idleNanos(now) > limit.toNanos()) {
                upload.abort(IngestFailure.timedOut("The client sent nothing for " + limit.toMillis()
                        + " ms (the upload.idle.timeout.ms limit)"));
            }
        }
    }

    /** Aborts every upload that received less than {@code minBytesPerSecond} over the last {@code window}. */
    public void abortSlow(Duration window, long minBytesPerSecond) {
        long now = System.nanoTime();
        for (Upload upload : active.values()) {
            if (!upload.awaitingInput()) {
                continue;
            }
            double rate = upload.rateOverWindow(now, window.toNanos());
            // Nothing at all over the window is left to abortIdle, whose message names the idle limit.
            if (rate > 0 && rate < minBytesPerSecond) {
                upload.abort(IngestFailure.timedOut(String.format(java.util.Locale.ROOT,
                        "The client sent %.1f bytes per second over the last %d ms, less than the "
                                + "upload.min.bytes.per.second limit of %d", rate, window.toMillis(), minBytesPerSecond)));
            }
        }
    }

    public Optional<Upload> active(UUID id) {
        return Optional.ofNullable(active.get(id));
    }

    public int activeCount() {
        return active.size();
    }

    /** Stops an upload in progress (e.g. its dataset is being deleted) and waits briefly for its parser to let go. */
    public void cancel(UUID id, String reason) {
        Upload upload = active.get(id);
        if (upload == null) {
            return;
        }
        upload.abort(IngestFailure.aborted(reason, null));
        try {
            upload.result().handle((m, e) -> null).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Still running after the wait: the delete goes ahead; the task's writes fail on the missing files.
        }
    }

    /** Whether {@link #close(Duration)} has begun: new uploads are refused. */
    public boolean closing() {
        return closing;
    }

    public IngestSettings settings() {
        return settings;
    }

    /** Aborts the uploads still running; see {@link #close(Duration)}. */
    @Override
    public void close() {
        close(Duration.ZERO);
    }

    /**
     * Refuses new uploads, gives the running ones up to {@code grace} to finish (the idle and rate limits still
     * apply), then aborts the rest: each is marked failed and its partial files are removed. Waits up to 10 s
     * more for the parser threads to let go.
     *
     * @return how many uploads were still running when the grace period ended, and were aborted
     */
    public Closed close(Duration grace) {
        closing = true;
        int running = active.size();
        long deadline = System.nanoTime() + grace.toNanos();
        for (Upload upload : active.values()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                upload.result().handle((m, e) -> null).get(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // the next look at the clock ends the wait
            }
        }
        synchronized (this) {
            if (idleWatch != null) {
                idleWatch.shutdownNow();
            }
        }
        int aborted = 0;
        for (Upload upload : active.values()) {
            upload.abort(IngestFailure.aborted("The service shut down before this upload was complete"
                    + (grace.isZero() ? "" : " (it waited " + grace.toMillis() + " ms, the shutdown.grace.ms setting)"),
                    null));
            aborted++;
        }
        parsers.shutdown();
        try {
            parsers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        parsers.shutdownNow();
        workers.shutdownNow();
        receivers.shutdownNow();
        return new Closed(running, aborted);
    }

    /** What {@link #close(Duration)} found: uploads running when it began, and those it had to abort. */
    public record Closed(int running, int aborted) {
    }
}
