package org.dataexplorer.ops;

import org.dataexplorer.store.CacheTierStats;

/**
 * Counters of one tier ({@code heap}, {@code offheap}, {@code disk}) of one Ehcache cache (a JMX composite).
 * A read that misses a faster tier goes on to the next one, so the heap's misses are the off-heap tier's
 * lookups, and so on; the disk tier holds every entry. {@code bytes} and {@code allocatedBytes} are -1
 * where the tier does not count bytes (the heap tier is sized by entries).
 */
public record CacheTierFigures(String cache, String tier, long hits, long misses, double hitRatio, long evictions,
                               long entries, long bytes, long allocatedBytes) {

    static CacheTierFigures of(String cache, CacheTierStats t) {
        long lookups = t.hits() + t.misses();
        return new CacheTierFigures(cache, t.tier(), t.hits(), t.misses(),
                lookups == 0 ? 0 : (double) t.hits() / lookups, t.evictions(), t.entries(), t.bytes(),
                t.allocatedBytes());
    }
}
