package org.dataexplorer.query.gw;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.dataexplorer.query.ValueRenderer;
import org.dataexplorer.store.ColumnChunk;
import org.dataexplorer.store.ColumnType;

/**
 * One field's values over the rows of one chunk (or of the rows a view produced). Reads are by row
 * index and typed, so scans need no object per value; {@link #value} builds the output object and is
 * only called for rows that are returned (or once per new group).
 */
abstract class Col {

    enum Kind { NUMBER, STRING, BOOLEAN, TEMPORAL, BIN, ANY }

    abstract Kind kind();

    abstract boolean isNull(int r);

    /** JavaScript {@code Number(value)} of a non-null value: NaN when it is not numeric. */
    abstract double num(int r);

    /** JavaScript {@code String(value)} of a non-null value. */
    abstract String text(int r);

    /** The value as returned in a row (Long, Double, String, Boolean, BinPair), or null. */
    abstract Object value(int r);

    /** A grouping key of a non-null value: equal values, equal keys. */
    abstract long key(int r, Interner interner);

    /** How many dictionary codes the values have (0: not dictionary encoded); see {@link #code}. */
    int codeCount() {
        return 0;
    }

    /** The dictionary code of a non-null value, below {@link #codeCount()}: equal codes, equal values. */
    int code(int r) {
        throw new UnsupportedOperationException();
    }

    /** Epoch milliseconds of a non-null value parsed at {@code offset} minutes, or {@link OffsetDates#NONE}. */
    long epochMs(int r, int offset) {
        return OffsetDates.NONE;
    }

    /** Dense ids for values that are not numbers (strings, mixed objects), per query. */
    static final class Interner {
        private final Map<Object, Integer> ids = new HashMap<>();

        long id(Object value) {
            Integer id = ids.get(value);
            if (id == null) {
                id = ids.size();
                ids.put(value, id);
            }
            return id;
        }

        int size() {
            return ids.size();
        }
    }

    // ---- JavaScript conversions ----

    private static final Pattern NUMERIC = Pattern.compile(
            "[+-]?(\\d+\\.?\\d*([eE][+-]?\\d+)?|\\.\\d+([eE][+-]?\\d+)?|Infinity)");

    static double jsNumber(String s) {
        String t = s.strip();
        if (t.isEmpty()) {
            return 0;
        }
        if (!NUMERIC.matcher(t).matches()) {
            return Double.NaN;
        }
        return t.endsWith("Infinity") ? (t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY)
                : Double.parseDouble(t);
    }

