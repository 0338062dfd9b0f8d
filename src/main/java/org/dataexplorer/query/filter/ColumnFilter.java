package org.dataexplorer.query.filter;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.dataexplorer.query.QueryException;
import org.dataexplorer.store.ChunkColumnInfo;
import org.dataexplorer.store.ColumnChunk;
import org.dataexplorer.store.ColumnSchema;
import org.dataexplorer.store.ColumnType;

/**
 * One filter compiled against its column: operands parsed by the column's type, evaluated over a
 * chunk into a selection bitmap without an object per row (text operators on plain string chunks
 * excepted: {@code icontains} and {@code regex} look at each value as a {@code String}). A null
 * value matches only {@code isnull}; {@code not} and {@code notin} do not match nulls (as in SQL).
 * Strings compare in UTF-8 byte order, like sorting.
 */
public final class ColumnFilter {

    private final ColumnSchema column;
    private final Op op;
    private final String parameter;
    private final long[] longs;
    private final double[] doubles;
    private final byte[][] strings;
    private final Pattern regex;
    private final String lowerNeedle;
    /** For isnull/notnull: which of the two the operand asked for. */
    private final boolean wantNull;

    /** Longest filter value, in chars (input validation: values are held and compared per row). */
    public static final int MAX_VALUE_CHARS = 4096;

    private ColumnFilter(ColumnSchema column, FilterSpec spec) {
        this.column = column;
        this.op = spec.op();
        this.parameter = spec.parameter();
        ColumnType type = column.type();
        List<String> values = spec.values();
        if (op.textOnly() && type != ColumnType.STRING) {
            throw new QueryException(parameter, "__" + op.jsonName() + " applies to string columns; '"
                    + column.name() + "' is " + type.jsonName());
        }
        int expected = switch (op) {
            case ISNULL, NOTNULL -> -1;
            case BETWEEN -> 2;
            case IN, NOTIN -> 0;
            default -> 1;
        };
        if (expected > 0 && values.size() != expected || expected == 0 && values.isEmpty()) {
            throw new QueryException(parameter, "__" + op.jsonName() + " takes "
                    + (expected == 2 ? "two values (a,b)" : expected == 0 ? "at least one value" : "one value")
                    + ", not " + values.size());
        }
        for (String value : values) {
            if (value.length() > MAX_VALUE_CHARS) {
                throw new QueryException(parameter, "A filter value is " + value.length() + " characters long; at most "
                        + MAX_VALUE_CHARS + " are allowed");
            }
        }
        if (op == Op.ISNULL || op == Op.NOTNULL) {
            boolean flag = values.isEmpty() || parseFlag(values.get(0));
            wantNull = (op == Op.ISNULL) == flag;
            longs = null;
            doubles = null;
            strings = null;
            regex = null;
            lowerNeedle = null;
            return;
        }
        wantNull = false;
        int n = values.size();
        long[] l = null;
        double[] d = null;
        byte[][] s = null;
        switch (type) {
            case FLOAT -> {
                d = new double[n];
                for (int i = 0; i < n; i++) {
                    d[i] = TypedValues.parseDouble(values.get(i), parameter);
                }
            }
            case STRING -> {
                s = new byte[n][];
                for (int i = 0; i < n; i++) {
                    s[i] = values.get(i).getBytes(StandardCharsets.UTF_8);
                }
            }
            default -> {
                l = new long[n];
                for (int i = 0; i < n; i++) {
                    l[i] = TypedValues.parseLong(type, values.get(i), parameter);
                }
            }
        }
        if ((op == Op.IN || op == Op.NOTIN) && l != null) {
            Arrays.sort(l);
        }
        longs = l;
        doubles = d;
        strings = s;
        Pattern p = null;
        if (op == Op.REGEX) {
            try {
                p = RegexGuard.compile(values.get(0), 0, parameter);
            } catch (PatternSyntaxException e) {
                throw new QueryException(parameter, "'" + values.get(0) + "' is not a valid regular expression: "
                        + e.getDescription());
            }
        }
        regex = p;
        lowerNeedle = op == Op.ICONTAINS ? values.get(0).toLowerCase(Locale.ROOT) : null;
    }

    public static ColumnFilter compile(ColumnSchema column, FilterSpec spec) {
        return new ColumnFilter(column, spec);
    }

    private boolean parseFlag(String v) {
        try {
            return TypedValues.parseBoolean(v.trim());
        } catch (NumberFormatException e) {
            throw new QueryException(parameter, "__" + op.jsonName() + " takes 1 or 0, not '" + v + "'");
        }
    }

