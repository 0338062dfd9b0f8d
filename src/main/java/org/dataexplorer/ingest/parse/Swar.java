package org.dataexplorer.ingest.parse;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Eight bytes at a time (SWAR, in one long): the byte scans the tokenizers, the splitter and the UTF-8 check share. */
final class Swar {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    static final long LF_BITS = broadcast('\n');
    static final long CR_BITS = broadcast('\r');

    private Swar() {
    }

    /** {@code b[i, i + 8)} as a little-endian long: byte {@code i + k} in bits {@code 8k..8k+7}. */
    static long word(byte[] b, int i) {
        return (long) LONGS.get(b, i);
    }

    /** The byte {@code b} in every byte of a long. */
    static long broadcast(int b) {
        return (b & 0xFFL) * 0x0101010101010101L;
    }

    /** High bit set in exactly the bytes of {@code word} equal to the byte repeated in {@code pattern}. */
    static long equalBytes(long word, long pattern) {
        long v = word ^ pattern;
        return ~(((v & LOW7) + LOW7) | v | LOW7);
    }

    /**
     * Index of the first byte in {@code [p, end)} equal to a stop byte ({@code a} or {@code b}, a byte repeated
     * in a long, or LF or CR), or {@code end}. A byte equal to a stop byte becomes a zero byte after XOR, and the
     * lowest flagged zero byte is always a real one, so the first stop byte is found exactly.
     */
    static int find(byte[] buf, int p, int end, long a, long b) {
        while (p <= end - Long.BYTES) {
            long word = word(buf, p);
            long found = zeroBytes(word ^ a) | zeroBytes(word ^ b) | zeroBytes(word ^ LF_BITS) | zeroBytes(word ^ CR_BITS);
            if (found != 0) {
                return p + (Long.numberOfTrailingZeros(found) >>> 3);
            }
            p += Long.BYTES;
        }
        byte stopA = (byte) a;
        byte stopB = (byte) b;
        while (p < end) {
            byte c = buf[p];
            if (c == stopA || c == stopB || c == '\n' || c == '\r') {
                return p;
            }
            p++;
        }
        return end;
    }

    /** High bit set in each byte of {@code v} that is zero (exact for the lowest such byte). */
    private static long zeroBytes(long v) {
        return (v - 0x0101010101010101L) & ~v & 0x8080808080808080L;
    }
}
