package org.dataexplorer.api.json;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import org.dataexplorer.ingest.parse.TemporalLayout;
import org.dataexplorer.query.CellSink;

/**
 * A JSON generator that writes UTF-8 bytes straight into a reused buffer: no Writer, no charset
 * encoder, no String per number. Pages of rows are mostly short strings and numbers, and that is
 * where a general-purpose generator spends its time. Separators are placed by the generator;
 * callers only say what comes next. Strings are escaped as RFC 8259 requires; a lone surrogate is
 * written as a {@code \}{@code uXXXX} escape rather than replaced.
 */
final class Utf8JsonOutput implements AutoCloseable, CellSink {

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final int MAX_DEPTH = 1000;
    private static final byte[] DIGIT_TENS = new byte[100];
    private static final byte[] DIGIT_ONES = new byte[100];

    static {
        for (int i = 0; i < 100; i++) {
            DIGIT_TENS[i] = (byte) ('0' + i / 10);
            DIGIT_ONES[i] = (byte) ('0' + i % 10);
        }
    }

    /**
     * The buffers of the thread's last finished output, lent to its next one: a page of rows is written in well
     * under a millisecond, and these arrays were a large share of the garbage each response left.
     */
    private static final ThreadLocal<Buffers> SPARE = new ThreadLocal<>();

    private record Buffers(byte[] bytes, byte[] dayText) {
    }

    private static final long MICROS_PER_DAY = 86_400_000_000L;

    private final OutputStream out;
    private final byte[] buffer;
    private int length;
    /**
     * Whether the next value needs a comma before it: false after an opening bracket or a member name, true
     * after any value. No stack is needed, since a closed container is itself a value of the level around it.
     */
    private boolean comma;
    private int depth;
    private boolean returned;
    /** The date part of the last timestamp written: rows of a page mostly share their day. */
    private final byte[] lastDayText;
    private long lastDay;
    private int lastDayLength;

    Utf8JsonOutput(OutputStream out) {
        this.out = out;
        Buffers spare = SPARE.get();
        if (spare != null) {
            SPARE.set(null);
            buffer = spare.bytes();
            lastDayText = spare.dayText();
        } else {
            buffer = new byte[8192];
            lastDayText = new byte[TemporalLayout.ISO_TIMESTAMP_MAX_BYTES];
        }
    }

    void startObject() {
        open('{');
    }

    void startArray() {
        open('[');
    }

    void endObject() {
        close('}');
    }

    void endArray() {
        close(']');
    }

    /** The member name of the next value, inside an object. */
    void name(String name) {
        separate();
        quoted(name);
        put((byte) ':');
        comma = false;
    }

    @Override
    public void string(String s) {
        separate();
        quoted(s);
    }

    @Override
    public void number(long v) {
        separate();
        if (v == Long.MIN_VALUE) {
            ascii("-9223372036854775808");
            return;
        }
        ensure(20);
        if (v < 0) {
            buffer[length++] = '-';
            v = -v;
        }
        length = digitsAt(v, length);
    }

    /** Writes {@code v} (not negative) in decimal at {@code at}, two digits per division; returns the end. */
    private int digitsAt(long v, int at) {
        int end = at + digits(v);
        int i = end;
        while (v >= 100) {
            int pair = (int) (v % 100);
            v /= 100;
            buffer[--i] = DIGIT_ONES[pair];
            buffer[--i] = DIGIT_TENS[pair];
        }
        if (v >= 10) {
            buffer[--i] = DIGIT_ONES[(int) v];
            buffer[--i] = DIGIT_TENS[(int) v];
        } else {
            buffer[--i] = (byte) ('0' + v);
        }
        return end;
    }

