package org.dataexplorer.store.stats;

import java.util.Arrays;

/**
 * Counts occurrences of int64 keys in an open-addressing table, with no object per key: the exact
 * distinct-value tracker of a column profile, for as long as the column has few distinct values.
 */
final class LongCounts {

    private final long[] keys;
    private final long[] counts;
    private final boolean[] used;
    private final int mask;
    private final int capacity;
    private int size;

    /** Holds up to {@code capacity} distinct keys. */
    LongCounts(int capacity) {
        int slots = Integer.highestOneBit(Math.max(4, capacity) * 2 - 1) << 1;
        this.keys = new long[slots];
        this.counts = new long[slots];
        this.used = new boolean[slots];
        this.mask = slots - 1;
        this.capacity = capacity;
    }

    /**
     * Adds {@code count} to {@code key}.
     *
     * @return false, changing nothing, when the key is new and the table already holds {@code capacity} keys
     */
    boolean add(long key, long count) {
        int slot = (int) mix(key) & mask;
        while (used[slot]) {
            if (keys[slot] == key) {
                counts[slot] += count;
                return true;
            }
            slot = (slot + 1) & mask;
        }
        if (size == capacity) {
            return false;
        }
        used[slot] = true;
        keys[slot] = key;
        counts[slot] = count;
        size++;
        return true;
    }

    int size() {
        return size;
    }

    interface Visitor {
        void visit(long key, long count);
    }

    void forEach(Visitor visitor) {
        for (int i = 0; i < keys.length; i++) {
            if (used[i]) {
                visitor.visit(keys[i], counts[i]);
            }
        }
    }

    /** The keys in ascending order of count, then key; for top values. */
    long[][] entries() {
        long[][] entries = new long[size][];
        int n = 0;
        for (int i = 0; i < keys.length; i++) {
            if (used[i]) {
                entries[n++] = new long[] {keys[i], counts[i]};
            }
        }
        Arrays.sort(entries, (a, b) -> a[1] != b[1] ? Long.compare(b[1], a[1]) : Long.compare(a[0], b[0]));
        return entries;
    }

    /** MurmurHash3's 64-bit finalizer: keys such as round doubles differ only in their high bits. */
    private static long mix(long key) {
        long h = key;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }
}
