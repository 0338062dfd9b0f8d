package org.dataexplorer.store.stats;

import java.util.Arrays;

/**
 * Counts occurrences of int64 keys in an open-addressing table, with no object per key: the exact
 * distinct-value tracker of a column profile, for as long as the column has few distinct values.
 * Starts small and doubles, so a wide file's hundreds of columns cost little until they hold values.
 */
final class LongCounts {

    private static final int INITIAL_SLOTS = 64;

    private final int capacity;
    private long[] keys = new long[INITIAL_SLOTS];
    private long[] counts = new long[INITIAL_SLOTS];
    private boolean[] used = new boolean[INITIAL_SLOTS];
    private int mask = INITIAL_SLOTS - 1;
    private int size;

    /** Holds up to {@code capacity} distinct keys. */
    LongCounts(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Adds {@code count} to {@code key}.
     *
     * @return false, changing nothing, when the key is new and the table already holds {@code capacity} keys
     */
    boolean add(long key, long count) {
        int slot = slotOf(key);
        if (used[slot]) {
            counts[slot] += count;
            return true;
        }
        if (size == capacity) {
            return false;
        }
        used[slot] = true;
        keys[slot] = key;
        counts[slot] = count;
        size++;
        if (size * 2 > keys.length) {
            grow();
        }
        return true;
    }

    /** Adds {@code count} to {@code key} when the table holds it; returns whether it does. */
    boolean addIfPresent(long key, long count) {
        int slot = slotOf(key);
        if (!used[slot]) {
            return false;
        }
        counts[slot] += count;
        return true;
    }

    /** The slot that holds {@code key}, or the free slot where it would go. */
    private int slotOf(long key) {
        int slot = (int) mix(key) & mask;
        while (used[slot] && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** Doubles the table, keeping it at most half full. */
    private void grow() {
        long[] oldKeys = keys;
        long[] oldCounts = counts;
        boolean[] oldUsed = used;
        int slots = oldKeys.length * 2;
        keys = new long[slots];
        counts = new long[slots];
        used = new boolean[slots];
        mask = slots - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldUsed[i]) {
                int slot = (int) mix(oldKeys[i]) & mask;
                while (used[slot]) {
                    slot = (slot + 1) & mask;
                }
                used[slot] = true;
                keys[slot] = oldKeys[i];
                counts[slot] = oldCounts[i];
            }
        }
    }

    /** Forgets every key; the table keeps its size (for reuse). */
    void clear() {
        if (size > 0) {
            Arrays.fill(used, false);
            size = 0;
        }
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

    /** The keys in descending order of count, then ascending key; for top values. */
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