    public ColumnSchema column() {
        return column;
    }

    /**
     * False when the chunk's metadata proves no row can match (the chunk is skipped unread).
     *
     * @param info     the chunk's metadata for this column
     * @param rowCount rows in the chunk
     */
    public boolean mayMatch(ChunkColumnInfo info, int rowCount) {
        if (op == Op.ISNULL || op == Op.NOTNULL) {
            return wantNull ? info.nullCount() > 0 : info.nullCount() < rowCount;
        }
        if (!info.hasMinMax()) {
            return false; // every value is null
        }
        ColumnType type = column.type();
        if (type == ColumnType.STRING && info.type() == ColumnType.STRING) {
            byte[] min = info.minString().getBytes(StandardCharsets.UTF_8);
            byte[] max = info.maxString().getBytes(StandardCharsets.UTF_8);
            return switch (op) {
                case EXACT -> cmp(strings[0], min) >= 0 && cmp(strings[0], max) <= 0;
                case GT -> cmp(max, strings[0]) > 0;
                case GTE -> cmp(max, strings[0]) >= 0;
                case LT -> cmp(min, strings[0]) < 0;
                case LTE -> cmp(min, strings[0]) <= 0;
                case BETWEEN -> cmp(max, strings[0]) >= 0 && cmp(min, strings[1]) <= 0;
                case IN -> {
                    for (byte[] v : strings) {
                        if (cmp(v, min) >= 0 && cmp(v, max) <= 0) {
                            yield true;
                        }
                    }
                    yield false;
                }
                case STARTSWITH -> cmp(max, strings[0]) >= 0 && (cmp(min, strings[0]) <= 0 || startsWith(min, strings[0]));
                default -> true;
            };
        }
        if (type == ColumnType.FLOAT && (info.type() == ColumnType.FLOAT || info.type() == ColumnType.INTEGER)) {
            double min = info.type() == ColumnType.FLOAT ? info.minDouble() : info.minLong();
            double max = info.type() == ColumnType.FLOAT ? info.maxDouble() : info.maxLong();
            return switch (op) {
                case EXACT -> doubles[0] >= min && doubles[0] <= max;
                case GT -> max > doubles[0];
                case GTE -> max >= doubles[0];
                case LT -> min < doubles[0];
                case LTE -> min <= doubles[0];
                case BETWEEN -> max >= doubles[0] && min <= doubles[1];
                case IN -> {
                    for (double v : doubles) {
                        if (v >= min && v <= max) {
                            yield true;
                        }
                    }
                    yield false;
                }
                default -> true;
            };
        }
        if (longs != null && info.type() == type) {
            long min = info.minLong();
            long max = info.maxLong();
            return switch (op) {
                case EXACT -> longs[0] >= min && longs[0] <= max;
                case GT -> max > longs[0];
                case GTE -> max >= longs[0];
                case LT -> min < longs[0];
                case LTE -> min <= longs[0];
                case BETWEEN -> max >= longs[0] && min <= longs[1];
                case IN -> {
                    for (long v : longs) {
                        if (v >= min && v <= max) {
                            yield true;
                        }
                    }
                    yield false;
                }
                default -> true;
            };
        }
        return true;
    }

    /** Clears the bit of every row of {@code chunk} that does not match; {@code selected} is the chunk's bitmap. */
    public void apply(ColumnChunk chunk, long[] selected) {
        int size = chunk.size();
        if (op == Op.ISNULL || op == Op.NOTNULL) {
            for (int w = 0; w < selected.length; w++) {
                long nulls = chunk.nullWord(w);
                selected[w] &= wantNull ? nulls : ~nulls;
            }
            return;
        }
        for (int w = 0; w < selected.length; w++) {
            selected[w] &= ~chunk.nullWord(w);
        }
        if (column.type() == ColumnType.FLOAT && applyDoubleRange(chunk, selected, size)
                || column.type().isLongBacked() && applyLongRange(chunk, selected, size)) {
            return;
        }
        switch (column.type()) {
            case FLOAT -> {
                for (int row = nextSet(selected, 0, size); row >= 0; row = nextSet(selected, row + 1, size)) {
                    if (!matchDouble(chunk.getDouble(row))) {
                        clear(selected, row);
                    }
                }
            }
            case STRING -> applyStrings(chunk, selected, size);
            case BOOLEAN -> {
                for (int row = nextSet(selected, 0, size); row >= 0; row = nextSet(selected, row + 1, size)) {
                    if (!matchLong(chunk.getBoolean(row) ? 1 : 0)) {
                        clear(selected, row);
                    }
                }
            }
            default -> {
                for (int row = nextSet(selected, 0, size); row >= 0; row = nextSet(selected, row + 1, size)) {
                    if (!matchLong(chunk.getLong(row))) {
                        clear(selected, row);
                    }
                }
            }
        }
    }

