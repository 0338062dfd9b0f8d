package org.dataexplorer.api;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;

import org.dataexplorer.config.ConfigException;
import org.dataexplorer.config.ServiceConfig;
import org.dataexplorer.ingest.IngestService;
import org.dataexplorer.ingest.ReadPriority;
import org.dataexplorer.ingest.IngestSettings;
import org.dataexplorer.ops.OpsMetrics;
import org.dataexplorer.ops.OpsService;
import org.dataexplorer.query.DatasetReader;
import org.dataexplorer.query.DecodedCache;
import org.dataexplorer.query.KeptPermutations;
import org.dataexplorer.query.DerivedCache;
import org.dataexplorer.query.QueryEngine;
import org.dataexplorer.query.QueryLimits;
import org.dataexplorer.query.agg.Aggregator;
import org.dataexplorer.query.sort.Sorter;
import org.dataexplorer.security.SecurityService;
import org.dataexplorer.store.ChunkCache;
import org.dataexplorer.store.catalog.Catalog;
import org.dataexplorer.store.catalog.CatalogListener;

/** The service's parts, wired once at startup and closed at shutdown. */
public final class DataService implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DataService.class.getName());

    private final ServiceConfig config;
    private final ChunkCache cache;
    private final Catalog catalog;
    private final IngestService ingest;
    private final DatasetReader reader;
    private final DerivedCache derived;
    private final QueryEngine query;
    private final Aggregator aggregator;
    private final OpsService ops;
    private final SecurityService security;

    private DataService(ServiceConfig config, ChunkCache cache, Catalog catalog, IngestService ingest,
                        DerivedCache derived, DecodedCache decoded, KeptPermutations kept, OpsMetrics metrics) {
        this.config = config;
        this.cache = cache;
        this.catalog = catalog;
        this.ingest = ingest;
        this.reader = new DatasetReader(catalog);
        this.derived = derived;
        QueryLimits limits = new QueryLimits(config.queryTimeoutMs(), config.queryMemoryBytes(), config.queryTopKMax(),
                config.queryMaxGroups(), config.querySpillDir());
        this.query = new QueryEngine(catalog, derived, decoded, kept, limits);
        this.aggregator = new Aggregator(query, derived);
        this.ops = new OpsService(new OpsService.Parts(metrics, catalog, cache, ingest, id -> {
            derived.evictDataset(id);
            decoded.evictDataset(id);
            kept.evictDataset(id);
        }, decoded::stats, java.util.List.of(ChunkCache.CACHE_NAME, DerivedCache.CACHE_NAME)),
                config.storageDir(), config.readyMinFreeBytes(), config.security().userQuotaBytes(), config.readOnly());
        this.security = new SecurityService(config.security(), config.metricsToken(), java.time.Clock.systemUTC());
    }

    public static DataService start(ServiceConfig config) throws IOException {
        writableDirectory("storage.dir", config.storageDir());
        writableDirectory("cache.dir", config.cacheDir());
        Sorter.removeSpillFiles(config.querySpillDir());
        ChunkCache cache = openCache(config);
        try {
            DerivedCache derived = new DerivedCache(cache.companion(DerivedCache.CACHE_NAME),
                    config.queryCacheEntryMaxBytes());
            // Never more than a quarter of the heap, whatever the setting says: the heap also serves queries and ingest.
            long decodedBytes = Math.min(config.queryDecodedCacheBytes(), Runtime.getRuntime().maxMemory() / 4);
            DecodedCache decoded = new DecodedCache(decodedBytes);
            KeptPermutations kept = new KeptPermutations(config.querySpillDir(), config.querySpillKeepBytes());
            OpsMetrics metrics = new OpsMetrics();
            Catalog catalog = new Catalog(config.storageDir(), cache, OpsMetrics.chain(new CatalogListener() {
                @Override
                public void deleted(java.util.UUID id) {
                    derived.evictDataset(id);
                    decoded.evictDataset(id);
                    kept.evictDataset(id);
                }
            }, metrics));
            int found = catalog.recover().size();
            IngestService ingest = new IngestService(catalog, ingestSettings(config), metrics);
            ingest.watchIdleUploads(config.uploadIdleTimeout(), config.uploadMinBytesPerSecond());
            ingest.prioritizeReads(new ReadPriority(config.ingestYieldToReads()));
            LOG.info(() -> "Data service started: " + found + " datasets in " + config.storageDir()
                    + ", cache in " + config.cacheDir());
            try {
                return new DataService(config, cache, catalog, ingest, derived, decoded, kept, metrics);
            } catch (RuntimeException e) {
                ingest.close();
                catalog.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            cache.close();
            throw e;
        }
    }

    /** Creates {@code dir} if needed and proves a file can be written in it; else a failure naming {@code setting}. */
    private static void writableDirectory(String setting, Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new ConfigException("Setting '" + setting + "' = '" + dir + "' is not a directory (it is a file)");
        }
        try {
            Files.createDirectories(dir);
            Files.delete(Files.createTempFile(dir, ".write-check-", ".tmp"));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            throw new ConfigException("Setting '" + setting + "' = '" + dir + "' is not a writable directory ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    private static ChunkCache openCache(ServiceConfig config) throws IOException {
        URL xml = cacheConfig(config);
        try {
            return ChunkCache.open(xml, config.cacheDir());
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String value = config.cacheConfig() != null ? config.cacheConfig().toString() : "(the shipped ehcache.xml)";
            throw new ConfigException("Setting 'cache.config' = '" + value + "' is not a usable Ehcache configuration"
                    + " (with cache.dir '" + config.cacheDir() + "'): " + e.getMessage()
                    + (root != e ? " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")" : ""));
        }
    }

    private static URL cacheConfig(ServiceConfig config) throws MalformedURLException {
        Path custom = config.cacheConfig();
        if (custom != null) {
            return custom.toUri().toURL();
        }
        return DataService.class.getResource("/defaults/ehcache.xml");
    }

    static IngestSettings ingestSettings(ServiceConfig c) {
        return new IngestSettings(c.maxUploadBytes(), c.maxConcurrentUploads(), c.ingestThreads(), c.maxColumns(),
                c.maxFieldBytes(), c.maxRecordBytes(), c.chunkRows(), c.chunkBytes(), c.sniffMaxBytes(),
                c.keepSource(), c.nullValues(), c.maxRecordedRejects(), c.statsDistinctExactMax());
    }

    public ServiceConfig config() {
        return config;
    }

    public Catalog catalog() {
        return catalog;
    }

    public IngestService ingest() {
        return ingest;
    }

    public DatasetReader reader() {
        return reader;
    }

    public ChunkCache cache() {
        return cache;
    }

    public DerivedCache derivedCache() {
        return derived;
    }

    public QueryEngine query() {
        return query;
    }

    public Aggregator aggregator() {
        return aggregator;
    }

    /** Readiness, read-only mode, metrics and the JMX beans. */
    public OpsService ops() {
        return ops;
    }

    /** Authentication, ownership, rate limits, upload slots per user and storage quotas. */
    public SecurityService security() {
        return security;
    }

    @Override
    public void close() {
        ops.close();
        int running = ingest.activeCount();
        if (running > 0) {
            LOG.info("Stopping: " + running + (running == 1 ? " upload" : " uploads") + " in progress get up to " + config.shutdownGrace().toMillis()
                    + " ms to finish (shutdown.grace.ms)");
        }
        IngestService.Closed closed = ingest.close(config.shutdownGrace());
        if (closed.running() > 0) {
            LOG.info("Stopping: " + (closed.running() - closed.aborted()) + " uploads ended, " + closed.aborted()
                    + " aborted (marked failed, partial files removed)");
        }
        try {
            catalog.close();
        } catch (Exception e) {
            LOG.warning("Closing the catalog: " + e);
        }
        cache.close();
        LOG.info("Data service stopped");
    }
}
