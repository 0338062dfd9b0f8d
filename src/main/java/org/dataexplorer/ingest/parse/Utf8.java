package org.dataexplorer.ingest.parse;

/** Byte-level UTF-8 checks for field values (RFC 3629: no overlongs, no surrogates, max U+10FFFF). */
final class Utf8 {

    static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};

    private Utf8() {
    }

    /** Index of the first byte of the first invalid sequence in {@code b[off, off+len)}, or -1. */
    static int firstInvalid(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end) {
            // Eight ASCII bytes at a time: most text is ASCII.
            while (i <= end - Long.BYTES && (Swar.word(b, i) & 0x8080808080808080L) == 0) {
                i += Long.BYTES;
            }
            if (i >= end) {
                break;
            }
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int n = sequenceLength(b, i, end);
            if (n < 0) {
                return i;
            }
            i += n;
        }
        return -1;
    }

    /** Length of the valid sequence at {@code i}, or -1. */
    private static int sequenceLength(byte[] b, int i, int end) {
        int c = b[i] & 0xFF;
        int n;
        int min;
        int max = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 2;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 3;
            min = c == 0xE0 ? 0xA0 : 0x80;
            max = c == 0xED ? 0x9F : 0xBF;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 4;
            min = c == 0xF0 ? 0x90 : 0x80;
            max = c == 0xF4 ? 0x8F : 0xBF;
        } else {
            return -1;
        }
        if (i + n > end) {
            return -1;
        }
        int second = b[i + 1] & 0xFF;
        if (second < min || second > max) {
            return -1;
        }
        for (int k = 2; k < n; k++) {
            int cont = b[i + k] & 0xFF;
            if (cont < 0x80 || cont > 0xBF) {
                return -1;
            }
        }
        return n;
    }

    /** Copies {@code b[off, off+len)} into {@code target}, each invalid byte replaced by U+FFFD; returns the length. */
    static int sanitize(byte[] b, int off, int len, byte[] target) {
        return sanitize(b, off, len, target, 0);
    }

    /** Like {@link #sanitize(byte[], int, int, byte[])}, writing from {@code target[at]}; returns the bytes written. */
    static int sanitize(byte[] b, int off, int len, byte[] target, int at) {
        int end = off + len;
        int o = at;
        int i = off;
        while (i < end) {
            int c = b[i] & 0xFF;
            int n = c < 0x80 ? 1 : sequenceLength(b, i, end);
            if (n < 0) {
                System.arraycopy(REPLACEMENT, 0, target, o, 3);
                o += 3;
                i++;
            } else {
                System.arraycopy(b, i, target, o, n);
                o += n;
                i += n;
            }
        }
        return o - at;
    }
}