    /** Comparisons as one tight loop per 64 rows (no per-row dispatch); false for other operators. */
    private boolean applyDoubleRange(ColumnChunk chunk, long[] selected, int size) {
        double low;
        double high;
        boolean lowOpen = false;
        boolean highOpen = false;
        switch (op) {
            case GT -> { low = doubles[0]; high = Double.POSITIVE_INFINITY; lowOpen = true; }
            case GTE -> { low = doubles[0]; high = Double.POSITIVE_INFINITY; }
            case LT -> { low = Double.NEGATIVE_INFINITY; high = doubles[0]; highOpen = true; }
            case LTE -> { low = Double.NEGATIVE_INFINITY; high = doubles[0]; }
            case EXACT -> { low = doubles[0]; high = doubles[0]; }
            case BETWEEN -> { low = doubles[0]; high = doubles[1]; }
            default -> {
                return false;
            }
        }
        for (int w = 0; w < selected.length; w++) {
            long sel = selected[w];
            if (sel == 0) {
                continue;
            }
            int base = w << 6;
            int n = Math.min(64, size - base);
            long keep = 0;
            for (int i = 0; i < n; i++) {
                double v = chunk.getDouble(base + i);
                boolean in = (lowOpen ? v > low : v >= low) && (highOpen ? v < high : v <= high);
                keep |= (in ? 1L : 0L) << i;
            }
            selected[w] = sel & keep;
        }
        return true;
    }

    private boolean applyLongRange(ColumnChunk chunk, long[] selected, int size) {
        long low;
        long high;
        switch (op) {
            case GT -> {
                if (longs[0] == Long.MAX_VALUE) {
                    java.util.Arrays.fill(selected, 0L);
                    return true;
                }
                low = longs[0] + 1;
                high = Long.MAX_VALUE;
            }
            case GTE -> { low = longs[0]; high = Long.MAX_VALUE; }
            case LT -> {
                if (longs[0] == Long.MIN_VALUE) {
                    java.util.Arrays.fill(selected, 0L);
                    return true;
                }
                low = Long.MIN_VALUE;
                high = longs[0] - 1;
            }
            case LTE -> { low = Long.MIN_VALUE; high = longs[0]; }
            case EXACT -> { low = longs[0]; high = longs[0]; }
            case BETWEEN -> { low = longs[0]; high = longs[1]; }
            default -> {
                return false;
            }
        }
        for (int w = 0; w < selected.length; w++) {
            long sel = selected[w];
            if (sel == 0) {
                continue;
            }
            int base = w << 6;
            int n = Math.min(64, size - base);
            long keep = 0;
            for (int i = 0; i < n; i++) {
                long v = chunk.getLong(base + i);
                keep |= (v >= low && v <= high ? 1L : 0L) << i;
            }
            selected[w] = sel & keep;
        }
        return true;
    }

    private void applyStrings(ColumnChunk chunk, long[] selected, int size) {
        if (chunk.isDictionary()) {
            int n = chunk.dictionarySize();
            boolean[] matches = new boolean[n];
            byte[] buffer = new byte[64];
            for (int code = 0; code < n; code++) {
                int length = chunk.dictionaryUtf8Length(code);
                if (buffer.length < length) {
                    buffer = new byte[Math.max(length, buffer.length * 2)];
                }
                chunk.copyDictionaryUtf8(code, buffer, 0);
                matches[code] = matchString(buffer, length);
            }
            for (int row = nextSet(selected, 0, size); row >= 0; row = nextSet(selected, row + 1, size)) {
                if (!matches[chunk.code(row)]) {
                    clear(selected, row);
                }
            }
            return;
        }
        byte[] buffer = new byte[256];
        for (int row = nextSet(selected, 0, size); row >= 0; row = nextSet(selected, row + 1, size)) {
            int length = chunk.utf8Length(row);
            if (buffer.length < length) {
                buffer = new byte[Math.max(length, buffer.length * 2)];
            }
            chunk.copyUtf8(row, buffer, 0);
            if (!matchString(buffer, length)) {
                clear(selected, row);
            }
        }
    }

