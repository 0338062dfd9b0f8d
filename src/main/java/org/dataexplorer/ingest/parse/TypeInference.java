package org.dataexplorer.ingest.parse;

import org.dataexplorer.store.ColumnType;

/**
 * Infers the type of one column from every non-null value of the whole file. Not thread-safe;
 * one instance per column. Observing allocates nothing.
 *
 * <p>Values are trimmed of surrounding spaces and tabs, then classified:
 * <ul>
 *   <li>INTEGER: {@code -?(0|[1-9][0-9]*)} within int64. A plus sign or leading zeros
 *       ({@code +5}, {@code 007}) make a string; integers beyond int64 are FLOAT.</li>
 *   <li>FLOAT: decimal or scientific ({@code 1.5}, {@code .5}, {@code 1e-3}), without a plus
 *       sign or leading zeros.</li>
 *   <li>BOOLEAN: {@code true/false/yes/no}, case-insensitive.</li>
 *   <li>DATE / TIMESTAMP: the layouts of {@link TemporalLayout}.</li>
 * </ul>
 * Types only widen: INTEGER→FLOAT→STRING, DATE→TIMESTAMP→STRING, BOOLEAN→STRING; values from
 * different families make a STRING column.
 *
 * <p>Dates: the column keeps the set of date parts every value so far fits. A value that fits none
 * of them makes the column STRING (one column, one layout). When several remain, {@link #format()}
 * picks in the order {@code yyyy-MM-dd}, {@code yyyy/MM/dd}, {@code dd/MM/yyyy}, {@code MM/dd/yyyy},
 * {@code dd.MM.yyyy}: so day-first wins an ambiguous column such as {@code 01/02/2020} until a
 * value like {@code 02/13/2020} rules it out. All timestamp values must share the separator
 * (space or {@code T}) and the presence of an offset. A column with both date-only values and
 * timestamps is TIMESTAMP, and its format has an optional time so it parses both.
 */
public final class TypeInference {

    private ColumnType type;
    private long observed;

    private int dateMask;
    private boolean sawDateOnly;
    private boolean sawTime;
    private boolean tSeparator;
    private boolean offset;

    /** Observes one non-null, non-empty value. */
    public void observe(byte[] buf, int off, int len) {
        observed++;
        if (type == ColumnType.STRING) {
            return;
        }
        int s = ValueParsers.trimStart(buf, off, off + len);
        int e = ValueParsers.trimEnd(buf, s, off + len);
        if (s == e) {
            type = ColumnType.STRING;
            return;
        }
        if (type == null) {
            type = first(buf, s, e);
            return;
        }
        switch (type) {
            case INTEGER -> {
                int kind = ValueParsers.classifyNumber(buf, s, e);
                if (kind == ValueParsers.NOT_NUMBER) {
                    type = ColumnType.STRING;
                } else if (kind == ValueParsers.FLOAT) {
                    type = ColumnType.FLOAT;
                }
            }
            case FLOAT -> {
                if (ValueParsers.classifyNumber(buf, s, e) == ValueParsers.NOT_NUMBER) {
                    type = ColumnType.STRING;
                }
            }
            case BOOLEAN -> {
                if (ValueParsers.booleanValue(buf, s, e) < 0) {
                    type = ColumnType.STRING;
                }
            }
            case DATE, TIMESTAMP -> {
                if (!temporal(buf, s, e, false)) {
                    type = ColumnType.STRING;
                }
            }
            default -> throw new IllegalStateException("unexpected type " + type);
        }
    }

    /**
     * Counts a value the caller knows leaves the state as it is (one of the plain forms of the column's
     * current type, see {@link ChunkAssembler}): the same as {@link #observe} for such a value, without
     * classifying it again.
     */
    void observeSame() {
        observed++;
    }

    /**
     * True when the column is DATE or TIMESTAMP with a single date part left: then a value that matches
     * {@link #layout()} changes nothing here (it fits that part, and its time shape is the one seen).
     */
    boolean layoutSettled() {
        return (type == ColumnType.DATE || type == ColumnType.TIMESTAMP) && Integer.bitCount(dateMask) == 1;
    }

    /**
     * Folds in the inference of a later stretch of the same column, so that chunks can be inferred
     * apart and joined in order: the result is what observing both stretches' values one after the
     * other gives (types join in their lattice, date parts intersect, the time shape must agree).
     */
    public void merge(TypeInference later) {
        observed += later.observed;
        if (later.type == null || type == ColumnType.STRING) {
            return;
        }
        if (type == null) {
            copyState(later);
            return;
        }
        ColumnType a = type;
        ColumnType b = later.type;
        if (b == ColumnType.STRING) {
            type = ColumnType.STRING;
        } else if (isNumeric(a) && isNumeric(b)) {
            type = a == ColumnType.FLOAT || b == ColumnType.FLOAT ? ColumnType.FLOAT : ColumnType.INTEGER;
        } else if (a == ColumnType.BOOLEAN && b == ColumnType.BOOLEAN) {
            type = ColumnType.BOOLEAN;
        } else if (isTemporal(a) && isTemporal(b)) {
            mergeTemporal(later);
        } else {
            type = ColumnType.STRING;
        }
    }

