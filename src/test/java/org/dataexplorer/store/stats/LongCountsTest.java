package org.dataexplorer.store.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class LongCountsTest {

    @Test
    void countsLikeAMapUpToItsCapacityThenRefusesNewKeys() {
        LongCounts counts = new LongCounts(5000);
        Map<Long, Long> expected = new HashMap<>();
        Random random = new Random(9);
        for (int i = 0; i < 50_000; i++) {
            // round doubles and multiples of large powers of two: keys that differ only in their high bits
            long key = random.nextBoolean() ? Double.doubleToLongBits(random.nextInt(2500) * 0.5)
                    : (long) random.nextInt(2500) << 40;
            assertTrue(counts.add(key, 1));
            expected.merge(key, 1L, Long::sum);
        }
        assertEquals(expected.size(), counts.size());
        Map<Long, Long> seen = new HashMap<>();
        counts.forEach(seen::put);
        assertEquals(expected, seen);
        long[][] entries = counts.entries();
        for (int i = 1; i < entries.length; i++) {
            assertTrue(entries[i - 1][1] >= entries[i][1]);
        }

        LongCounts small = new LongCounts(3);
        assertTrue(small.add(1, 1) && small.add(2, 1) && small.add(3, 1));
        assertTrue(small.add(2, 5), "an existing key still counts when full");
        assertFalse(small.add(4, 1));
        assertEquals(3, small.size());
    }

    @Test
    void aClearedTableForgetsItsKeysAndVisitsOnlyTheNewOnesInTheOrderTheyCame() {
        LongCounts counts = new LongCounts(Integer.MAX_VALUE);
        for (long key = 0; key < 100_000; key++) {
            counts.add(key * 7919, 1);
        }
        counts.clear();
        assertEquals(0, counts.size());
        assertFalse(counts.addIfPresent(7919, 1), "a cleared key is gone");
        long[] order = {42, -1, Long.MIN_VALUE, 7919, 0};
        for (long key : order) {
            counts.add(key, 2);
        }
        counts.add(-1, 3);
        java.util.List<long[]> visited = new java.util.ArrayList<>();
        counts.forEach((key, count) -> visited.add(new long[] {key, count}));
        assertEquals(order.length, visited.size());
        for (int i = 0; i < order.length; i++) {
            assertEquals(order[i], visited.get(i)[0]);
            assertEquals(order[i] == -1 ? 5 : 2, visited.get(i)[1]);
        }
    }
}