    boolean matchLong(long v) {
        return switch (op) {
            case EXACT -> v == longs[0];
            case NOT -> v != longs[0];
            case GT -> v > longs[0];
            case GTE -> v >= longs[0];
            case LT -> v < longs[0];
            case LTE -> v <= longs[0];
            case BETWEEN -> v >= longs[0] && v <= longs[1];
            case IN -> Arrays.binarySearch(longs, v) >= 0;
            case NOTIN -> Arrays.binarySearch(longs, v) < 0;
            default -> throw new IllegalStateException(op.name());
        };
    }

    boolean matchDouble(double v) {
        return switch (op) {
            case EXACT -> v == doubles[0];
            case NOT -> v != doubles[0];
            case GT -> v > doubles[0];
            case GTE -> v >= doubles[0];
            case LT -> v < doubles[0];
            case LTE -> v <= doubles[0];
            case BETWEEN -> v >= doubles[0] && v <= doubles[1];
            case IN -> {
                for (double d : doubles) {
                    if (v == d) {
                        yield true;
                    }
                }
                yield false;
            }
            case NOTIN -> {
                for (double d : doubles) {
                    if (v == d) {
                        yield false;
                    }
                }
                yield true;
            }
            default -> throw new IllegalStateException(op.name());
        };
    }

    boolean matchString(byte[] v, int length) {
        return switch (op) {
            case EXACT -> Arrays.equals(v, 0, length, strings[0], 0, strings[0].length);
            case NOT -> !Arrays.equals(v, 0, length, strings[0], 0, strings[0].length);
            case GT -> cmp(v, length, strings[0]) > 0;
            case GTE -> cmp(v, length, strings[0]) >= 0;
            case LT -> cmp(v, length, strings[0]) < 0;
            case LTE -> cmp(v, length, strings[0]) <= 0;
            case BETWEEN -> cmp(v, length, strings[0]) >= 0 && cmp(v, length, strings[1]) <= 0;
            case IN, NOTIN -> {
                boolean found = false;
                for (byte[] s : strings) {
                    if (Arrays.equals(v, 0, length, s, 0, s.length)) {
                        found = true;
                        break;
                    }
                }
                yield found == (op == Op.IN);
            }
            case CONTAINS -> indexOf(v, length, strings[0]) >= 0;
            case STARTSWITH -> length >= strings[0].length
                    && Arrays.equals(v, 0, strings[0].length, strings[0], 0, strings[0].length);
            case ENDSWITH -> length >= strings[0].length
                    && Arrays.equals(v, length - strings[0].length, length, strings[0], 0, strings[0].length);
            case ICONTAINS -> new String(v, 0, length, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT)
                    .contains(lowerNeedle);
            case REGEX -> RegexGuard.findWithinSteps(regex, new String(v, 0, length, StandardCharsets.UTF_8), parameter);
            default -> throw new IllegalStateException(op.name());
        };
    }

    private static int indexOf(byte[] v, int length, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (v[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static int cmp(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    private static int cmp(byte[] a, int length, byte[] b) {
        return Arrays.compareUnsigned(a, 0, length, b, 0, b.length);
    }

    private static boolean startsWith(byte[] s, byte[] prefix) {
        return s.length >= prefix.length && Arrays.equals(s, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** The next set bit at or after {@code from}, below {@code size}, or -1. */
    public static int nextSet(long[] bits, int from, int size) {
        if (from >= size) {
            return -1;
        }
        int w = from >>> 6;
        long word = bits[w] & (-1L << from);
        while (true) {
            if (word != 0) {
                int row = (w << 6) + Long.numberOfTrailingZeros(word);
                return row < size ? row : -1;
            }
            if (++w >= bits.length) {
                return -1;
            }
            word = bits[w];
        }
    }

    /** The last set bit at or before {@code from}, or -1. */
    public static int previousSet(long[] bits, int from) {
        if (from < 0) {
            return -1;
        }
        int w = from >>> 6;
        long word = bits[w] & (-1L >>> (63 - (from & 63)));
        while (true) {
            if (word != 0) {
                return (w << 6) + 63 - Long.numberOfLeadingZeros(word);
            }
            if (--w < 0) {
                return -1;
            }
            word = bits[w];
        }
    }

    private static void clear(long[] bits, int row) {
        bits[row >>> 6] &= ~(1L << row);
    }
}
