package org.dataexplorer.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One decoded column of one chunk, held in primitive arrays (no object per value). Immutable once
 * built, so one instance may be shared by many reading threads.
 *
 * <p>Layout by type: INTEGER, DATE and TIMESTAMP in a {@code long[]}; FLOAT in a {@code double[]};
 * BOOLEAN as a bitmap in a {@code long[]}; STRING either plain (all UTF-8 bytes in one
 * {@code byte[]} with {@code int[]} offsets) or dictionary encoded ({@code int[]} codes into a
 * dictionary held the same way). Nulls are a bitmap ({@code null} when the column has none); the
 * value slot of a null row holds 0, false or the empty string, and its dictionary code is -1.
 */
public final class ColumnChunk {

    /** Most distinct values a dictionary-encoded chunk may hold (codes then fit in two bytes). */
    public static final int MAX_DICTIONARY_SIZE = 65_536;

    /** Longest min/max string kept in {@link ChunkColumnInfo}, in code points. */
    public static final int MAX_STAT_STRING_LENGTH = 64;

    private final ColumnType type;
    private final int size;
    private final int nullCount;
    private final long[] nulls;
    private final long[] longs;
    private final double[] doubles;
    private final long[] bits;
    private final byte[] bytes;
    private final int[] offsets;
    private final int[] codes;

    private ColumnChunk(ColumnType type, int size, long[] nulls, long[] longs, double[] doubles, long[] bits,
                        byte[] bytes, int[] offsets, int[] codes) {
        this.type = Objects.requireNonNull(type, "type");
        this.size = size;
        this.nulls = nulls;
        this.nullCount = nulls == null ? 0 : countBits(nulls, size);
        this.longs = longs;
        this.doubles = doubles;
        this.bits = bits;
        this.bytes = bytes;
        this.offsets = offsets;
        this.codes = codes;
    }

    // ---- factories for the chunk file decoder: they take ownership of the arrays, no copy ----

    /**
     * INTEGER, DATE or TIMESTAMP values. For {@code store.format}: the arrays are kept, not copied.
     *
     * @param nulls null bitmap (bit {@code row % 64} of word {@code row / 64}), or null when none
     */
    public static ColumnChunk ofLongs(ColumnType type, int size, long[] values, long[] nulls) {
        if (!type.isLongBacked()) {
            throw new IllegalArgumentException(type + " is not held as int64");
        }
        checkLength(values.length, size, "values");
        checkBitmap(nulls, size);
        return new ColumnChunk(type, size, nullsOrNone(nulls, size), values, null, null, null, null, null);
    }

    /** FLOAT values; see {@link #ofLongs}. */
    public static ColumnChunk ofDoubles(int size, double[] values, long[] nulls) {
        checkLength(values.length, size, "values");
        checkBitmap(nulls, size);
        return new ColumnChunk(ColumnType.FLOAT, size, nullsOrNone(nulls, size), null, values, null, null, null, null);
    }

    /** BOOLEAN values as a bitmap; see {@link #ofLongs}. */
    public static ColumnChunk ofBooleans(int size, long[] valueBits, long[] nulls) {
        checkBitmap(valueBits, size);
        Objects.requireNonNull(valueBits, "valueBits");
        checkBitmap(nulls, size);
        return new ColumnChunk(ColumnType.BOOLEAN, size, nullsOrNone(nulls, size), null, null, valueBits, null, null,
                null);
    }

    /**
     * Plain STRING values: row {@code r} is {@code utf8[offsets[r] .. offsets[r + 1])}; see {@link #ofLongs}.
     */
    public static ColumnChunk ofStrings(int size, byte[] utf8, int[] offsets, long[] nulls) {
        checkLength(offsets.length, size + 1, "offsets");
        checkOffsets(offsets, utf8.length);
        checkBitmap(nulls, size);
        return new ColumnChunk(ColumnType.STRING, size, nullsOrNone(nulls, size), null, null, null, utf8, offsets,
                null);
    }

