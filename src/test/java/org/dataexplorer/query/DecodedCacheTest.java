package org.dataexplorer.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import org.dataexplorer.store.ColumnChunk;
import org.dataexplorer.store.ColumnType;
import org.junit.jupiter.api.Test;

/** The decoded-column LRU's counters (exposed by the ops figures as the "decoded" cache's heap tier). */
class DecodedCacheTest {

    private static ColumnChunk chunk(int rows) {
        ColumnChunk.Builder b = ColumnChunk.builder(ColumnType.INTEGER, rows);
        for (int i = 0; i < rows; i++) {
            b.appendLong(i);
        }
        return b.build();
    }

    private static DecodedCache.Key key(String dataset, String chunkFile) {
        return new DecodedCache.Key(dataset, chunkFile, 0, null);
    }

    @Test
    void countsHitsMissesAndEvictions() {
        ColumnChunk one = chunk(1000);
        long size = one.estimatedBytes();
        // Room for four chunks of this size; each fits the quarter-of-the-bound rule.
        DecodedCache cache = new DecodedCache(size * 4);
        UUID dataset = UUID.randomUUID();
        assertSame(one, cache.get(key(dataset.toString(), "0"), () -> one));
        assertSame(one, cache.get(key(dataset.toString(), "0"), () -> chunk(1)));
        DecodedCache.Stats s = cache.stats();
        assertEquals(1, s.hits());
        assertEquals(1, s.misses());
        assertEquals(1, s.entries());
        assertEquals(size, s.bytes());
        assertEquals(size * 4, s.maxBytes());

        for (int c = 1; c <= 5; c++) {
            cache.get(key(dataset.toString(), Integer.toString(c)), () -> chunk(1000));
        }
        s = cache.stats();
        assertEquals(6, s.misses());
        assertEquals(4, s.entries());
        assertEquals(2, s.evictions());
        assertTrue(s.bytes() <= s.maxBytes(), s.toString());

        ColumnChunk other = chunk(10);
        String otherDataset = UUID.randomUUID().toString();
        cache.get(key(otherDataset, "0"), () -> other);
        cache.evictDataset(dataset);
        assertEquals(1, cache.stats().entries(), "only the other dataset's chunk is left");
        assertSame(other, cache.get(key(otherDataset, "0"), () -> chunk(1)));
        assertEquals(new DecodedCache.Stats(0, 0, 0, 0, 0, 0), DecodedCache.disabled().stats());
    }

    @Test
    void theLeastRecentlyReadChunkGoesFirst() throws Exception {
        ColumnChunk a = chunk(1000);
        // Room for four (a chunk may take at most a quarter of the bound).
        DecodedCache cache = new DecodedCache(a.estimatedBytes() * 4);
        cache.get(key("d", "a"), () -> a);
        for (String file : new String[] {"b", "c", "d"}) {
            Thread.sleep(2);
            cache.get(key("d", file), () -> chunk(1000));
        }
        Thread.sleep(2);
        assertSame(a, cache.get(key("d", "a"), () -> chunk(1)), "a read again: now the most recent");
        Thread.sleep(2);
        cache.get(key("d", "e"), () -> chunk(1000));
        assertEquals(4, cache.stats().entries());
        assertSame(a, cache.get(key("d", "a"), () -> chunk(1)), "a stays");
        ColumnChunk reloaded = chunk(1000);
        assertSame(reloaded, cache.get(key("d", "b"), () -> reloaded), "b, the least recently read, was evicted");
    }
}
