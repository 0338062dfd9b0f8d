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
}
