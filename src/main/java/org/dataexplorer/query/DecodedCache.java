package org.dataexplorer.query;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;

import org.dataexplorer.store.ColumnChunk;

/**
 * A small on-heap LRU of decoded column chunks in front of the chunk cache (whose tiers hold bytes
 * that are decoded on every hit): the chunks a page, a sort or a filter touched last are reused as
 * they are. Bounded by {@link ColumnChunk#estimatedBytes()}; {@code maxBytes = 0} disables it.
 * Chunks are immutable, so sharing them between requests is safe. Thread-safe.
 */
public final class DecodedCache {

    private final long maxBytes;
    private final LinkedHashMap<String, ColumnChunk> entries = new LinkedHashMap<>(256, 0.75f, true);
    private long bytes;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder evictions = new LongAdder();

    /**
     * Counters since start (all 0 when disabled): reads answered from the heap, reads that loaded the chunk,
     * chunks dropped for space; chunks and their estimated bytes held now, and the bound.
     */
    public record Stats(long hits, long misses, long evictions, long entries, long bytes, long maxBytes) {
    }

    public DecodedCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    public static DecodedCache disabled() {
        return new DecodedCache(0);
    }

    /** The cached chunk, or the loaded one (then cached when it fits). */
    public <E extends Exception> ColumnChunk get(String key, Loader<E> loader) throws E {
        if (maxBytes <= 0) {
            return loader.load();
        }
        synchronized (this) {
            ColumnChunk hit = entries.get(key);
            if (hit != null) {
                hits.increment();
                return hit;
            }
        }
        misses.increment();
        ColumnChunk loaded = loader.load();
        long size = loaded.estimatedBytes();
        if (size <= maxBytes / 4) {
            synchronized (this) {
                ColumnChunk old = entries.put(key, loaded);
                bytes += size - (old == null ? 0 : old.estimatedBytes());
                Iterator<Map.Entry<String, ColumnChunk>> eldest = entries.entrySet().iterator();
                while (bytes > maxBytes && eldest.hasNext()) {
                    bytes -= eldest.next().getValue().estimatedBytes();
                    eldest.remove();
                    evictions.increment();
                }
            }
        }
        return loaded;
    }

    /** Loads a chunk on a miss. */
    @FunctionalInterface
    public interface Loader<E extends Exception> {
        ColumnChunk load() throws E;
    }

    public synchronized void evictDataset(UUID dataset) {
        String prefix = dataset + "/";
        Iterator<Map.Entry<String, ColumnChunk>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, ColumnChunk> e = it.next();
            if (e.getKey().startsWith(prefix)) {
                bytes -= e.getValue().estimatedBytes();
                it.remove();
            }
        }
    }

    public synchronized long bytes() {
        return bytes;
    }

    public synchronized Stats stats() {
        return new Stats(hits.sum(), misses.sum(), evictions.sum(), entries.size(), bytes, maxBytes);
    }
}
