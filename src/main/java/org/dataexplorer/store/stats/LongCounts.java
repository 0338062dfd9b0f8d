package org.dataexplorer.store.stats;

import java.util.Arrays;

import org.dataexplorer.store.Hash64;

/**
 * Counts occurrences of int64 keys in an open-addressing table, with no object per key: the exact
 * distinct-value tracker of a column profile, for as long as the column has few distinct values.
 * Starts small and doubles, so a wide file's hundreds of columns cost little until they hold values.
 */
final class LongCounts {

    private static final int INITIAL_SLOTS = 64;
    /** The count of a free slot (counts are never negative). */
    private static final long FREE = -1;

    private final int capacity;
    /** Slot i holds its key at 2i and its count at 2i + 1: a probe reads one cache line. */
    private long[] table = freeTable(INITIAL_SLOTS);
    /** The used slots in the order their keys came: visiting and clearing cost the keys held, not the table size. */
    private int[] occupied = new int[INITIAL_SLOTS / 2 + 1];
    private int mask = INITIAL_SLOTS - 1;
    private int size;

    /** Holds up to {@code capacity} distinct keys. */
    LongCounts(int capacity) {
        this.capacity = capacity;
    }

    private static long[] freeTable(int slots) {
        long[] table = new long[slots * 2];
        for (int i = 1; i < table.length; i += 2) {
            table[i] = FREE;
        }
        return table;
    }

    /**
     * Adds {@code count} to {@code key}.
     *
     * @return false, changing nothing, when the key is new and the table already holds {@code capacity} keys
     */
    boolean add(long key, long count) {
        int at = indexOf(key);
        if (table[at + 1] != FREE) {
            table[at + 1] += count;
            return true;
        }
        if (size == capacity) {
            return false;
        }
        table[at] = key;
        table[at + 1] = count;
        occupied[size++] = at;
        if (size * 2 > mask + 1) {
            grow();
        }
        return true;
    }

    /** Adds {@code count} to {@code key} when the table holds it; returns whether it does. */
    boolean addIfPresent(long key, long count) {
        int at = indexOf(key);
        if (table[at + 1] == FREE) {
            return false;
        }
        table[at + 1] += count;
        return true;
    }

    /** Where in {@link #table} the slot that holds {@code key} starts, or the free slot where it would go. */
    private int indexOf(long key) {
        long[] t = table;
        int slot = (int) Hash64.ofLong(key) & mask;
        while (t[2 * slot + 1] != FREE && t[2 * slot] != key) {
            slot = (slot + 1) & mask;
        }
        return 2 * slot;
    }

    /** Doubles the table, keeping it at most half full. */
    private void grow() {
        long[] old = table;
        int slots = (mask + 1) * 2;
        table = freeTable(slots);
        occupied = Arrays.copyOf(occupied, slots / 2 + 1);
        mask = slots - 1;
        for (int n = 0; n < size; n++) {
            long key = old[occupied[n]];
            int at = indexOf(key);
            table[at] = key;
            table[at + 1] = old[occupied[n] + 1];
            occupied[n] = at;
        }
    }

    /** Forgets every key; the table keeps its size (for reuse). */
    void clear() {
        for (int n = 0; n < size; n++) {
            table[occupied[n] + 1] = FREE;
        }
        size = 0;
    }

    /**
     * Forgets every key, and makes the table small again when it grew far past the {@code expectedKeys} it is
     * reused for: a probe into a table larger than the CPU's caches misses them.
     */
    void clear(int expectedKeys) {
        int slots = INITIAL_SLOTS;
        while (slots < 2L * expectedKeys + 2) {
            slots <<= 1;
        }
        if (mask + 1 > 4 * slots) {
            table = freeTable(slots);
            occupied = new int[slots / 2 + 1];
            mask = slots - 1;
            size = 0;
        } else {
            clear();
        }
    }

    int size() {
        return size;
    }

    interface Visitor {
        void visit(long key, long count);
    }

    /** Visits the keys in the order they were first added. */
    void forEach(Visitor visitor) {
        for (int n = 0; n < size; n++) {
            int at = occupied[n];
            visitor.visit(table[at], table[at + 1]);
        }
    }

    /** The keys in descending order of count, then ascending key; for top values. */
    long[][] entries() {
        long[][] entries = new long[size][];
        for (int n = 0; n < size; n++) {
            int at = occupied[n];
            entries[n] = new long[] {table[at], table[at + 1]};
        }
        Arrays.sort(entries, (a, b) -> a[1] != b[1] ? Long.compare(b[1], a[1]) : Long.compare(a[0], b[0]));
        return entries;
    }
}
