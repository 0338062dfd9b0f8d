package org.dataexplorer.store.stats;

import org.dataexplorer.store.Hash64;

/**
 * A HyperLogLog distinct-count estimator of 2<sup>14</sup> one-byte registers (16 KB, about 0.8% standard
 * error), fed 64-bit hashes: a key costs one multiply-and-shift hash and one register update, where a
 * general-purpose sketch hashes every key with 128-bit MurmurHash3. The estimate is Ertl's improved raw
 * estimator ("New cardinality estimation algorithms for HyperLogLog sketches", 2017), which is unbiased
 * from one value to billions without bias tables or a switch to linear counting. Not thread-safe.
 */
final class HyperLogLog {

    private static final int P = 14;
    private static final int M = 1 << P;
    /** Bits of the hash left for the rank once the register index is taken. */
    private static final int Q = 64 - P;

    private final byte[] registers = new byte[M];

    void addLong(long key) {
        addHash(Hash64.ofLong(key));
    }

    /** The UTF-8 bytes {@code b[off, off + length)} as a key. */
    void addBytes(byte[] b, int off, int length) {
        addHash(Hash64.ofBytes(b, off, length));
    }

    private void addHash(long hash) {
        int index = (int) (hash >>> Q);
        // Leading zeros of the other Q bits, plus one; a sentinel bit caps it at Q + 1.
        int rank = Long.numberOfLeadingZeros((hash << P) | (1L << (P - 1))) + 1;
        if (rank > registers[index]) {
            registers[index] = (byte) rank;
        }
    }

    long estimate() {
        int[] histogram = new int[Q + 2];
        for (byte r : registers) {
            histogram[r]++;
        }
        double z = M * tau(1 - (double) histogram[Q + 1] / M);
        for (int k = Q; k >= 1; k--) {
            z = 0.5 * (z + histogram[k]);
        }
        z += M * sigma((double) histogram[0] / M);
        return Math.round(M / (2 * Math.log(2)) * M / z);
    }

    private static double sigma(double x) {
        if (x == 1) {
            return Double.POSITIVE_INFINITY;
        }
        double y = 1;
        double z = x;
        while (true) {
            x *= x;
            double previous = z;
            z += x * y;
            y += y;
            if (z == previous) {
                return z;
            }
        }
    }

    private static double tau(double x) {
        if (x == 0 || x == 1) {
            return 0;
        }
        double y = 1;
        double z = 1 - x;
        while (true) {
            x = Math.sqrt(x);
            double previous = z;
            y *= 0.5;
            z -= (1 - x) * (1 - x) * y;
            if (z == previous) {
                return z / 3;
            }
        }
    }
}