    /**
     * A STRING column of values that lie in a shared buffer (a block of source text), row {@code r} at
     * {@code bytes[starts[r], ends[r])} unless null: dictionary encoded as {@link Builder#build} would, else with
     * the values copied out. The arrays are only read.
     */
    public static ColumnChunk ofText(int size, byte[] bytes, int[] starts, int[] ends, long[] nulls) {
        long[] nullBits = nulls == null ? null : Arrays.copyOf(nulls, wordCount(size));
        if (nullBits != null && size % 64 != 0) {
            nullBits[nullBits.length - 1] &= -1L >>> (64 - size % 64);
        }
        ColumnChunk dictionary = tryDictionary(size, bytes, starts, 0, ends, 0, nullBits);
        if (dictionary != null) {
            return dictionary;
        }
        int[] offsets = new int[size + 1];
        long total = 0;
        for (int r = 0; r < size; r++) {
            boolean isNull = nullBits != null && (nullBits[r >>> 6] & (1L << r)) != 0;
            total += isNull ? 0 : ends[r] - starts[r];
            if (total > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("chunk column exceeds 2 GB of text");
            }
            offsets[r + 1] = (int) total;
        }
        byte[] utf8 = new byte[(int) total];
        for (int r = 0; r < size; r++) {
            System.arraycopy(bytes, starts[r], utf8, offsets[r], offsets[r + 1] - offsets[r]);
        }
        return ofStrings(size, utf8, offsets, nullBits);
    }

    /**
     * The STRING values of rows {@code [0, size)}, row {@code r} at {@code bytes[starts[startsAt + r],
     * ends[endsAt + r])}, dictionary encoded when they have at most {@code size / 2} and at most
     * {@link #MAX_DICTIONARY_SIZE} distinct values; else null. An open-addressing hash of row numbers (the first
     * occurrence of each value) that gives up past the limit.
     */
    private static ColumnChunk tryDictionary(int size, byte[] bytes, int[] starts, int startsAt, int[] ends, int endsAt,
                                             long[] nullBits) {
        int limit = Math.min(size / 2, MAX_DICTIONARY_SIZE);
        int tableSize = Integer.highestOneBit(Math.max(4, limit) * 2) * 2;
        int[] table = new int[tableSize];
        Arrays.fill(table, -1);
        int[] firstRowOfCode = new int[Math.max(1, Math.min(limit, 1024))];
        int[] codes = new int[size];
        int distinct = 0;
        int mask = tableSize - 1;
        for (int row = 0; row < size; row++) {
            if (nullBits != null && (nullBits[row >>> 6] & (1L << row)) != 0) {
                codes[row] = -1;
                continue;
            }
            int start = starts[startsAt + row];
            int end = ends[endsAt + row];
            int slot = (int) Hash64.ofBytes(bytes, start, end - start) & mask;
            while (true) {
                int code = table[slot];
                if (code < 0) {
                    if (distinct == limit) {
                        return null;
                    }
                    if (distinct == firstRowOfCode.length) {
                        firstRowOfCode = Arrays.copyOf(firstRowOfCode, Math.min(limit, distinct * 2));
                    }
                    firstRowOfCode[distinct] = row;
                    table[slot] = distinct;
                    codes[row] = distinct++;
                    break;
                }
                int other = firstRowOfCode[code];
                if (Arrays.equals(bytes, start, end, bytes, starts[startsAt + other], ends[endsAt + other])) {
                    codes[row] = code;
                    break;
                }
                slot = (slot + 1) & mask;
            }
        }
        int[] dictOffsets = new int[distinct + 1];
        int dictBytes = 0;
        for (int c = 0; c < distinct; c++) {
            int r = firstRowOfCode[c];
            dictBytes += ends[endsAt + r] - starts[startsAt + r];
            dictOffsets[c + 1] = dictBytes;
        }
        byte[] dict = new byte[dictBytes];
        for (int c = 0; c < distinct; c++) {
            int r = firstRowOfCode[c];
            System.arraycopy(bytes, starts[startsAt + r], dict, dictOffsets[c], ends[endsAt + r] - starts[startsAt + r]);
        }
        return ofDictionary(size, codes, dict, dictOffsets, nullBits);
    }

