package org.dataexplorer.query;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.ehcache.Cache;

/**
 * Ehcache for results that are expensive to recompute: filtered row sets, sort permutations, group-by
 * results, as {@code byte[]} under {@code "<dataset uuid>/<version>/<kind>/<normalized query>"}. The
 * dataset directory stays the truth: a miss only costs time. Entries larger than
 * {@code maxEntryBytes} are not cached. Thread-safe.
 */
public final class DerivedCache {

    /** Name of the cache in {@code ehcache.xml}. */
    public static final String CACHE_NAME = "derived";

    private final Cache<String, byte[]> cache;
    private final long maxEntryBytes;
    private final Map<UUID, Set<String>> keysByDataset = new ConcurrentHashMap<>();

    /** @param cache the Ehcache cache, or null for no caching */
    public DerivedCache(Cache<String, byte[]> cache, long maxEntryBytes) {
        this.cache = cache;
        this.maxEntryBytes = maxEntryBytes;
    }

    public static DerivedCache disabled() {
        return new DerivedCache(null, 0);
    }

    public boolean isEnabled() {
        return cache != null;
    }

    public byte[] get(String key) {
        return cache == null ? null : cache.get(key);
    }

    public void put(UUID dataset, String key, byte[] value) {
        if (cache == null || value.length > maxEntryBytes) {
            return;
        }
        keysByDataset.computeIfAbsent(dataset, id -> ConcurrentHashMap.newKeySet()).add(key);
        cache.put(key, value);
    }

    /** Drops every entry of a dataset; called when it is deleted. */
    public void evictDataset(UUID dataset) {
        Set<String> keys = keysByDataset.remove(dataset);
        if (cache == null || keys == null) {
            return;
        }
        for (String key : keys) {
            cache.remove(key);
        }
    }
}
