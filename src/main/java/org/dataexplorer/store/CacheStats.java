package org.dataexplorer.store;

/**
 * A snapshot of the chunk cache's counters since it was opened.
 *
 * @param hits      reads answered by the cache
 * @param misses    reads that went to the chunk file
 * @param puts      sections stored
 * @param evictions sections dropped for space
 * @param entries   sections held now (in the largest tier, which holds them all)
 * @param bytes     bytes occupied in that tier, or -1 when unknown
 */
public record CacheStats(long hits, long misses, long puts, long evictions, long entries, long bytes) {

    public static final CacheStats EMPTY = new CacheStats(0, 0, 0, 0, 0, 0);

    /** Share of reads answered by the cache, 0 when nothing was read. */
    public double hitRatio() {
        long total = hits + misses;
        return total == 0 ? 0 : (double) hits / total;
    }
}
