package org.dataexplorer.ops;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import java.util.logging.Logger;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.dataexplorer.ingest.IngestService;
import org.dataexplorer.query.DecodedCache;
import org.dataexplorer.store.ChunkCache;
import org.dataexplorer.store.DatasetManifest;
import org.dataexplorer.store.DatasetStatus;
import org.dataexplorer.security.StorageQuota;
import org.dataexplorer.store.catalog.Catalog;

/**
 * The operations side of a running service: readiness, read-only mode, the admin operations, the
 * gauges of {@code /api/metrics} and the MBeans under {@code org.dataexplorer:type=...}. Built after the
 * engine; {@link #close()} unregisters the MBeans (the web application may be redeployed in the same JVM).
 */
public final class OpsService implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(OpsService.class.getName());

    /**
     * @param evictDerived drops a dataset's derived results and decoded columns (the chunk cache is evicted here)
     * @param decoded      the counters of the decoded-column cache (on the heap, in front of the chunk cache)
     */
    public record Parts(OpsMetrics metrics, Catalog catalog, ChunkCache cache, IngestService ingest,
                        Consumer<UUID> evictDerived, Supplier<DecodedCache.Stats> decoded, List<String> cacheAliases) {
    }

    private final Parts parts;
    private final Path storageDir;
    private final long minFreeBytes;
    private final long quotaBytesPerUser;
    private final AtomicBoolean readOnly;
    private final JmxRegistration jmx;
    private final AccessLog accessLog;

    public OpsService(Parts parts, Path storageDir, long minFreeBytes, boolean readOnly) {
        this(parts, storageDir, minFreeBytes, 0, readOnly);
    }

    public OpsService(Parts parts, Path storageDir, long minFreeBytes, long quotaBytesPerUser, boolean readOnly) {
        this.parts = parts;
        this.storageDir = storageDir;
        this.minFreeBytes = minFreeBytes;
        this.quotaBytesPerUser = quotaBytesPerUser;
        this.readOnly = new AtomicBoolean(readOnly);
        this.accessLog = new AccessLog(Logger.getLogger(AccessLog.LOGGER), AccessLog.CAPACITY,
                "org.dataexplorer.api.ops.RequestLogFilter");
        bindGauges(parts.metrics().registry());
        this.jmx = JmxRegistration.register(this);
    }

    /** Where request threads hand their access log line. */
    public AccessLog accessLog() {
        return accessLog;
    }

    public OpsMetrics metrics() {
        return parts.metrics();
    }

    public boolean readOnly() {
        return readOnly.get();
    }

    public void setReadOnly(boolean value) {
        if (readOnly.getAndSet(value) != value) {
            LOG.warning(value ? "Read-only mode ON: uploads and deletes answer 503" : "Read-only mode OFF");
        }
    }

    /** What keeps the service from being ready; empty when it is. */
    public List<String> readinessProblems() {
        List<String> problems = new ArrayList<>();
        try {
            Path probe = Files.createTempFile(storageDir, ".ready-", ".probe");
            Files.delete(probe);
        } catch (IOException | RuntimeException e) {
            problems.add("the storage directory is not writable (" + e.getClass().getSimpleName() + ")");
        }
        long free = freeBytes();
        if (free < minFreeBytes) {
            problems.add("free disk space " + free + " bytes is below ready.min.free.bytes (" + minFreeBytes + ")");
        }
        if (!cacheAvailable()) {
            problems.add("the cache manager is not available");
        }
        return problems;
    }

    /** Bytes of decoded column chunks held on the heap in front of the chunk cache. */
    public long decodedBytes() {
        return parts.decoded().get().bytes();
    }

    /**
     * The decoded-column cache as the one tier it has ({@code cache} "decoded", {@code tier} "heap"); its
     * bytes are estimates, {@code allocatedBytes} its bound.
     */
    public CacheTierFigures decoded() {
        DecodedCache.Stats d = parts.decoded().get();
        long lookups = d.hits() + d.misses();
        return new CacheTierFigures("decoded", "heap", d.hits(), d.misses(), lookups == 0 ? 0 : (double) d.hits() / lookups,
                d.evictions(), d.entries(), d.bytes(), d.maxBytes());
    }

    /** Whether the Ehcache cache manager is up. */
    public boolean cacheAvailable() {
        ChunkCache cache = parts.cache();
        if (!cache.isEnabled()) {
            return true;
        }
        try {
            return cache.companion(ChunkCache.CACHE_NAME) != null;
        } catch (IllegalStateException closed) {
            return false;
        }
    }

    String evictDatasetCache(String datasetId) {
        UUID id = UUID.fromString(datasetId.strip());
        parts.cache().evictDataset(id);
        parts.evictDerived().accept(id);
        LOG.info(() -> "Cache entries of dataset " + id + " evicted (JMX)");
        return parts.catalog().get(id).isPresent() ? "evicted " + id : "evicted " + id + " (no such dataset)";
    }

    int deleteFailedDatasets() {
        int n = 0;
        for (DatasetManifest m : parts.catalog().list()) {
            if (m.status() != DatasetStatus.FAILED) {
                continue;
            }
            try {
                if (parts.catalog().delete(UUID.fromString(m.id()))) {
                    n++;
                }
            } catch (IOException e) {
                LOG.warning("Could not delete failed dataset " + m.id() + ": " + e);
            }
        }
        int deleted = n;
        LOG.info(() -> deleted + " failed datasets deleted (JMX)");
        return n;
    }

    /** Count, ready, ingesting, failed, chunk bytes, rows of every dataset now. */
    long[] datasetFigures() {
        long[] f = new long[6];
        for (DatasetManifest m : parts.catalog().list()) {
            f[0]++;
            f[m.status() == DatasetStatus.READY ? 1 : m.status() == DatasetStatus.FAILED ? 3 : 2]++;
            f[4] += m.sizeBytes();
            f[5] += m.rowCount();
        }
        return f;
    }

    long freeBytes() {
        try {
            return Files.getFileStore(storageDir).getUsableSpace();
        } catch (IOException e) {
            return 0;
        }
    }

    long totalBytes() {
        try {
            FileStore store = Files.getFileStore(storageDir);
            return store.getTotalSpace();
        } catch (IOException e) {
            return 0;
        }
    }

    Path storageDir() {
        return storageDir;
    }

    long quotaBytesPerUser() {
        return quotaBytesPerUser;
    }

    /** Bytes each owner's datasets count for in the quota ({@code -}: no owner). */
    java.util.Map<String, Long> bytesByOwner() {
        java.util.Map<String, Long> owners = new java.util.TreeMap<>();
        for (DatasetManifest m : parts.catalog().list()) {
            owners.merge(m.owner() == null ? "-" : m.owner(), StorageQuota.bytes(m), Long::sum);
        }
        return owners;
    }

    double highestQuotaUse() {
        if (quotaBytesPerUser <= 0) {
            return 0;
        }
        long highest = 0;
        for (var e : bytesByOwner().entrySet()) {
            if (!e.getKey().equals("-")) {
                highest = Math.max(highest, e.getValue());
            }
        }
        return (double) highest / quotaBytesPerUser;
    }

    long minFreeBytes() {
        return minFreeBytes;
    }

    Parts parts() {
        return parts;
    }

    /** Every Ehcache cache's figures, with its tiers; empty when caching is disabled. */
    public List<CacheFigures> caches() {
        List<CacheFigures> figures = new ArrayList<>();
        for (String alias : parts.cacheAliases()) {
            try {
                figures.add(CacheFigures.of(alias, parts.cache().stats(alias)));
            } catch (RuntimeException unknownOrClosed) {
                // Ehcache throws for an alias it does not know or once closed: nothing to show for it.
            }
        }
        return figures;
    }

    private void bindGauges(MeterRegistry registry) {
        FunctionCounter.builder("dataexplorer.access.log.dropped", accessLog, AccessLog::dropped)
                .description("Access log lines dropped because the log writer was too far behind").register(registry);
        for (String status : List.of("ready", "ingesting", "failed")) {
            int index = switch (status) {
                case "ready" -> 1;
                case "ingesting" -> 2;
                default -> 3;
            };
            Gauge.builder("dataexplorer.datasets", this, s -> s.datasetFigures()[index])
                    .description("Datasets by status").tag("status", status).register(registry);
        }
        Gauge.builder("dataexplorer.datasets.size", this, s -> s.datasetFigures()[4])
                .description("Bytes of dataset chunk files").baseUnit("bytes").register(registry);
        Gauge.builder("dataexplorer.datasets.rows", this, s -> s.datasetFigures()[5])
                .description("Rows of every dataset").register(registry);
        Gauge.builder("dataexplorer.ingest.active", parts.ingest(), IngestService::activeCount)
                .description("Uploads in progress").register(registry);
        Gauge.builder("dataexplorer.storage.quota.highest.use", this, OpsService::highestQuotaUse)
                .description("Largest share of quota.user.bytes one user has taken (0 without a quota)").register(registry);
        Gauge.builder("dataexplorer.storage.free", this, OpsService::freeBytes)
                .description("Usable bytes on the storage file system").baseUnit("bytes").register(registry);
        Gauge.builder("dataexplorer.storage.total", this, OpsService::totalBytes)
                .description("Size of the storage file system").baseUnit("bytes").register(registry);
        Gauge.builder("dataexplorer.readonly", readOnly, b -> b.get() ? 1 : 0)
                .description("1 in read-only mode").register(registry);
        for (String alias : parts.cacheAliases()) {
            cacheCounter(registry, alias, "hits", "Reads answered by the cache", CacheFigures::hits);
            cacheCounter(registry, alias, "misses", "Reads that missed the cache", CacheFigures::misses);
            cacheCounter(registry, alias, "puts", "Entries stored", CacheFigures::puts);
            cacheCounter(registry, alias, "evictions", "Entries evicted for space", CacheFigures::evictions);
            cacheGauge(registry, alias, "entries", "Entries held", CacheFigures::entries);
            cacheGauge(registry, alias, "bytes", "Bytes held in the largest tier", CacheFigures::bytes);
        }
        bindTierMeters(registry);
        Gauge.builder("dataexplorer.cache.decoded", this, OpsService::decodedBytes)
                .description("Bytes of decoded columns on the heap").baseUnit("bytes").register(registry);
    }

    /** {@code dataexplorer_cache_tier_*{cache, tier}}: the tiers a cache has are fixed by its configuration. */
    private void bindTierMeters(MeterRegistry registry) {
        List<CacheFigures> all = new ArrayList<>(caches());
        all.add(new CacheFigures("decoded", 0, 0, 0, 0, 0, 0, 0, new CacheTierFigures[] {decoded()}));
        for (CacheFigures cache : all) {
            for (CacheTierFigures tier : cache.tiers()) {
                String alias = cache.cache();
                String name = tier.tier();
                tierCounter(registry, alias, name, "hits", "Lookups answered by this tier", CacheTierFigures::hits);
                tierCounter(registry, alias, name, "misses", "Lookups this tier could not answer (passed to the next)",
                        CacheTierFigures::misses);
                tierCounter(registry, alias, name, "evictions", "Entries this tier dropped for space",
                        CacheTierFigures::evictions);
                tierGauge(registry, alias, name, "entries", "Entries held in this tier", CacheTierFigures::entries);
                // The heap tier is sized by entries: it has no byte figures.
                if (tier.bytes() >= 0) {
                    tierGauge(registry, alias, name, "bytes", "Bytes occupied in this tier", CacheTierFigures::bytes);
                }
                if (tier.allocatedBytes() >= 0) {
                    tierGauge(registry, alias, name, "allocated.bytes", "Bytes reserved by this tier",
                            CacheTierFigures::allocatedBytes);
                }
            }
        }
    }

    private long tierFigure(String alias, String tier, ToLongFunction<CacheTierFigures> value) {
        if (alias.equals("decoded")) {
            return value.applyAsLong(decoded());
        }
        for (CacheFigures cache : caches()) {
            if (cache.cache().equals(alias)) {
                for (CacheTierFigures t : cache.tiers()) {
                    if (t.tier().equals(tier)) {
                        return value.applyAsLong(t);
                    }
                }
            }
        }
        return 0;
    }

    private void tierCounter(MeterRegistry registry, String alias, String tier, String what, String description,
                             ToLongFunction<CacheTierFigures> value) {
        FunctionCounter.builder("dataexplorer.cache.tier." + what, this, s -> s.tierFigure(alias, tier, value))
                .description(description).tags("cache", alias, "tier", tier).register(registry);
    }

    private void tierGauge(MeterRegistry registry, String alias, String tier, String what, String description,
                           ToLongFunction<CacheTierFigures> value) {
        Gauge.builder("dataexplorer.cache.tier." + what, this, s -> s.tierFigure(alias, tier, value))
                .description(description).tags("cache", alias, "tier", tier).register(registry);
    }

    private void cacheCounter(MeterRegistry registry, String alias, String what, String description,
                              ToLongFunction<CacheFigures> value) {
        FunctionCounter.builder("dataexplorer.cache." + what, this,
                        s -> s.cacheFigure(alias, value))
                .description(description).tag("cache", alias).register(registry);
    }

    private long cacheFigure(String alias, ToLongFunction<CacheFigures> value) {
        return caches().stream().filter(c -> c.cache().equals(alias)).mapToLong(value).findFirst().orElse(0);
    }

    private void cacheGauge(MeterRegistry registry, String alias, String what, String description,
                            ToLongFunction<CacheFigures> value) {
        Gauge.builder("dataexplorer.cache." + what, this, s -> s.cacheFigure(alias, value))
                .description(description).tag("cache", alias).register(registry);
    }

    @Override
    public void close() {
        accessLog.close();
        jmx.close();
        parts.metrics().registry().close();
    }
}