    /**
     * JavaScript's {@code Number.prototype.toString()} (ECMAScript Number::toString, radix 10): the shortest
     * digits that read back as {@code d}, plain from 1e-6 up to below 1e21, else as {@code 1.5e+21},
     * {@code 1e-7}.
     */
    static String jsText(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return "0"; // -0 too
        }
        if (d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15) {
            return Long.toString((long) d);
        }
        if (d < 0) {
            return "-" + jsText(-d);
        }
        BigDecimal shortest = shortest(d);
        String digits = shortest.unscaledValue().toString();
        int k = digits.length();
        int n = k - shortest.scale(); // d = 0.digits × 10^n
        if (k <= n && n <= 21) {
            return digits + "0".repeat(n - k);
        }
        if (0 < n && n <= 21) {
            return digits.substring(0, n) + "." + digits.substring(n);
        }
        if (-6 < n && n <= 0) {
            return "0." + "0".repeat(-n) + digits;
        }
        int e = n - 1;
        String exponent = "e" + (e < 0 ? "-" : "+") + Math.abs(e);
        return k == 1 ? digits + exponent : digits.charAt(0) + "." + digits.substring(1) + exponent;
    }

    /**
     * The fewest significant digits that read back as {@code d}, the closest to it among those (the even one of
     * two), trailing zeros stripped. {@code Double.toString} reads back as {@code d}, and two decimals of at most
     * 15 digits never read as the same normal double, so a result of 15 digits or fewer is the answer; longer
     * ones (Java 17's is not always the shortest) and subnormals are searched from the exact value.
     */
    private static BigDecimal shortest(double d) {
        BigDecimal java = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        boolean normal = d >= Double.MIN_NORMAL;
        if (normal && java.precision() <= 15) {
            return java;
        }
        BigDecimal exact = new BigDecimal(d);
        for (int p = normal ? 15 : 1; p < 17; p++) {
            BigDecimal found = readsBack(exact, d, p);
            if (found != null) {
                return found.stripTrailingZeros();
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }

    /**
     * The decimal of {@code p} digits closest to {@code exact} that reads back as {@code d}, or null. Usually
     * the rounded value; at a power of two the interval of {@code d} is narrower below, so the rounded value
     * may miss it while its neighbour above does not.
     */
    private static BigDecimal readsBack(BigDecimal exact, double d, int p) {
        BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
        if (r.doubleValue() == d) {
            return r;
        }
        BigDecimal up = r.add(r.ulp());
        BigDecimal down = r.subtract(r.ulp());
        boolean upReads = up.doubleValue() == d;
        boolean downReads = down.doubleValue() == d;
        if (upReads && downReads) {
            int c = up.subtract(exact).abs().compareTo(exact.subtract(down).abs());
            return c < 0 || c == 0 && !up.unscaledValue().testBit(0) ? up : down;
        }
        return upReads ? up : downReads ? down : null;
    }

    /** Whole numbers within ±2^53 as Long (JSON without ".0"), others as Double, NaN/infinite as null. */
    static Object number(double d) {
        if (!Double.isFinite(d)) {
            return null;
        }
        if (d == Math.rint(d) && Math.abs(d) <= 9.007199254740992E15) {
            return d == 0 ? 0L : (long) d;
        }
        return d;
    }

    static long doubleKey(double d) {
        return d == 0.0 ? 0L : Double.doubleToLongBits(d);
    }

    // ---- source columns ----

    /** A stored column chunk in its schema type. */
    static Col of(ColumnChunk chunk, ColumnType type, ValueRenderer renderer, boolean absolute) {
        return switch (type) {
            case INTEGER, FLOAT -> new NumberChunk(chunk, type == ColumnType.INTEGER);
            case BOOLEAN -> new BooleanChunk(chunk);
            case STRING -> new StringChunk(chunk);
            case DATE, TIMESTAMP -> new TemporalChunk(chunk, type == ColumnType.DATE, absolute, renderer);
        };
    }

    private static final class NumberChunk extends Col {
        private final ColumnChunk data;
        private final boolean integer;

        NumberChunk(ColumnChunk data, boolean integer) {
            this.data = data;
            this.integer = integer;
        }

        @Override
        Kind kind() {
            return Kind.NUMBER;
        }

        @Override
        boolean isNull(int r) {
            return data.isNull(r);
        }

        @Override
        double num(int r) {
            return data.getDouble(r);
        }

        @Override
        String text(int r) {
            return integer ? Long.toString(data.getLong(r)) : jsText(data.getDouble(r));
        }

        @Override
        Object value(int r) {
            if (data.isNull(r)) {
                return null;
            }
            return integer ? (Object) data.getLong(r) : (Object) finite(data.getDouble(r));
        }

        @Override
        long key(int r, Interner interner) {
            return integer ? data.getLong(r) : doubleKey(data.getDouble(r));
        }

        @Override
        long epochMs(int r, int offset) {
            return integer ? data.getLong(r) : (long) data.getDouble(r);
        }
    }

    static Double finite(double d) {
        return Double.isFinite(d) ? d : null;
    }

    private static final class BooleanChunk extends Col {
        private final ColumnChunk data;

        BooleanChunk(ColumnChunk data) {
            this.data = data;
        }

        @Override
        Kind kind() {
            return Kind.BOOLEAN;
        }

        @Override
        boolean isNull(int r) {
            return data.isNull(r);
        }

        @Override
        double num(int r) {
            return data.getBoolean(r) ? 1 : 0;
        }

        @Override
        String text(int r) {
            return data.getBoolean(r) ? "true" : "false";
        }

        @Override
        Object value(int r) {
            return data.isNull(r) ? null : data.getBoolean(r);
        }

        @Override
        long key(int r, Interner interner) {
            return data.getBoolean(r) ? 1 : 0;
        }
    }

    /** Dictionary chunks decode each distinct string once per chunk. */
    private static final class StringChunk extends Col {
        private final ColumnChunk data;
        private final String[] dictionary;
        private final long[] ids;

        StringChunk(ColumnChunk data) {
            this.data = data;
            this.dictionary = data.isDictionary() ? new String[data.dictionarySize()] : null;
            this.ids = data.isDictionary() ? new long[data.dictionarySize()] : null;
            if (ids != null) {
                java.util.Arrays.fill(ids, -1);
            }
        }

        @Override
        Kind kind() {
            return Kind.STRING;
        }

        @Override
        int codeCount() {
            return dictionary == null ? 0 : dictionary.length;
        }

        @Override
        int code(int r) {
            return data.code(r);
        }

        @Override
        boolean isNull(int r) {
            return data.isNull(r);
        }

        @Override
        double num(int r) {
            return jsNumber(text(r));
        }

        @Override
        String text(int r) {
            if (dictionary == null) {
                return data.getString(r);
            }
            int code = data.code(r);
            String s = dictionary[code];
            if (s == null) {
                s = data.dictionaryValue(code);
                dictionary[code] = s;
            }
            return s;
        }

        @Override
        Object value(int r) {
            return data.isNull(r) ? null : text(r);
        }

        @Override
        long key(int r, Interner interner) {
            if (ids == null) {
                return interner.id(data.getString(r));
            }
            int code = data.code(r);
            long id = ids[code];
            if (id < 0) {
                id = interner.id(text(r));
                ids[code] = id;
            }
            return id;
        }

        @Override
        long epochMs(int r, int offset) {
            return OffsetDates.parse(text(r), offset);
        }
    }

    /**
     * Dates (epoch days) and timestamps (epoch micros). Wall-clock values are placed at the parse offset;
     * timestamps whose source carried an offset are absolute. Returned as the ISO text the rows API gives.
     */
    private static final class TemporalChunk extends Col {
        private final ColumnChunk data;
        private final boolean date;
        private final boolean absolute;
        private final ValueRenderer renderer;

        TemporalChunk(ColumnChunk data, boolean date, boolean absolute, ValueRenderer renderer) {
            this.data = data;
            this.date = date;
            this.absolute = absolute;
            this.renderer = renderer;
        }

        @Override
        Kind kind() {
            return Kind.TEMPORAL;
        }

        @Override
        boolean isNull(int r) {
            return data.isNull(r);
        }

        @Override
        double num(int r) {
            return epochMs(r, 0);
        }

        @Override
        String text(int r) {
            return (String) renderer.value(data, r);
        }

        @Override
        Object value(int r) {
            return renderer.value(data, r);
        }

        @Override
        long key(int r, Interner interner) {
            return data.getLong(r);
        }

        @Override
        long epochMs(int r, int offset) {
            long raw = data.getLong(r);
            long wall = date ? raw * 86_400_000L : Math.floorDiv(raw, 1000L);
            return absolute ? wall : OffsetDates.fromWallClock(wall, offset);
        }
    }

    // ---- computed columns ----

    /** Numbers computed per chunk; NaN is null. */
    static final class Numbers extends Col {
        final double[] values;

        Numbers(int size) {
            values = new double[size];
            java.util.Arrays.fill(values, Double.NaN);
        }

        @Override
        Kind kind() {
            return Kind.NUMBER;
        }

        @Override
        boolean isNull(int r) {
            return Double.isNaN(values[r]);
        }

        @Override
        double num(int r) {
            return values[r];
        }

        @Override
        String text(int r) {
            return jsText(values[r]);
        }

        @Override
        Object value(int r) {
            return number(values[r]);
        }

        @Override
        long key(int r, Interner interner) {
            return doubleKey(values[r]);
        }

        @Override
        long epochMs(int r, int offset) {
            return (long) values[r];
        }
    }

    /** {@code [lo, hi]} bins computed per chunk, kept as bin numbers (their dictionary codes); -1 is null. */
    static final class Bins extends Col {
        final int[] index;
        private final int count;
        private final double min;
        private final double step;

        Bins(int size, int count, double min, double step) {
            index = new int[size];
            java.util.Arrays.fill(index, -1);
            this.count = count;
            this.min = min;
            this.step = step;
        }

        private double lo(int r) {
            return index[r] * step + min;
        }

        private double hi(int r) {
            return (index[r] + 1) * step + min;
        }

        @Override
        Kind kind() {
            return Kind.BIN;
        }

        @Override
        boolean isNull(int r) {
            return index[r] < 0;
        }

        @Override
        double num(int r) {
            return Double.NaN;
        }

        @Override
        String text(int r) {
            return jsText(lo(r)) + "," + jsText(hi(r));
        }

        @Override
        Object value(int r) {
            return isNull(r) ? null : new BinPair(lo(r), hi(r));
        }

        @Override
        long key(int r, Interner interner) {
            return doubleKey(lo(r));
        }

        @Override
        int codeCount() {
            return count <= 65_536 ? count : 0; // a group per code is looked up in an array of this size
        }

        @Override
        int code(int r) {
            return index[r];
        }
    }

    /** Any values (Long, Double, String, Boolean, BinPair, null): the rows a view produced, or expr results. */
    static final class Mixed extends Col {
        final Object[] values;

        Mixed(Object[] values) {
            this.values = values;
        }

        @Override
        Kind kind() {
            return Kind.ANY;
        }

        @Override
        boolean isNull(int r) {
            return values[r] == null;
        }

        @Override
        double num(int r) {
            return toNumber(values[r]);
        }

        @Override
        String text(int r) {
            return toText(values[r]);
        }

        @Override
        Object value(int r) {
            return values[r];
        }

        @Override
        long key(int r, Interner interner) {
            Object v = values[r];
            if (v instanceof Number n) {
                return interner.id(n.doubleValue() == 0.0 ? 0.0 : n.doubleValue());
            }
            return interner.id(v);
        }

        @Override
        long epochMs(int r, int offset) {
            Object v = values[r];
            if (v instanceof Number n) {
                return n.longValue();
            }
            return v instanceof String s ? OffsetDates.parse(s, offset) : OffsetDates.NONE;
        }
    }

    static double toNumber(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof String s) {
            return jsNumber(s);
        }
        return v == null ? 0 : Double.NaN;
    }

    static String toText(Object v) {
        if (v instanceof Double d) {
            return jsText(d);
        }
        if (v instanceof BinPair b) {
            return jsText(b.lo()) + "," + jsText(b.hi());
        }
        return String.valueOf(v);
    }
}