    /**
     * Dictionary-encoded STRING values: dictionary entry {@code c} is
     * {@code dictUtf8[dictOffsets[c] .. dictOffsets[c + 1])}, row {@code r} holds code {@code codes[r]}
     * (-1 for null rows); see {@link #ofLongs}.
     */
    public static ColumnChunk ofDictionary(int size, int[] codes, byte[] dictUtf8, int[] dictOffsets, long[] nulls) {
        checkLength(codes.length, size, "codes");
        if (dictOffsets.length < 1 || dictOffsets.length - 1 > MAX_DICTIONARY_SIZE) {
            throw new IllegalArgumentException("bad dictionary size " + (dictOffsets.length - 1));
        }
        checkOffsets(dictOffsets, dictUtf8.length);
        checkBitmap(nulls, size);
        int dictSize = dictOffsets.length - 1;
        for (int row = 0; row < size; row++) {
            boolean isNull = nulls != null && (nulls[row >>> 6] & (1L << row)) != 0;
            if (isNull) {
                codes[row] = -1;
            } else if (codes[row] < 0 || codes[row] >= dictSize) {
                throw new IllegalArgumentException("code " + codes[row] + " at row " + row
                        + " outside dictionary of " + dictSize);
            }
        }
        return new ColumnChunk(ColumnType.STRING, size, nullsOrNone(nulls, size), null, null, null, dictUtf8,
                dictOffsets, codes);
    }

    // ---- reading ----

    public ColumnType type() {
        return type;
    }

    public int size() {
        return size;
    }

    public int nullCount() {
        return nullCount;
    }

    public boolean isNull(int row) {
        Objects.checkIndex(row, size);
        return nulls != null && (nulls[row >>> 6] & (1L << row)) != 0;
    }

    /** INTEGER value, DATE epoch day or TIMESTAMP epoch microseconds; 0 for a null row. */
    public long getLong(int row) {
        if (longs == null) {
            throw wrongType("getLong");
        }
        Objects.checkIndex(row, size);
        return longs[row];
    }

    /** Copies the long values of rows {@code [from, from + count)} (as {@link #getLong}) to {@code target[at...]}. */
    public void copyLongs(int from, long[] target, int at, int count) {
        if (longs == null) {
            throw wrongType("copyLongs");
        }
        Objects.checkFromIndexSize(from, count, size);
        System.arraycopy(longs, from, target, at, count);
    }

    /** FLOAT value; INTEGER chunks answer too, widened. 0 for a null row. */
    public double getDouble(int row) {
        Objects.checkIndex(row, size);
        if (doubles != null) {
            return doubles[row];
        }
        if (type == ColumnType.INTEGER) {
            return longs[row];
        }
        throw wrongType("getDouble");
    }

    /** BOOLEAN value; false for a null row. */
    public boolean getBoolean(int row) {
        if (bits == null) {
            throw wrongType("getBoolean");
        }
        Objects.checkIndex(row, size);
        return (bits[row >>> 6] & (1L << row)) != 0;
    }

    /** STRING value, or null for a null row. Allocates: meant for output, not for scans. */
    public String getString(int row) {
        requireString("getString");
        if (isNull(row)) {
            return null;
        }
        int start = stringStart(row);
        return new String(bytes, start, stringEnd(row) - start, StandardCharsets.UTF_8);
    }

    /** Length in bytes of the UTF-8 form of a STRING value (0 for a null row). */
    public int utf8Length(int row) {
        requireString("utf8Length");
        Objects.checkIndex(row, size);
        return stringEnd(row) - stringStart(row);
    }

    /** Copies the UTF-8 bytes of a STRING value to {@code dst} and returns how many were copied. */
    public int copyUtf8(int row, byte[] dst, int dstOffset) {
        int length = utf8Length(row);
        System.arraycopy(bytes, stringStart(row), dst, dstOffset, length);
        return length;
    }

    /** Compares two STRING values in UTF-8 byte (= code point) order; nulls sort first. */
    public int compareStrings(int rowA, int rowB) {
        requireString("compareStrings");
        boolean nullA = isNull(rowA);
        boolean nullB = isNull(rowB);
        if (nullA || nullB) {
            return Boolean.compare(!nullA, !nullB);
        }
        if (codes != null && codes[rowA] == codes[rowB]) {
            return 0;
        }
        return Arrays.compareUnsigned(bytes, stringStart(rowA), stringEnd(rowA), bytes, stringStart(rowB),
                stringEnd(rowB));
    }

