package org.dataexplorer.store;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.dataexplorer.store.format.ChunkFileReader;
import org.dataexplorer.store.format.CorruptChunkException;
import org.ehcache.Cache;
import org.ehcache.PersistentCacheManager;
import org.ehcache.StateTransitionException;
import org.ehcache.config.Configuration;
import org.ehcache.core.EhcacheManager;
import org.ehcache.core.internal.statistics.DefaultStatisticsService;
import org.ehcache.core.statistics.CacheStatistics;
import org.ehcache.core.statistics.TierStatistics;
import org.ehcache.event.CacheEvent;
import org.ehcache.event.CacheEventListener;
import org.ehcache.event.EventFiring;
import org.ehcache.event.EventOrdering;
import org.ehcache.event.EventType;
import org.ehcache.impl.config.persistence.CacheManagerPersistenceConfiguration;
import org.ehcache.xml.XmlConfiguration;

/**
 * Ehcache 3 in front of chunk column sections. The cache holds the verified section bytes
 * ({@link ChunkFileReader#readColumnBytes}) under {@code "<dataset>/<chunk>/<column>/<file name>"}; every hit
 * is decoded again, so callers never share mutable state through the cache. The chunk files are
 * the truth: a lost, evicted or damaged entry only costs a file read.
 *
 * <p>Thread-safe. Two threads missing the same key may both read the file; that is harmless.
 */
public final class ChunkCache implements AutoCloseable {

    /** Name of the cache in the XML configuration. */
    public static final String CACHE_NAME = "chunks";

    private static final System.Logger LOG = System.getLogger(ChunkCache.class.getName());
    private static final Set<EventType> GONE = EnumSet.of(EventType.EVICTED, EventType.EXPIRED, EventType.REMOVED);

    private final PersistentCacheManager manager;
    private final Cache<String, byte[]> cache;
    private final DefaultStatisticsService statistics;
    /** Keys present per dataset, so a dataset can be evicted without scanning the disk tier. */
    private final Map<UUID, Set<String>> keysByDataset = new ConcurrentHashMap<>();
    private final LongAdder uncachedReads = new LongAdder();

    private ChunkCache(PersistentCacheManager manager, DefaultStatisticsService statistics) {
        this.manager = manager;
        this.statistics = statistics;
        this.cache = manager == null ? null : manager.getCache(CACHE_NAME, String.class, byte[].class);
        if (manager != null && cache == null) {
            manager.close();
            throw new IllegalArgumentException("the Ehcache configuration has no cache '" + CACHE_NAME
                    + "' of String to byte[]");
        }
        if (cache != null) {
            cache.getRuntimeConfiguration().registerCacheEventListener(new ForgetKeys(), EventOrdering.UNORDERED,
                    EventFiring.SYNCHRONOUS, GONE);
        }
    }

    /**
     * Opens a cache configured by an Ehcache XML file (see {@code conf/ehcache.xml}: a cache
     * {@value #CACHE_NAME} of {@code java.lang.String} to {@code [B}). The disk tier lives under
     * {@code cacheDir}, which replaces any persistence directory the XML names.
     */
    public static ChunkCache open(URL ehcacheXml, Path cacheDir) throws IOException {
        Files.createDirectories(cacheDir);
        XmlConfiguration xml = new XmlConfiguration(ehcacheXml);
        Configuration configuration = xml.derive()
                .withService(new CacheManagerPersistenceConfiguration(cacheDir.toFile()))
                .build();
        DefaultStatisticsService statistics = new DefaultStatisticsService();
        EhcacheManager manager = new EhcacheManager(configuration, List.of(statistics));
        manager.init();
        return new ChunkCache(manager, statistics);
    }

    /** No caching: every read goes to the file. For tests and tools. */
    public static ChunkCache disabled() {
        return new ChunkCache(null, null);
    }

    public boolean isEnabled() {
        return cache != null;
    }

