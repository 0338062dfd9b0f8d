package org.dataexplorer.ops;

import org.dataexplorer.store.CacheStats;

/**
 * Counters of one Ehcache cache (a JMX composite). {@code entries} and {@code bytes} are those of the
 * cache's largest tier, which holds every entry; {@code bytes} is -1 when the tier does not know.
 * {@code tiers} has the same per tier, fastest first.
 */
public record CacheFigures(String cache, long hits, long misses, double hitRatio, long puts, long evictions,
                           long entries, long bytes, CacheTierFigures[] tiers) {

    static CacheFigures of(String cache, CacheStats s) {
        return new CacheFigures(cache, s.hits(), s.misses(), s.hitRatio(), s.puts(), s.evictions(), s.entries(),
                s.bytes(), s.tiers().stream().map(t -> CacheTierFigures.of(cache, t)).toArray(CacheTierFigures[]::new));
    }
}