    public boolean isDictionary() {
        return codes != null;
    }

    /** Entries in the dictionary; 0 for a plain chunk. */
    public int dictionarySize() {
        return codes == null ? 0 : offsets.length - 1;
    }

    /** Dictionary code of a row, -1 for a null row. Only for dictionary chunks. */
    public int code(int row) {
        if (codes == null) {
            throw new IllegalStateException("chunk is not dictionary encoded");
        }
        Objects.checkIndex(row, size);
        return codes[row];
    }

    public String dictionaryValue(int code) {
        Objects.checkIndex(code, dictionarySize());
        return new String(bytes, offsets[code], offsets[code + 1] - offsets[code], StandardCharsets.UTF_8);
    }

    public int dictionaryUtf8Length(int code) {
        Objects.checkIndex(code, dictionarySize());
        return offsets[code + 1] - offsets[code];
    }

    public int copyDictionaryUtf8(int code, byte[] dst, int dstOffset) {
        int length = dictionaryUtf8Length(code);
        System.arraycopy(bytes, offsets[code], dst, dstOffset, length);
        return length;
    }

    /** Null bitmap word {@code i} (bit {@code row % 64} of word {@code row / 64}); 0 when the chunk has no nulls. */
    public long nullWord(int i) {
        Objects.checkIndex(i, wordCount(size));
        return nulls == null ? 0L : nulls[i];
    }

    /** BOOLEAN bitmap word {@code i}, laid out like {@link #nullWord}. */
    public long booleanWord(int i) {
        if (bits == null) {
            throw wrongType("booleanWord");
        }
        Objects.checkIndex(i, wordCount(size));
        return bits[i];
    }

    /** Number of 64-bit words of a bitmap for {@code rows} rows. */
    public static int wordCount(int rows) {
        return (rows + 63) >>> 6;
    }