    /**
     * A finite double in the form {@link Double#toString} uses; NaN and infinities as null. Values with
     * at most two decimals between 0.001 and 10^7 (prices, amounts, measures) take a fast path that
     * writes the shortest such decimal, which parses back to the same double.
     */
    @Override
    public void number(double v) {
        if (!Double.isFinite(v)) {
            nul();
            return;
        }
        separate();
        double magnitude = Math.abs(v);
        if (magnitude >= 1e-3 && magnitude < 1e7) {
            // rint is one instruction where round is several; a tie (x.xx5) fails the check below either way.
            long scaled = (long) Math.rint(v * 100);
            if (scaled / 100.0 == v) {
                twoDecimals(scaled);
                return;
            }
        }
        ascii(Double.toString(v));
    }

    private void twoDecimals(long scaled) {
        ensure(24);
        if (scaled < 0) {
            buffer[length++] = '-';
            scaled = -scaled;
        }
        long whole = scaled / 100;
        int fraction = (int) (scaled % 100);
        length = digitsAt(whole, length);
        buffer[length++] = '.';
        buffer[length++] = (byte) ('0' + fraction / 10);
        if (fraction % 10 != 0) {
            buffer[length++] = (byte) ('0' + fraction % 10);
        }
    }

    /** Stored UTF-8 bytes as a JSON string: ASCII is copied (escaped where needed), anything else decoded first. */
    @Override
    public void utf8(byte[] bytes, int offset, int count) {
        separate();
        int end = offset + count;
        boolean plain = true;
        for (int i = offset; i < end; i++) {
            byte b = bytes[i];
            if (b < 0x20 || b == '"' || b == '\\') {
                // Negative bytes are non-ASCII: those are decoded as getString would (a malformed sequence
                // turns into U+FFFD the same way); control characters and quotes are escaped.
                if (b < 0) {
                    quoted(new String(bytes, offset, count, StandardCharsets.UTF_8));
                    return;
                }
                plain = false;
            }
        }
        if (plain && count <= buffer.length - 2) {
            ensure(count + 2);
            buffer[length++] = '"';
            System.arraycopy(bytes, offset, buffer, length, count);
            length += count;
            buffer[length++] = '"';
            return;
        }
        ensure(2);
        buffer[length++] = '"';
        int i = offset;
        while (i < end) {
            ensure(6 * 64 + 1);
            int stop = Math.min(end, i + 64);
            while (i < stop) {
                byte b = bytes[i++];
                if (b >= 0x20 && b != '"' && b != '\\') {
                    buffer[length++] = b;
                } else {
                    escape((char) b);
                }
            }
        }
        ensure(1);
        buffer[length++] = '"';
    }

    @Override
    public void isoDate(long epochDay) {
        separate();
        ensure(TemporalLayout.ISO_TIMESTAMP_MAX_BYTES + 2);
        buffer[length++] = '"';
        length = TemporalLayout.writeIsoDate(epochDay, buffer, length);
        buffer[length++] = '"';
    }

    @Override
    public void isoTimestamp(long epochMicros, boolean utc) {
        separate();
        ensure(TemporalLayout.ISO_TIMESTAMP_MAX_BYTES + 2);
        buffer[length++] = '"';
        long day = Math.floorDiv(epochMicros, MICROS_PER_DAY);
        if (day != lastDay || lastDayLength == 0) {
            lastDayLength = TemporalLayout.writeIsoDate(day, lastDayText, 0);
            lastDay = day;
        }
        System.arraycopy(lastDayText, 0, buffer, length, lastDayLength);
        length = TemporalLayout.writeIsoTimeOfDay(Math.floorMod(epochMicros, MICROS_PER_DAY), utc, buffer,
                length + lastDayLength);
        buffer[length++] = '"';
    }

    void number(BigDecimal v) {
        separate();
        ascii(v.toString());
    }

    @Override
    public void bool(boolean v) {
        separate();
        put(v ? TRUE : FALSE);
    }

    @Override
    public void nul() {
        separate();
        put(NULL);
    }

