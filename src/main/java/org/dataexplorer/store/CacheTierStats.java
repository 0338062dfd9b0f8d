package org.dataexplorer.store;

import java.util.Locale;

/**
 * The counters of one tier of an Ehcache cache since it was opened. A read that misses a faster tier
 * (heap, then off-heap) is looked up in the next one, so a tier's misses are the next tier's lookups; the
 * last tier (disk) holds every entry.
 *
 * @param tier           {@code heap}, {@code offheap} or {@code disk}
 * @param hits           lookups this tier answered
 * @param misses         lookups this tier could not answer
 * @param evictions      entries this tier dropped for space
 * @param entries        entries held now
 * @param bytes          bytes those entries occupy, or -1 when the tier is sized by entries (the heap tier)
 * @param allocatedBytes bytes the tier has reserved (off-heap and disk), or -1 when unknown
 */
public record CacheTierStats(String tier, long hits, long misses, long evictions, long entries, long bytes,
                             long allocatedBytes) {

    /** {@code OnHeap} → {@code heap}, {@code OffHeap} → {@code offheap}, {@code Disk} → {@code disk}. */
    static String tierName(String ehcacheName) {
        String lower = ehcacheName.toLowerCase(Locale.ROOT);
        return lower.equals("onheap") ? "heap" : lower;
    }

    /** Fast tiers first: heap, offheap, disk, then any other. */
    static int order(String tier) {
        return switch (tier) {
            case "heap" -> 0;
            case "offheap" -> 1;
            case "disk" -> 2;
            default -> 3;
        };
    }
}