    private void mergeTemporal(TypeInference later) {
        int parts = dateMask & later.dateMask;
        if (parts == 0 || (sawTime && later.sawTime && (tSeparator != later.tSeparator || offset != later.offset))) {
            type = ColumnType.STRING;
            return;
        }
        dateMask = parts;
        sawDateOnly |= later.sawDateOnly;
        if (later.sawTime) {
            tSeparator = later.tSeparator;
            offset = later.offset;
        }
        sawTime |= later.sawTime;
        type = sawTime ? ColumnType.TIMESTAMP : ColumnType.DATE;
    }

    private void copyState(TypeInference other) {
        type = other.type;
        dateMask = other.dateMask;
        sawDateOnly = other.sawDateOnly;
        sawTime = other.sawTime;
        tSeparator = other.tSeparator;
        offset = other.offset;
    }

    private static boolean isNumeric(ColumnType t) {
        return t == ColumnType.INTEGER || t == ColumnType.FLOAT;
    }

    private static boolean isTemporal(ColumnType t) {
        return t == ColumnType.DATE || t == ColumnType.TIMESTAMP;
    }

    /** The inferred type; STRING when nothing was observed. */
    public ColumnType type() {
        return type == null ? ColumnType.STRING : type;
    }

    /** The {@link TemporalLayout} pattern of a DATE or TIMESTAMP column, else null. */
    public String format() {
        TemporalLayout layout = layout();
        return layout == null ? null : layout.pattern();
    }

    /** The layout of a DATE or TIMESTAMP column, else null. */
    public TemporalLayout layout() {
        if (type != ColumnType.DATE && type != ColumnType.TIMESTAMP) {
            return null;
        }
        int part = Integer.numberOfTrailingZeros(dateMask);
        TemporalLayout.Time time = !sawTime ? TemporalLayout.Time.NONE
                : sawDateOnly ? TemporalLayout.Time.OPTIONAL : TemporalLayout.Time.REQUIRED;
        return TemporalLayout.of(part, time, tSeparator, offset);
    }

    /** Values observed (including those seen after the column became STRING). */
    public long observed() {
        return observed;
    }

    private ColumnType first(byte[] b, int s, int e) {
        int kind = ValueParsers.classifyNumber(b, s, e);
        if (kind == ValueParsers.INTEGER) {
            return ColumnType.INTEGER;
        }
        if (kind == ValueParsers.FLOAT) {
            return ColumnType.FLOAT;
        }
        if (ValueParsers.booleanValue(b, s, e) >= 0) {
            return ColumnType.BOOLEAN;
        }
        dateMask = TemporalSyntax.ALL_PARTS;
        if (temporal(b, s, e, true)) {
            return sawTime ? ColumnType.TIMESTAMP : ColumnType.DATE;
        }
        return ColumnType.STRING;
    }

    /** Narrows the layout state by one value; false when the value does not fit the column. */
    private boolean temporal(byte[] b, int s, int e, boolean firstValue) {
        int fits = 0;
        int dateEnd = -1;
        for (int mask = dateMask; mask != 0; mask &= mask - 1) {
            int part = Integer.numberOfTrailingZeros(mask);
            long packed = TemporalSyntax.date(b, s, e, part);
            if (packed != TemporalSyntax.NO_MATCH) {
                fits |= 1 << part;
                dateEnd = s + TemporalSyntax.dateLength(packed);
            }
        }
        if (fits == 0) {
            return false;
        }
        boolean iso = (fits & 1 << TemporalSyntax.ISO) != 0;
        if (dateEnd == e) {
            dateMask = fits;
            sawDateOnly = true;
            return true;
        }
        byte sep = b[dateEnd];
        if (sep == 'T' && !iso) {
            return false;
        }
        long time = TemporalSyntax.time(b, dateEnd + 1, e, iso, iso);
        if (time == TemporalSyntax.NO_MATCH) {
            return false;
        }
        boolean valueOffset = TemporalSyntax.timeHasOffset(time);
        if (sawTime && (tSeparator != (sep == 'T') || offset != valueOffset)) {
            return false;
        }
        dateMask = fits;
        sawTime = true;
        tSeparator = sep == 'T';
        offset = valueOffset;
        if (!firstValue) {
            type = ColumnType.TIMESTAMP;
        }
        return true;
    }
}
