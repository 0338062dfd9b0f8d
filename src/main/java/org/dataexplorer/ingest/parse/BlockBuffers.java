package org.dataexplorer.ingest.parse;

import java.util.ArrayDeque;

/**
 * Block-sized byte arrays for one upload's {@link BlockSplitter}, handed back once nothing reads a block any more
 * and handed out again for later blocks. A block is several MB, so each fresh one is a "humongous" allocation that
 * sets off a garbage collection cycle of its own; an upload reuses the handful it has in flight instead. An array
 * never handed back is simply collected. Thread-safe.
 */
public final class BlockBuffers {

    private final int size;
    private final int keep;
    private final ArrayDeque<byte[]> free = new ArrayDeque<>();

    /** Arrays of {@code size} bytes; at most {@code keep} are held between uses. */
    public BlockBuffers(int size, int keep) {
        this.size = size;
        this.keep = keep;
    }

    public int size() {
        return size;
    }

    /** A block-sized array, with what an earlier block left in it. */
    public byte[] take() {
        synchronized (free) {
            byte[] reused = free.pollLast();
            if (reused != null) {
                return reused;
            }
        }
        return new byte[size];
    }

    /** Hands back an array nothing reads or writes any more (one of another size is left to the collector). */
    public void give(byte[] buffer) {
        if (buffer.length != size) {
            return;
        }
        synchronized (free) {
            if (free.size() < keep) {
                free.addLast(buffer);
            }
        }
    }
}
