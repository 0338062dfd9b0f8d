package org.dataexplorer.export;

import java.io.IOException;

/** Text forms of numbers that read back to the same value. */
final class Numbers {

    private static final double EXACT_LONG = 0x1p53;

    private Numbers() {
    }

    /**
     * Writes {@link #shortest} of a non-NaN value; whole values below 2^53 go straight to digits (no
     * allocation), infinities as {@code Infinity}/{@code -Infinity}.
     */
    static void write(double v, ByteOut out) throws IOException {
        if (v == Math.rint(v) && Math.abs(v) < EXACT_LONG && (v != 0 || 1 / v > 0)) {
            out.longValue((long) v);
        } else if (fewDecimals(v, out)) {
            return;
        } else if (Double.isInfinite(v)) {
            out.ascii(v > 0 ? "Infinity" : "-Infinity");
        } else {
            out.ascii(shortest(v));
        }
    }

    /**
     * The shortest text {@link Double#toString} gives, without a {@code .0} that carries nothing:
     * {@code 2} for 2.0, {@code 1E10} for 1.0E10, {@code 0.25} and {@code 1.5E-7} unchanged. Negative zero
     * stays {@code -0.0} so it does not read back as the integer 0. Only for finite values.
     */
    static String shortest(double v) {
        if (v == 0) {
            return 1 / v < 0 ? "-0.0" : "0";
        }
        String s = Double.toString(v);
        int e = s.indexOf('E');
        int mantissaEnd = e < 0 ? s.length() : e;
        if (mantissaEnd >= 2 && s.charAt(mantissaEnd - 1) == '0' && s.charAt(mantissaEnd - 2) == '.') {
            return s.substring(0, mantissaEnd - 2) + s.substring(mantissaEnd);
        }
        return s;
    }

    private static final double[] POW10 = {10, 100, 1000, 10_000};

    /**
     * Values with at most four decimals (prices, distances) written as fixed-point digits without
     * allocating: the smallest k with {@code round(v * 10^k) / 10^k == v} (both operands exact, the division
     * correctly rounded, so the text parses back to v).
     */
    private static boolean fewDecimals(double v, ByteOut out) throws IOException {
        double a = Math.abs(v);
        if (!(a >= 1e-4 && a < 1e11)) {
            return false;
        }
        for (int k = 0; k < POW10.length; k++) {
            double p = POW10[k];
            long m = Math.round(a * p);
            if (m / p == a) {
                long whole = m / (long) p;
                if (v < 0) {
                    out.write('-');
                }
                out.longValue(whole);
                out.write('.');
                out.padded(m - whole * (long) p, k + 1);
                return true;
            }
        }
        return false;
    }
}
