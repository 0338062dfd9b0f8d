package org.dataexplorer.ingest.parse;

import java.nio.charset.StandardCharsets;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;

/**
 * Byte-level parsers for the cell values of typed columns. Values are UTF-8 slices of a reused
 * buffer; surrounding spaces and tabs are ignored (the same rule {@link TypeInference} applies).
 * Bad input throws {@link NumberFormatException} (numbers) or {@link IllegalArgumentException}.
 */
public final class ValueParsers {

    /** {@link #classifyNumber} result: not a number. */
    static final int NOT_NUMBER = 0;
    /** {@link #classifyNumber} result: a decimal or scientific number that is not an int64 integer. */
    static final int FLOAT = 1;
    /** {@link #classifyNumber} result: a canonical integer that fits in int64. */
    static final int INTEGER = 2;

    private static final byte[] LONG_MAX = "9223372036854775807".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LONG_MIN_ABS = "9223372036854775808".getBytes(StandardCharsets.US_ASCII);
    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
    };

    private ValueParsers() {
    }

    /**
     * Parses an int64 written as {@code [+-]?[0-9]+} (leading zeros and a plus sign are accepted here,
     * although inference never types such columns INTEGER).
     */
    public static long parseLong(byte[] buf, int off, int len) {
        int s = trimStart(buf, off, off + len);
        int e = trimEnd(buf, s, off + len);
        if (s == e) {
            throw new NumberFormatException("empty integer");
        }
        boolean negative = false;
        int p = s;
        if (buf[p] == '-' || buf[p] == '+') {
            negative = buf[p] == '-';
            p++;
        }
        if (p == e) {
            throw bad("integer", buf, off, len);
        }
        long acc = 0; // accumulated negatively so that Long.MIN_VALUE fits
        for (; p < e; p++) {
            int d = buf[p] - '0';
            if (d < 0 || d > 9) {
                throw bad("integer", buf, off, len);
            }
            if (acc < (Long.MIN_VALUE + d) / 10) {
                throw new NumberFormatException("integer out of int64 range: " + text(buf, off, len));
            }
            acc = acc * 10 - d;
        }
        if (!negative) {
            if (acc == Long.MIN_VALUE) {
                throw new NumberFormatException("integer out of int64 range: " + text(buf, off, len));
            }
            return -acc;
        }
        return acc;
    }

    /**
     * Parses a decimal or scientific number ({@code -1.5}, {@code .5}, {@code 2e-3}). Short values take
     * an exact fast path; others go through fastdoubleparser (correctly rounded, as {@link Double#parseDouble}).
     */
    public static double parseDouble(byte[] buf, int off, int len) {
        int s = trimStart(buf, off, off + len);
        int e = trimEnd(buf, s, off + len);
        if (!isNumberSyntax(buf, s, e, true)) {
            throw bad("number", buf, off, len);
        }
        double fast = fastDouble(buf, s, e);
        if (!Double.isNaN(fast)) {
            return fast;
        }
        // Correctly rounded like Double.parseDouble, without a String (the syntax was checked above).
        return JavaDoubleParser.parseDouble(buf, s, e - s);
    }

    /** {@link #plainLong} result for a value that is not a plain integer. */
    static final long NO_LONG = Long.MIN_VALUE;

    /**
     * The value of a plain integer, {@code -?(0|[1-9][0-9]{0,17})} (trimmed), else {@link #NO_LONG}: one
     * scan where {@link #classifyNumber} and {@link #parseLong} take two. Such a value is an INTEGER to
     * inference and parses to this number; anything else (longer, signed with +, leading zeros, not a
     * number) answers NO_LONG and must go the general way.
     */
    static long plainLong(byte[] b, int off, int end) {
        int s = trimStart(b, off, end);
        int e = trimEnd(b, s, end);
        int p = s;
        boolean negative = p < e && b[p] == '-';
        if (negative) {
            p++;
        }
        int digits = e - p;
        if (digits == 0 || digits > 18 || (digits > 1 && b[p] == '0')) {
            return NO_LONG;
        }
        long value = 0;
        for (; p < e; p++) {
            int d = b[p] - '0';
            if (d < 0 || d > 9) {
                return NO_LONG;
            }
            value = value * 10 + d;
        }
        return negative ? -value : value;
    }

    /**
     * The value of a plain decimal, {@code -?(0|[1-9][0-9]*)(\.[0-9]*)?} (trimmed) with at most 15 digits,
     * else NaN: one scan where {@link #classifyNumber} and {@link #parseDouble} take two. Such a value is
     * a number to inference, and the result is exactly what {@link #parseDouble} gives (both mantissa and
     * power of ten are exact doubles, so the one division rounds correctly). Anything else answers NaN and
     * must go the general way.
     */
    static double plainDouble(byte[] b, int off, int end) {
        int s = trimStart(b, off, end);
        int e = trimEnd(b, s, end);
        int p = s;
        boolean negative = p < e && b[p] == '-';
        if (negative) {
            p++;
        }
        int intStart = p;
        long mantissa = 0;
        while (p < e && isDigit(b[p])) {
            mantissa = mantissa * 10 + (b[p++] - '0');
        }
        int intDigits = p - intStart;
        if (intDigits == 0 || (intDigits > 1 && b[intStart] == '0')) {
            return Double.NaN;
        }
        int fracDigits = 0;
        if (p < e && b[p] == '.') {
            int fracStart = ++p;
            while (p < e && isDigit(b[p])) {
                mantissa = mantissa * 10 + (b[p++] - '0');
            }
            fracDigits = p - fracStart;
        }
        if (p != e || intDigits + fracDigits > 15) {
            return Double.NaN;
        }
        double value = fracDigits == 0 ? mantissa : mantissa / POW10[fracDigits];
        return negative ? -value : value;
    }

    /** Parses {@code true/false/yes/no}, case-insensitive. */
    public static boolean parseBoolean(byte[] buf, int off, int len) {
        int s = trimStart(buf, off, off + len);
        int e = trimEnd(buf, s, off + len);
        int b = booleanValue(buf, s, e);
        if (b < 0) {
            throw new IllegalArgumentException("not a boolean: " + text(buf, off, len));
        }
        return b == 1;
    }

    /** 1 for true/yes, 0 for false/no, -1 for anything else (already trimmed slice [s, e)). */
    static int booleanValue(byte[] b, int s, int e) {
        int n = e - s;
        if (n == 4 && eqIgnoreCase(b, s, "true")) {
            return 1;
        }
        if (n == 3 && eqIgnoreCase(b, s, "yes")) {
            return 1;
        }
        if (n == 5 && eqIgnoreCase(b, s, "false")) {
            return 0;
        }
        if (n == 2 && eqIgnoreCase(b, s, "no")) {
            return 0;
        }
        return -1;
    }

    /**
     * Classifies the trimmed slice [s, e): {@link #INTEGER} for {@code -?(0|[1-9][0-9]*)} within int64,
     * {@link #FLOAT} for other numbers (fraction, exponent, or integers beyond int64), else
     * {@link #NOT_NUMBER}. A leading {@code +} and leading zeros ({@code 007}, {@code 00.5}) are not numbers.
     */
    static int classifyNumber(byte[] b, int s, int e) {
        if (!isNumberSyntax(b, s, e, false)) {
            return NOT_NUMBER;
        }
        int p = s;
        boolean negative = b[p] == '-';
        if (negative) {
            p++;
        }
        for (int i = p; i < e; i++) {
            byte c = b[i];
            if (c < '0' || c > '9') {
                return FLOAT;
            }
        }
        int digits = e - p;
        if (digits < 19) {
            return INTEGER;
        }
        if (digits > 19) {
            return FLOAT;
        }
        byte[] limit = negative ? LONG_MIN_ABS : LONG_MAX;
        for (int i = 0; i < 19; i++) {
            if (b[p + i] != limit[i]) {
                return b[p + i] < limit[i] ? INTEGER : FLOAT;
            }
        }
        return INTEGER;
    }

    /**
     * {@code -?(int)?(.frac)?([eE][+-]?digits)?} with at least one mantissa digit. With
     * {@code lenient}, a leading {@code +} and leading zeros are also accepted.
     */
    private static boolean isNumberSyntax(byte[] b, int s, int e, boolean lenient) {
        int p = s;
        if (p < e && (b[p] == '-' || (lenient && b[p] == '+'))) {
            p++;
        }
        int intStart = p;
        while (p < e && isDigit(b[p])) {
            p++;
        }
        int intDigits = p - intStart;
        if (!lenient && intDigits > 1 && b[intStart] == '0') {
            return false;
        }
        int fracDigits = 0;
        if (p < e && b[p] == '.') {
            p++;
            int fracStart = p;
            while (p < e && isDigit(b[p])) {
                p++;
            }
            fracDigits = p - fracStart;
        }
        if (intDigits == 0 && fracDigits == 0) {
            return false;
        }
        if (p < e && (b[p] == 'e' || b[p] == 'E')) {
            p++;
            if (p < e && (b[p] == '+' || b[p] == '-')) {
                p++;
            }
            int expStart = p;
            while (p < e && isDigit(b[p])) {
                p++;
            }
            if (p == expStart) {
                return false;
            }
        }
        return p == e;
    }

    /** Exact result when mantissa and power of ten are both exactly representable, else NaN. */
    private static double fastDouble(byte[] b, int s, int e) {
        int p = s;
        boolean negative = false;
        if (b[p] == '-' || b[p] == '+') {
            negative = b[p] == '-';
            p++;
        }
        long mantissa = 0;
        int significant = 0;
        int scale = 0;
        boolean seenDot = false;
        for (; p < e; p++) {
            byte c = b[p];
            if (c == '.') {
                seenDot = true;
                continue;
            }
            if (c == 'e' || c == 'E') {
                break;
            }
            if (mantissa == 0 && c == '0') {
                if (seenDot) {
                    scale--;
                }
                continue;
            }
            if (++significant > 15) {
                return Double.NaN;
            }
            mantissa = mantissa * 10 + (c - '0');
            if (seenDot) {
                scale--;
            }
        }
        if (p < e) {
            p++;
            boolean expNegative = false;
            if (b[p] == '+' || b[p] == '-') {
                expNegative = b[p] == '-';
                p++;
            }
            int exp = 0;
            for (; p < e; p++) {
                exp = exp * 10 + (b[p] - '0');
                if (exp > 400) {
                    return Double.NaN;
                }
            }
            scale += expNegative ? -exp : exp;
        }
        double value;
        if (mantissa == 0) {
            value = 0.0;
        } else if (scale >= 0 && scale <= 22) {
            value = mantissa * POW10[scale];
            if (value >= 9.007199254740992E15) {
                return Double.NaN; // product may be rounded twice
            }
        } else if (scale < 0 && scale >= -22) {
            value = mantissa / POW10[-scale];
        } else {
            return Double.NaN;
        }
        return negative ? -value : value;
    }

    static int trimStart(byte[] b, int s, int e) {
        while (s < e && (b[s] == ' ' || b[s] == '\t')) {
            s++;
        }
        return s;
    }

    static int trimEnd(byte[] b, int s, int e) {
        while (e > s && (b[e - 1] == ' ' || b[e - 1] == '\t')) {
            e--;
        }
        return e;
    }

    static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean eqIgnoreCase(byte[] b, int s, String lower) {
        for (int i = 0; i < lower.length(); i++) {
            if ((b[s + i] | 0x20) != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static NumberFormatException bad(String what, byte[] buf, int off, int len) {
        return new NumberFormatException("not a valid " + what + ": " + text(buf, off, len));
    }

    private static String text(byte[] buf, int off, int len) {
        String s = new String(buf, off, Math.min(len, 64), StandardCharsets.UTF_8);
        return '"' + s + (len > 64 ? "…" : "") + '"';
    }
}
