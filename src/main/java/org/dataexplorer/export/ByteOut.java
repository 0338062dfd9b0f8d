package org.dataexplorer.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** A fixed byte buffer in front of an output stream, with the few writes the text formats need. */
final class ByteOut {

    private static final int SIZE = 1 << 16;

    private final OutputStream out;
    private byte[] buf = new byte[SIZE];
    private int n;

    ByteOut(OutputStream out) {
        this.out = out;
    }

    void write(int b) throws IOException {
        if (n == buf.length) {
            drain();
        }
        buf[n++] = (byte) b;
    }

    void write(byte[] b, int off, int len) throws IOException {
        if (len > buf.length - n) {
            drain();
            if (len > buf.length) {
                out.write(b, off, len);
                return;
            }
        }
        System.arraycopy(b, off, buf, n, len);
        n += len;
    }

    void write(byte[] b) throws IOException {
        write(b, 0, b.length);
    }

    /** Text known to be ASCII (numbers, dates, keywords). */
    void ascii(CharSequence s) throws IOException {
        int len = s.length();
        if (len > buf.length - n) {
            drain();
        }
        if (len > buf.length) {
            out.write(s.toString().getBytes(StandardCharsets.US_ASCII));
            return;
        }
        for (int i = 0; i < len; i++) {
            buf[n++] = (byte) s.charAt(i);
        }
    }

    /** Room for {@code len} more bytes at {@link #array()}[{@link #length()}]; len must be at most 64 KiB. */
    void reserve(int len) throws IOException {
        if (len > buf.length - n) {
            drain();
        }
    }

    byte[] array() {
        return buf;
    }

    int length() {
        return n;
    }

    void advance(int len) {
        n += len;
    }

    void longValue(long v) throws IOException {
        reserve(20);
        if (v == Long.MIN_VALUE) {
            ascii("-9223372036854775808");
            return;
        }
        if (v < 0) {
            buf[n++] = '-';
            v = -v;
        }
        int start = n;
        do {
            buf[n++] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
        for (int i = start, j = n - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
    }

    /** Digits of {@code v} padded with zeros to {@code width}. */
    void padded(long v, int width) throws IOException {
        reserve(20);
        int end = n + width;
        for (int i = end - 1; i >= n; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        n = end;
    }

    /** Drains the buffer into the stream (without flushing the stream). */
    void drain() throws IOException {
        if (n > 0) {
            out.write(buf, 0, n);
            n = 0;
        }
    }

    void flush() throws IOException {
        drain();
        out.flush();
    }

    /** A growable in-memory stream for small precomputed pieces. */
    static final class Collector extends java.io.ByteArrayOutputStream {
    }
}
