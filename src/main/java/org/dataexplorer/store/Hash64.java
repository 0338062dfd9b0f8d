package org.dataexplorer.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** 64-bit hashes of keys for hash tables and distinct counts (dictionaries, statistics): cheap, every bit mixed. */
public final class Hash64 {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Hash64() {
    }

    /** A 64-bit key (an integer, or a double's bits: keys such as round doubles differ only in their high bits). */
    public static long ofLong(long key) {
        return mix(key + 0x9E3779B97F4A7C15L);
    }

    /**
     * The bytes {@code b[off, off + length)}, eight at a time, each word folded in by a multiply, the length and a
     * final avalanche last. The last partial word is read whole and masked when the array goes on past it.
     */
    public static long ofBytes(byte[] b, int off, int length) {
        long h = 0x243F6A8885A308D3L;
        int p = off;
        int end = off + length;
        for (; p <= end - Long.BYTES; p += Long.BYTES) {
            h = Long.rotateLeft((h ^ (long) LONGS.get(b, p)) * 0x9E3779B97F4A7C15L, 29);
        }
        long tail = 0;
        if (p < end) {
            if (p <= b.length - Long.BYTES) {
                tail = (long) LONGS.get(b, p) & (-1L >>> (64 - 8 * (end - p)));
            } else {
                for (int shift = 0; p < end; p++, shift += 8) {
                    tail |= (b[p] & 0xFFL) << shift;
                }
            }
        }
        h = Long.rotateLeft((h ^ tail) * 0x9E3779B97F4A7C15L, 29);
        return mix(h ^ length);
    }

    /** MurmurHash3's 64-bit finalizer: every input bit reaches every output bit. */
    public static long mix(long key) {
        long h = key;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }
}