    void flush() {
        try {
            out.write(buffer, 0, length);
            length = 0;
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            out.write(buffer, 0, length);
            length = 0;
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Only after a clean close: the stream has taken the bytes, and no write can come any more.
        if (!returned) {
            returned = true;
            SPARE.set(new Buffers(buffer, lastDayText));
        }
    }

    private void open(char bracket) {
        separate();
        if (depth == MAX_DEPTH) {
            throw new IllegalStateException("JSON nested deeper than " + MAX_DEPTH);
        }
        put((byte) bracket);
        depth++;
        comma = false;
    }

    private void close(char bracket) {
        depth--;
        put((byte) bracket);
        comma = true;
    }

    private void separate() {
        if (comma) {
            put((byte) ',');
        }
        comma = true;
    }

    private void quoted(String s) {
        int n = s.length();
        // Worst case 6 bytes per char (unicode escapes); write in slices so the buffer stays small.
        ensure(2);
        buffer[length++] = '"';
        int i = 0;
        while (i < n) {
            ensure(6 * 64 + 6);
            int stop = Math.min(n, i + 64);
            while (i < stop) {
                char c = s.charAt(i++);
                if (c < 0x80) {
                    if (c >= 0x20 && c != '"' && c != '\\') {
                        buffer[length++] = (byte) c;
                    } else {
                        escape(c);
                    }
                } else if (c < 0x800) {
                    buffer[length++] = (byte) (0xC0 | c >> 6);
                    buffer[length++] = (byte) (0x80 | c & 0x3F);
                } else if (Character.isHighSurrogate(c) && i < n && Character.isLowSurrogate(s.charAt(i))) {
                    int cp = Character.toCodePoint(c, s.charAt(i++));
                    buffer[length++] = (byte) (0xF0 | cp >> 18);
                    buffer[length++] = (byte) (0x80 | cp >> 12 & 0x3F);
                    buffer[length++] = (byte) (0x80 | cp >> 6 & 0x3F);
                    buffer[length++] = (byte) (0x80 | cp & 0x3F);
                } else if (Character.isSurrogate(c)) {
                    unicodeEscape(c);
                } else {
                    buffer[length++] = (byte) (0xE0 | c >> 12);
                    buffer[length++] = (byte) (0x80 | c >> 6 & 0x3F);
                    buffer[length++] = (byte) (0x80 | c & 0x3F);
                }
            }
        }
        ensure(1);
        buffer[length++] = '"';
    }

    private void escape(char c) {
        byte e = switch (c) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '\n' -> 'n';
            case '\r' -> 'r';
            case '\t' -> 't';
            case '\b' -> 'b';
            case '\f' -> 'f';
            default -> 0;
        };
        if (e != 0) {
            buffer[length++] = '\\';
            buffer[length++] = e;
        } else {
            unicodeEscape(c);
        }
    }

    private void unicodeEscape(char c) {
        buffer[length++] = '\\';
        buffer[length++] = 'u';
        buffer[length++] = HEX[c >> 12 & 0xF];
        buffer[length++] = HEX[c >> 8 & 0xF];
        buffer[length++] = HEX[c >> 4 & 0xF];
        buffer[length++] = HEX[c & 0xF];
    }

    private void ascii(String s) {
        int n = s.length();
        for (int i = 0; i < n; ) {
            ensure(Math.min(n - i, 1024));
            int stop = Math.min(n, i + 1024);
            while (i < stop) {
                buffer[length++] = (byte) s.charAt(i++);
            }
        }
    }

    private void put(byte b) {
        ensure(1);
        buffer[length++] = b;
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
    }

    private void ensure(int room) {
        if (length + room > buffer.length) {
            try {
                out.write(buffer, 0, length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            length = 0;
        }
    }

    /** Decimal digits of {@code v}, which is not negative. */
    private static int digits(long v) {
        long bound = 10;
        for (int d = 1; d < 19; d++) {
            if (v < bound) {
                return d;
            }
            bound *= 10;
        }
        return 19;
    }
}