    /**
     * Type, format, null count and min/max of this chunk as described by {@link ChunkColumnInfo}.
     *
     * @param format the column's source format (date pattern), or null
     */
    public ChunkColumnInfo info(String format) {
        if (type == ColumnType.STRING) {
            return stringInfo(format);
        }
        if (type == ColumnType.FLOAT) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            boolean any = false;
            for (int row = 0; row < size; row++) {
                double v = doubles[row];
                if (!isNull(row) && !Double.isNaN(v)) {
                    any = true;
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            return any ? new ChunkColumnInfo(type, format, nullCount, true, 0, 0, min, max, null, null)
                    : noMinMax(format);
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        boolean any = false;
        for (int row = 0; row < size; row++) {
            if (!isNull(row)) {
                long v = type == ColumnType.BOOLEAN ? (getBoolean(row) ? 1 : 0) : longs[row];
                any = true;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return any ? new ChunkColumnInfo(type, format, nullCount, true, min, max, 0, 0, null, null)
                : noMinMax(format);
    }

    private ChunkColumnInfo stringInfo(String format) {
        if (codes != null) {
            return dictionaryInfo(format);
        }
        int minRow = -1;
        int maxRow = -1;
        for (int row = 0; row < size; row++) {
            if (isNull(row)) {
                continue;
            }
            if (minRow < 0) {
                minRow = row;
                maxRow = row;
            } else if (compareStrings(row, minRow) < 0) {
                minRow = row;
            } else if (compareStrings(row, maxRow) > 0) {
                maxRow = row;
            }
        }
        if (minRow < 0) {
            return noMinMax(format);
        }
        return new ChunkColumnInfo(type, format, nullCount, true, 0, 0, 0, 0,
                lowerBound(getString(minRow)), upperBound(getString(maxRow)));
    }

    /** Min and max compared once per dictionary entry a row uses, not once per row. */
    private ChunkColumnInfo dictionaryInfo(String format) {
        boolean[] used = new boolean[offsets.length - 1];
        for (int row = 0; row < size; row++) {
            if (codes[row] >= 0) {
                used[codes[row]] = true;
            }
        }
        int min = -1;
        int max = -1;
        for (int c = 0; c < used.length; c++) {
            if (!used[c]) {
                continue;
            }
            if (min < 0) {
                min = c;
                max = c;
            } else if (Arrays.compareUnsigned(bytes, offsets[c], offsets[c + 1], bytes, offsets[min], offsets[min + 1]) < 0) {
                min = c;
            } else if (Arrays.compareUnsigned(bytes, offsets[c], offsets[c + 1], bytes, offsets[max], offsets[max + 1]) > 0) {
                max = c;
            }
        }
        if (min < 0) {
            return noMinMax(format);
        }
        return new ChunkColumnInfo(type, format, nullCount, true, 0, 0, 0, 0,
                lowerBound(dictionaryValue(min)), upperBound(dictionaryValue(max)));
    }

    private ChunkColumnInfo noMinMax(String format) {
        return new ChunkColumnInfo(type, format, nullCount, false, 0, 0, 0, 0, null, null);
    }

    /** A prefix is never greater than the string, so a cut min stays a lower bound. */
    static String lowerBound(String s) {
        if (s.codePointCount(0, s.length()) <= MAX_STAT_STRING_LENGTH) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, MAX_STAT_STRING_LENGTH));
    }

    /**
     * A cut max must stay an upper bound: after cutting, the last code point is incremented (as
     * Parquet does), which makes the bound greater than every string starting with the prefix.
     */
    static String upperBound(String s) {
        if (s.codePointCount(0, s.length()) <= MAX_STAT_STRING_LENGTH) {
            return s;
        }
        int[] cps = s.codePoints().limit(MAX_STAT_STRING_LENGTH).toArray();
        for (int i = cps.length - 1; i >= 0; i--) {
            int next = cps[i] + 1;
            if (next >= Character.MIN_SURROGATE && next <= Character.MAX_SURROGATE) {
                next = Character.MAX_SURROGATE + 1;
            }
            if (next <= Character.MAX_CODE_POINT) {
                cps[i] = next;
                return new String(cps, 0, i + 1);
            }
        }
        return s; // every code point was U+10FFFF: cannot happen in practice, the full value is a bound
    }

    /**
     * Lossless widening used when reading a chunk sealed before its column's type was widened:
     * INTEGER to FLOAT and DATE to TIMESTAMP (midnight). The same type returns this chunk.
     *
     * @throws IllegalArgumentException for any other pair
     */
    public ColumnChunk widenTo(ColumnType target) {
        if (target == type) {
            return this;
        }
        if (type == ColumnType.INTEGER && target == ColumnType.FLOAT) {
            double[] widened = new double[size];
            for (int row = 0; row < size; row++) {
                widened[row] = longs[row];
            }
            return new ColumnChunk(ColumnType.FLOAT, size, nulls, null, widened, null, null, null, null);
        }
        if (type == ColumnType.DATE && target == ColumnType.TIMESTAMP) {
            long[] widened = new long[size];
            for (int row = 0; row < size; row++) {
                widened[row] = Math.multiplyExact(longs[row], 86_400_000_000L);
            }
            return new ColumnChunk(ColumnType.TIMESTAMP, size, nulls, widened, null, null, null, null, null);
        }
        throw new IllegalArgumentException("cannot widen " + type + " to " + target);
    }

    /** Approximate heap footprint in bytes, for weighing caches. */
    public long estimatedBytes() {
        long total = 64;
        total += arrayBytes(nulls == null ? -1 : nulls.length, 8);
        total += arrayBytes(longs == null ? -1 : longs.length, 8);
        total += arrayBytes(doubles == null ? -1 : doubles.length, 8);
        total += arrayBytes(bits == null ? -1 : bits.length, 8);
        total += arrayBytes(bytes == null ? -1 : bytes.length, 1);
        total += arrayBytes(offsets == null ? -1 : offsets.length, 4);
        total += arrayBytes(codes == null ? -1 : codes.length, 4);
        return total;
    }

    @Override
    public String toString() {
        return "ColumnChunk[" + type + (isDictionary() ? " dictionary(" + dictionarySize() + ")" : "")
                + ", size=" + size + ", nulls=" + nullCount + "]";
    }

    private static long arrayBytes(int length, int elementSize) {
        return length < 0 ? 0 : 16L + (long) length * elementSize;
    }

    /**
     * The array holding this STRING chunk's UTF-8 bytes, for writing values out without decoding them:
     * row {@code r} is {@code [utf8Start(r), utf8End(r))}. Callers must not change it.
     */
    public byte[] utf8Array() {
        requireString("utf8Array");
        return bytes;
    }

    /** Where a STRING row's UTF-8 bytes start in {@link #utf8Array()} (start = end for a null row). */
    public int utf8Start(int row) {
        Objects.checkIndex(row, size);
        return stringStart(row);
    }

    /** Where a STRING row's UTF-8 bytes end in {@link #utf8Array()}. */
    public int utf8End(int row) {
        Objects.checkIndex(row, size);
        return stringEnd(row);
    }

    private int stringStart(int row) {
        if (codes == null) {
            return offsets[row];
        }
        int c = codes[row];
        return c < 0 ? 0 : offsets[c];
    }

    private int stringEnd(int row) {
        if (codes == null) {
            return offsets[row + 1];
        }
        int c = codes[row];
        return c < 0 ? 0 : offsets[c + 1];
    }

    private void requireString(String method) {
        if (type != ColumnType.STRING) {
            throw wrongType(method);
        }
    }

    private IllegalStateException wrongType(String method) {
        return new IllegalStateException(method + " on a " + type + " chunk");
    }

    private static int countBits(long[] bitmap, int size) {
        int count = 0;
        for (long word : bitmap) {
            count += Long.bitCount(word);
        }
        return count;
    }

    private static long[] nullsOrNone(long[] nulls, int size) {
        if (nulls == null) {
            return null;
        }
        int words = wordCount(size);
        if ((size & 63) != 0 && words > 0 && (nulls[words - 1] >>> (size & 63)) != 0) {
            throw new IllegalArgumentException("null bitmap has bits beyond row " + size);
        }
        for (long word : nulls) {
            if (word != 0) {
                return nulls;
            }
        }
        return null;
    }

    private static void checkLength(int actual, int expected, String what) {
        if (actual != expected) {
            throw new IllegalArgumentException(what + " has length " + actual + ", expected " + expected);
        }
    }

    private static void checkBitmap(long[] bitmap, int size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
        if (bitmap != null) {
            checkLength(bitmap.length, wordCount(size), "bitmap");
        }
    }

    private static void checkOffsets(int[] offsets, int byteLength) {
        if (offsets[0] != 0 || offsets[offsets.length - 1] != byteLength) {
            throw new IllegalArgumentException("offsets do not span the " + byteLength + " value bytes");
        }
        for (int i = 1; i < offsets.length; i++) {
            if (offsets[i] < offsets[i - 1]) {
                throw new IllegalArgumentException("offsets decrease at " + i);
            }
        }
    }

    // ---- building ----

    public static Builder builder(ColumnType type, int expectedRows) {
        return new Builder(type, expectedRows);
    }

    /**
     * Accumulates one column of one chunk. Not thread-safe. Values are copied in; arrays grow by
     * doubling, so a builder holds at most about twice the chunk's final size.
     */
    public static final class Builder {
        private final ColumnType type;
        private int size;
        private long[] nulls;
        private long[] longs;
        private double[] doubles;
        private long[] bits;
        private byte[] bytes;
        private int byteCount;
        private int[] offsets;

        private Builder(ColumnType type, int expectedRows) {
            this.type = Objects.requireNonNull(type, "type");
            int capacity = Math.max(16, expectedRows);
            switch (type) {
                case INTEGER, DATE, TIMESTAMP -> longs = new long[capacity];
                case FLOAT -> doubles = new double[capacity];
                case BOOLEAN -> bits = new long[wordCount(capacity)];
                case STRING -> {
                    offsets = new int[capacity + 1];
                    bytes = new byte[Math.max(64, capacity * 8)];
                }
            }
        }

        public ColumnType type() {
            return type;
        }

        public int size() {
            return size;
        }

        public void appendNull() {
            int row = size;
            if (nulls == null) {
                nulls = new long[wordCount(Math.max(row + 1, capacity()))];
            } else if (nulls.length < wordCount(row + 1)) {
                nulls = Arrays.copyOf(nulls, Math.max(wordCount(row + 1), nulls.length * 2));
            }
            nulls[row >>> 6] |= 1L << row;
            switch (type) {
                case INTEGER, DATE, TIMESTAMP -> appendLong(0);
                case FLOAT -> appendDouble(0);
                case BOOLEAN -> appendBoolean(false);
                case STRING -> appendString(bytes, 0, 0);
            }
        }

        public void appendLong(long v) {
            if (longs == null) {
                throw new IllegalStateException("appendLong on a " + type + " builder");
            }
            if (size == longs.length) {
                longs = Arrays.copyOf(longs, grow(size));
            }
            longs[size++] = v;
        }

        public void appendDouble(double v) {
            if (doubles == null) {
                throw new IllegalStateException("appendDouble on a " + type + " builder");
            }
            if (size == doubles.length) {
                doubles = Arrays.copyOf(doubles, grow(size));
            }
            doubles[size++] = v;
        }

        public void appendBoolean(boolean v) {
            if (bits == null) {
                throw new IllegalStateException("appendBoolean on a " + type + " builder");
            }
            if (wordCount(size + 1) > bits.length) {
                bits = Arrays.copyOf(bits, bits.length * 2);
            }
            if (v) {
                bits[size >>> 6] |= 1L << size;
            }
            size++;
        }

        /** Appends a STRING value; the bytes are copied, so the caller may reuse its buffer. */
        public void appendString(byte[] utf8, int off, int len) {
            if (offsets == null) {
                throw new IllegalStateException("appendString on a " + type + " builder");
            }
            Objects.checkFromIndexSize(off, len, utf8.length);
            if (size + 1 == offsets.length) {
                offsets = Arrays.copyOf(offsets, grow(offsets.length));
            }
            if (byteCount + len > bytes.length) {
                long wanted = Math.max((long) bytes.length * 2, (long) byteCount + len);
                if (wanted > Integer.MAX_VALUE - 16) {
                    throw new IllegalStateException("chunk column exceeds 2 GB of text");
                }
                bytes = Arrays.copyOf(bytes, (int) wanted);
            }
            System.arraycopy(utf8, off, bytes, byteCount, len);
            byteCount += len;
            offsets[++size] = byteCount;
        }

        /**
         * Seals the column. STRING columns are dictionary encoded when they have at most
         * {@code size / 2} and at most {@link #MAX_DICTIONARY_SIZE} distinct values. The builder
         * must not be used afterwards.
         */
        public ColumnChunk build() {
            long[] nullBits = nulls == null ? null : Arrays.copyOf(nulls, wordCount(size));
            return switch (type) {
                case INTEGER, DATE, TIMESTAMP -> ofLongs(type, size, Arrays.copyOf(longs, size), nullBits);
                case FLOAT -> ofDoubles(size, Arrays.copyOf(doubles, size), nullBits);
                case BOOLEAN -> ofBooleans(size, Arrays.copyOf(bits, wordCount(size)), nullBits);
                case STRING -> buildStrings(nullBits);
            };
        }

        private ColumnChunk buildStrings(long[] nullBits) {
            ColumnChunk dictionary = tryDictionary(size, bytes, offsets, 0, offsets, 1, nullBits);
            if (dictionary != null) {
                return dictionary;
            }
            return ofStrings(size, Arrays.copyOf(bytes, byteCount), Arrays.copyOf(offsets, size + 1), nullBits);
        }

        private int capacity() {
            return switch (type) {
                case INTEGER, DATE, TIMESTAMP -> longs.length;
                case FLOAT -> doubles.length;
                case BOOLEAN -> bits.length * 64;
                case STRING -> offsets.length - 1;
            };
        }

        private static int grow(int current) {
            long wanted = Math.max(16L, (long) current * 2);
            if (wanted > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("chunk too large");
            }
            return (int) wanted;
        }
    }
}
