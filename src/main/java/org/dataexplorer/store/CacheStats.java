package org.dataexplorer.store;

import java.util.List;
import java.util.Optional;

/**
 * A snapshot of an Ehcache cache's counters since it was opened.
 *
 * @param hits      reads answered by the cache
 * @param misses    reads that went to the chunk file
 * @param puts      sections stored
 * @param evictions sections dropped for space
 * @param entries   sections held now (in the largest tier, which holds them all)
 * @param bytes     bytes occupied in that tier, or -1 when unknown
 * @param tiers     the same per tier, fastest first (heap, offheap, disk); empty when caching is disabled
 */
public record CacheStats(long hits, long misses, long puts, long evictions, long entries, long bytes,
                         List<CacheTierStats> tiers) {

    public static final CacheStats EMPTY = new CacheStats(0, 0, 0, 0, 0, 0);

    public CacheStats {
        tiers = List.copyOf(tiers);
    }

    /** Without tier figures. */
    public CacheStats(long hits, long misses, long puts, long evictions, long entries, long bytes) {
        this(hits, misses, puts, evictions, entries, bytes, List.of());
    }

    /** Share of reads answered by the cache, 0 when nothing was read. */
    public double hitRatio() {
        long total = hits + misses;
        return total == 0 ? 0 : (double) hits / total;
    }

    /** The figures of one tier ({@code heap}, {@code offheap}, {@code disk}), if the cache has it. */
    public Optional<CacheTierStats> tier(String name) {
        return tiers.stream().filter(t -> t.tier().equals(name)).findFirst();
    }
}