    /**
     * One decoded column of a chunk, from the cache or else from {@code chunkFile} (verified).
     *
     * @throws CorruptChunkException when the file is damaged
     */
    public ColumnChunk column(UUID dataset, int chunk, int column, Path chunkFile) throws IOException {
        if (cache == null) {
            uncachedReads.increment();
            return ChunkFileReader.readColumn(chunkFile, column);
        }
        String key = key(dataset, chunk, column, chunkFile);
        byte[] section = cache.get(key);
        if (section != null) {
            try {
                return ChunkFileReader.decodeColumn(section);
            } catch (CorruptChunkException e) {
                LOG.log(System.Logger.Level.WARNING, "damaged cache entry " + key + ", reading the file", e);
                cache.remove(key);
            }
        }
        section = ChunkFileReader.readColumnBytes(chunkFile, column);
        ColumnChunk decoded = ChunkFileReader.decodeColumn(section);
        keysByDataset.computeIfAbsent(dataset, id -> ConcurrentHashMap.newKeySet()).add(key);
        cache.put(key, section);
        return decoded;
    }

    /** Drops every cached section of a dataset (after it was deleted or replaced). */
    public void evictDataset(UUID dataset) {
        Set<String> keys = keysByDataset.remove(dataset);
        if (cache == null || keys == null) {
            return;
        }
        for (String key : keys) {
            cache.remove(key);
        }
    }

    public CacheStats stats() {
        if (cache == null) {
            return new CacheStats(0, uncachedReads.sum(), 0, 0, 0, 0);
        }
        return stats(CACHE_NAME);
    }

    /**
     * Another {@code String → byte[]} cache of the same Ehcache configuration (sharing its disk tier
     * directory), e.g. the query engine's derived results; null when caching is disabled or the
     * configuration has no such cache.
     */
    public Cache<String, byte[]> companion(String alias) {
        if (manager == null) {
            return null;
        }
        return manager.getCache(alias, String.class, byte[].class);
    }

    /**
     * The counters of a cache of this configuration ({@link #CACHE_NAME} or a {@link #companion}), in
     * total and per tier (Ehcache's {@code StatisticsService}).
     */
    public CacheStats stats(String alias) {
        if (statistics == null) {
            return CacheStats.EMPTY;
        }
        CacheStatistics s = statistics.getCacheStatistics(alias);
        long entries = 0;
        long bytes = -1;
        List<CacheTierStats> tiers = new ArrayList<>();
        for (Map.Entry<String, TierStatistics> e : s.getTierStatistics().entrySet()) {
            TierStatistics tier = e.getValue();
            if (tier.getMappings() >= entries) {
                entries = tier.getMappings();
                bytes = tier.getOccupiedByteSize();
            }
            tiers.add(new CacheTierStats(CacheTierStats.tierName(e.getKey()), tier.getHits(), tier.getMisses(),
                    tier.getEvictions(), tier.getMappings(), tier.getOccupiedByteSize(), tier.getAllocatedByteSize()));
        }
        tiers.sort(Comparator.comparingInt((CacheTierStats t) -> CacheTierStats.order(t.tier()))
                .thenComparing(CacheTierStats::tier));
        return new CacheStats(s.getCacheHits(), s.getCacheMisses(), s.getCachePuts(), s.getCacheEvictions(),
                entries, bytes, tiers);
    }

    /**
     * Closes the cache manager. A cache directory removed while running makes Ehcache fail to write
     * its index on close; the cache is disposable, so that is logged, not thrown.
     */
    @Override
    public void close() {
        if (manager == null) {
            return;
        }
        try {
            manager.close();
        } catch (StateTransitionException e) {
            LOG.log(System.Logger.Level.WARNING, "chunk cache did not close cleanly (cache directory removed?)", e);
        }
    }

    /** The file name is part of the key: a chunk re-encoded under a new name must not hit the old entry. */
    static String key(UUID dataset, int chunk, int column, Path chunkFile) {
        return dataset + "/" + chunk + "/" + column + "/" + chunkFile.getFileName();
    }

    private final class ForgetKeys implements CacheEventListener<String, byte[]> {
        @Override
        public void onEvent(CacheEvent<? extends String, ? extends byte[]> event) {
            String key = event.getKey();
            int slash = key.indexOf('/');
            if (slash <= 0) {
                return;
            }
            UUID dataset;
            try {
                dataset = UUID.fromString(key.substring(0, slash));
            } catch (IllegalArgumentException e) {
                return;
            }
            Set<String> keys = keysByDataset.get(dataset);
            if (keys != null) {
                keys.remove(key);
            }
        }
    }
}
