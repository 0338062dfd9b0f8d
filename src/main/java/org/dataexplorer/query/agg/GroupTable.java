package org.dataexplorer.query.agg;

import java.util.Arrays;

/**
 * Open-addressing hash table from a tuple of {@code width} longs to a dense group id, with the tuples
 * stored flat in one array: no object per row or per group.
 */
public final class GroupTable {

    private final int width;
    private long[] tuples;
    private int[] slots;
    private int size;

    public GroupTable(int width) {
        this.width = width;
        this.tuples = new long[Math.max(1, width) * 64];
        this.slots = new int[128];
        Arrays.fill(slots, -1);
    }

    public int size() {
        return size;
    }

    public long bytes() {
        return tuples.length * 8L + slots.length * 4L;
    }

    public long get(int group, int i) {
        return tuples[group * width + i];
    }

    /** The id of the tuple, added when new. */
    public int idOf(long[] key) {
        int mask = slots.length - 1;
        int slot = hash(key) & mask;
        while (true) {
            int id = slots[slot];
            if (id < 0) {
                return add(key, slot);
            }
            if (equalsAt(id, key)) {
                return id;
            }
            slot = (slot + 1) & mask;
        }
    }

    private int add(long[] key, int slot) {
        if ((size + 1) * width > tuples.length) {
            tuples = Arrays.copyOf(tuples, tuples.length * 2);
        }
        System.arraycopy(key, 0, tuples, size * width, width);
        slots[slot] = size;
        int id = size++;
        if (size * 2 > slots.length) {
            rehash();
        }
        return id;
    }

    private void rehash() {
        int[] grown = new int[slots.length * 2];
        Arrays.fill(grown, -1);
        int mask = grown.length - 1;
        long[] key = new long[width];
        for (int id = 0; id < size; id++) {
            System.arraycopy(tuples, id * width, key, 0, width);
            int slot = hash(key) & mask;
            while (grown[slot] >= 0) {
                slot = (slot + 1) & mask;
            }
            grown[slot] = id;
        }
        slots = grown;
    }

    private boolean equalsAt(int id, long[] key) {
        int base = id * width;
        for (int i = 0; i < width; i++) {
            if (tuples[base + i] != key[i]) {
                return false;
            }
        }
        return true;
    }

    private static int hash(long[] key) {
        long h = 0x9E3779B97F4A7C15L;
        for (long k : key) {
            h = (h ^ k) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        return (int) (h ^ (h >>> 32));
    }
}
