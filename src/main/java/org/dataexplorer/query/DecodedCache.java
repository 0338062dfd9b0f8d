package org.dataexplorer.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.dataexplorer.store.ColumnChunk;
import org.dataexplorer.store.ColumnType;

/**
 * A small on-heap LRU of decoded column chunks in front of the chunk cache (whose tiers hold bytes
 * that are decoded on every hit): the chunks a page, a sort or a filter touched last are reused as
 * they are. Bounded by {@link ColumnChunk#estimatedBytes()}; {@code maxBytes = 0} disables it.
 * Chunks are immutable, so sharing them between requests is safe. Thread-safe: a hit takes no lock (every
 * page reads a chunk per column, from every request thread at once); loads and evictions take one.
 */
public final class DecodedCache {

    private final long maxBytes;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    /** Guards {@link #bytes} and every change of {@link #entries}. */
    private final Object changes = new Object();
    private long bytes;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder evictions = new LongAdder();

    private static final class Entry {
        final ColumnChunk chunk;
        final long size;
        /** When it was last read (System.nanoTime): the least recently used goes first. */
        volatile long lastUse;

        Entry(ColumnChunk chunk) {
            this.chunk = chunk;
            this.size = chunk.estimatedBytes();
            this.lastUse = System.nanoTime();
        }
    }

    /**
     * Counters since start (all 0 when disabled): reads answered from the heap, reads that loaded the chunk,
     * chunks dropped for space; chunks and their estimated bytes held now, and the bound.
     */
    public record Stats(long hits, long misses, long evictions, long entries, long bytes, long maxBytes) {
    }

    /**
     * One decoded column of one chunk of a dataset, as stored ({@code as} null) or widened to the type
     * {@code as}. A record rather than a joined string: a page looks up one per column, and a string key
     * would be built and hashed afresh each time.
     */
    public record Key(String dataset, String chunkFile, int column, ColumnType as) {
    }

    public DecodedCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    public static DecodedCache disabled() {
        return new DecodedCache(0);
    }

    /** The cached chunk, or the loaded one (then cached when it fits). */
    public <E extends Exception> ColumnChunk get(Key key, Loader<E> loader) throws E {
        if (maxBytes <= 0) {
            return loader.load();
        }
        Entry hit = entries.get(key);
        if (hit != null) {
            hit.lastUse = System.nanoTime();
            hits.increment();
            return hit.chunk;
        }
        misses.increment();
        Entry loaded = new Entry(loader.load());
        if (loaded.size <= maxBytes / 4) {
            synchronized (changes) {
                Entry old = entries.put(key, loaded);
                bytes += loaded.size - (old == null ? 0 : old.size);
                if (bytes > maxBytes) {
                    evictLeastRecentlyUsed();
                }
            }
        }
        return loaded.chunk;
    }

    /** Drops the least recently read chunks until the bound holds again; called holding {@link #changes}. */
    private void evictLeastRecentlyUsed() {
        List<Map.Entry<Key, Entry>> byAge = new ArrayList<>(entries.entrySet());
        byAge.sort(Comparator.comparingLong(e -> e.getValue().lastUse));
        for (int i = 0; bytes > maxBytes && i < byAge.size(); i++) {
            Map.Entry<Key, Entry> eldest = byAge.get(i);
            if (entries.remove(eldest.getKey(), eldest.getValue())) {
                bytes -= eldest.getValue().size;
                evictions.increment();
            }
        }
    }

    /** Loads a chunk on a miss. */
    @FunctionalInterface
    public interface Loader<E extends Exception> {
        ColumnChunk load() throws E;
    }

    public void evictDataset(UUID dataset) {
        String id = dataset.toString();
        synchronized (changes) {
            for (Map.Entry<Key, Entry> e : entries.entrySet()) {
                if (e.getKey().dataset().equals(id) && entries.remove(e.getKey(), e.getValue())) {
                    bytes -= e.getValue().size;
                }
            }
        }
    }

    public long bytes() {
        synchronized (changes) {
            return bytes;
        }
    }

    public Stats stats() {
        synchronized (changes) {
            return new Stats(hits.sum(), misses.sum(), evictions.sum(), entries.size(), bytes, maxBytes);
        }
    }
}
