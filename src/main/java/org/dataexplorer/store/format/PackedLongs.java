package org.dataexplorer.store.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

import org.dataexplorer.store.ColumnChunk;
import org.dataexplorer.store.ColumnType;

/**
 * The PACKED and DECIMAL value encodings of a column section (spec in {@code package-info}): each value is stored as
 * {@code (value - base) / multiplier} in {@code width} bits, back to back in int64 words. Values of a chunk usually
 * span a narrow range (ids, small counts, timestamps of whole seconds, money with two decimals), so a value takes a
 * few bits instead of 64; a row still decodes independently of the others.
 *
 * @param base       the smallest non-null value (0 when every row is null)
 * @param multiplier the step every value minus base is a multiple of (at least 1)
 * @param width      bits per value, 0 (every value is base) to 64
 */
record PackedLongs(long base, long multiplier, int width) {

    /** Header bytes before the words: base, multiplier, width. */
    static final int HEADER_BYTES = 17;
    /** Most decimal places the DECIMAL encoding stores a FLOAT column with. */
    static final int MAX_SCALE = 9;
    /** Scaled decimals beyond 2^53 are not all exact doubles, so such a column stays PLAIN. */
    private static final double MAX_EXACT = 9_007_199_254_740_992.0;
    private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};

    /** How INTEGER, DATE or TIMESTAMP values pack; TIMESTAMPs of whole seconds or milliseconds get that step. */
    static PackedLongs of(ColumnChunk column) {
        int rows = column.size();
        boolean nulls = column.nullCount() > 0;
        boolean timestamps = column.type() == ColumnType.TIMESTAMP;
        boolean millis = timestamps;
        boolean seconds = timestamps;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int row = 0; row < rows; row++) {
            if (nulls && column.isNull(row)) {
                continue;
            }
            long v = column.getLong(row);
            min = Math.min(min, v);
            max = Math.max(max, v);
            if (millis) {
                if (v % 1_000 != 0) {
                    millis = false;
                    seconds = false;
                } else if (seconds && v % 1_000_000 != 0) {
                    seconds = false;
                }
            }
        }
        if (min > max) {
            return new PackedLongs(0, 1, 0);
        }
        long multiplier = seconds ? 1_000_000 : millis ? 1_000 : 1;
        return new PackedLongs(min, multiplier, widthOf(Long.divideUnsigned(max - min, multiplier)));
    }

    /**
     * How a FLOAT column packs as decimals: the fewest decimal places (at most {@link #MAX_SCALE}) that store every
     * non-null value exactly, as an integer {@code k} with {@code k / 10^scale} giving the value's very bits back,
     * and how those integers pack; null when there is no such scale (NaN, infinities, -0.0, more places, or
     * magnitudes past 2^53 once scaled).
     */
    static Decimals decimals(ColumnChunk column) {
        int rows = column.size();
        boolean nulls = column.nullCount() > 0;
        int scale = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int row = 0; row < rows; row++) {
            if (nulls && column.isNull(row)) {
                continue;
            }
            double v = column.getDouble(row);
            while (!exactAt(v, scale)) {
                if (++scale > MAX_SCALE) {
                    return null;
                }
            }
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (min > max) {
            return new Decimals(0, new PackedLongs(0, 1, 0));
        }
        // Rounding a product with a positive factor keeps order, so the scaled bounds are the bounds scaled.
        long low = Math.round(min * POW10[scale]);
        long high = Math.round(max * POW10[scale]);
        return new Decimals(scale, new PackedLongs(low, 1, widthOf(high - low)));
    }

    /** The DECIMAL encoding of a FLOAT column: its decimal places and how the scaled values pack. */
    record Decimals(int scale, PackedLongs packing) {
    }

    private static boolean exactAt(double v, int scale) {
        double scaled = v * POW10[scale];
        if (!(Math.abs(scaled) <= MAX_EXACT)) {
            return false;
        }
        return Double.doubleToRawLongBits(Math.round(scaled) / POW10[scale]) == Double.doubleToRawLongBits(v);
    }

    private static int widthOf(long unsignedRange) {
        return 64 - Long.numberOfLeadingZeros(unsignedRange);
    }

    static long wordCount(int rows, int width) {
        return ((long) rows * width + 63) >>> 6;
    }

    /** Section bytes of the packed values, header included. */
    long bytes(int rows) {
        return HEADER_BYTES + wordCount(rows, width) * Long.BYTES;
    }

    void writeLongs(ColumnChunk column, ChunkOutput out) throws IOException {
        writeHeader(out);
        int rows = column.size();
        boolean nulls = column.nullCount() > 0;
        Packer packer = new Packer(out, width);
        // A division by a variable costs tens of cycles; by a constant the JIT makes it a multiply. The signed forms
        // hold when every distance from base fits 63 bits (it is below 2^width x multiplier), the unsigned one always.
        boolean signed = width + (64 - Long.numberOfLeadingZeros(multiplier)) <= 63;
        for (int row = 0; row < rows; row++) {
            long distance = nulls && column.isNull(row) ? 0 : column.getLong(row) - base;
            long unit;
            if (multiplier == 1) {
                unit = distance;
            } else if (signed && multiplier == 1_000_000) {
                unit = distance / 1_000_000;
            } else if (signed && multiplier == 1_000) {
                unit = distance / 1_000;
            } else {
                unit = Long.divideUnsigned(distance, multiplier);
            }
            packer.add(unit);
        }
        packer.finish();
    }

    void writeDecimals(ColumnChunk column, int scale, ChunkOutput out) throws IOException {
        out.writeByte((byte) scale);
        writeHeader(out);
        int rows = column.size();
        boolean nulls = column.nullCount() > 0;
        double factor = POW10[scale];
        Packer packer = new Packer(out, width);
        for (int row = 0; row < rows; row++) {
            packer.add(nulls && column.isNull(row) ? 0 : Math.round(column.getDouble(row) * factor) - base);
        }
        packer.finish();
    }

    private void writeHeader(ChunkOutput out) throws IOException {
        out.writeLong(base);
        out.writeLong(multiplier);
        out.writeByte((byte) width);
    }

    /** Reads a header and its words; {@code rows} values, a null row (in {@code nulls}) holding 0. */
    static long[] readLongs(ByteBuffer in, int rows, long[] nulls, Path file) throws CorruptChunkException {
        PackedLongs packing = readHeader(in, file);
        long[] values = packing.unpack(in, rows, file);
        forEachNull(nulls, rows, row -> values[row] = 0);
        return values;
    }

    /** Reads a DECIMAL encoding: scale, header and words; a null row holds 0.0. */
    static double[] readDecimals(ByteBuffer in, int rows, long[] nulls, Path file) throws CorruptChunkException {
        int scale = in.get();
        if (scale < 0 || scale > MAX_SCALE) {
            throw new CorruptChunkException(file, "bad decimal scale " + scale);
        }
        PackedLongs packing = readHeader(in, file);
        long[] scaled = packing.unpack(in, rows, file);
        double factor = POW10[scale];
        double[] values = new double[rows];
        for (int row = 0; row < rows; row++) {
            values[row] = scaled[row] / factor;
        }
        forEachNull(nulls, rows, row -> values[row] = 0);
        return values;
    }

    /** A null row holds 0 whatever its packed bits, as in a PLAIN section. */
    private static void forEachNull(long[] nulls, int rows, java.util.function.IntConsumer action) {
        if (nulls == null) {
            return;
        }
        for (int row = 0; row < rows; row++) {
            if ((nulls[row >>> 6] & (1L << row)) != 0) {
                action.accept(row);
            }
        }
    }

    private static PackedLongs readHeader(ByteBuffer in, Path file) throws CorruptChunkException {
        long base = in.getLong();
        long multiplier = in.getLong();
        int width = in.get();
        if (multiplier < 1 || width < 0 || width > 64) {
            throw new CorruptChunkException(file, "bad packing: multiplier " + multiplier + ", width " + width);
        }
        return new PackedLongs(base, multiplier, width);
    }

    private long[] unpack(ByteBuffer in, int rows, Path file) throws CorruptChunkException {
        long words = wordCount(rows, width);
        if (words * Long.BYTES > in.remaining()) {
            throw new CorruptChunkException(file, "column section ends early: needs " + words * Long.BYTES
                    + " more bytes, has " + in.remaining());
        }
        long[] packed = new long[(int) words];
        in.asLongBuffer().get(packed);
        in.position(in.position() + packed.length * Long.BYTES);
        long[] values = new long[rows];
        if (width == 0) {
            java.util.Arrays.fill(values, base);
            return values;
        }
        long mask = width == 64 ? -1L : (1L << width) - 1;
        long bit = 0;
        for (int row = 0; row < rows; row++) {
            int word = (int) (bit >>> 6);
            int shift = (int) (bit & 63);
            long unit = packed[word] >>> shift;
            if (shift + width > 64) {
                unit |= packed[word + 1] << (64 - shift);
            }
            values[row] = base + (unit & mask) * multiplier;
            bit += width;
        }
        return values;
    }

    /** Appends {@code width}-bit units to int64 words, low bits first. */
    private static final class Packer {
        private final ChunkOutput out;
        private final int width;
        private long word;
        private int filled;

        Packer(ChunkOutput out, int width) {
            this.out = out;
            this.width = width;
        }

        void add(long unit) throws IOException {
            if (width == 0) {
                return;
            }
            word |= unit << filled;
            int total = filled + width;
            if (total >= 64) {
                out.writeLong(word);
                int used = 64 - filled;
                word = used == 64 ? 0 : unit >>> used;
                filled = total - 64;
            } else {
                filled = total;
            }
        }

        void finish() throws IOException {
            if (filled > 0) {
                out.writeLong(word);
            }
        }
    }
}
