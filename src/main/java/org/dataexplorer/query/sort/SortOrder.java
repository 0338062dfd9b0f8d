package org.dataexplorer.query.sort;

import java.util.Arrays;

/** Compares {@link Keys}: per key nulls (last unless nulls first), then the encoding, then full strings; then row. */
final class SortOrder {

    private final boolean[] string;
    private final boolean[] descending;
    private final boolean nullsFirst;

    SortOrder(boolean[] string, boolean[] descending, boolean nullsFirst) {
        this.string = string;
        this.descending = descending;
        this.nullsFirst = nullsFirst;
    }

    boolean nullsFirst() {
        return nullsFirst;
    }

    int keys() {
        return string.length;
    }

    boolean needsFull(int i, long enc, long nulls) {
        return string[i] && (nulls & (1L << i)) == 0 && KeyColumn.truncated(enc, descending[i]);
    }

    int compare(Keys a, Keys b) {
        for (int i = 0; i < string.length; i++) {
            boolean na = (a.nulls & (1L << i)) != 0;
            boolean nb = (b.nulls & (1L << i)) != 0;
            if (na || nb) {
                if (na != nb) {
                    return na == nullsFirst ? -1 : 1;
                }
                continue;
            }
            int c = Long.compare(a.enc[i], b.enc[i]);
            if (c != 0) {
                return c;
            }
            if (needsFull(i, a.enc[i], a.nulls)) {
                c = Arrays.compareUnsigned(a.full(i), b.full(i));
                if (c != 0) {
                    return descending[i] ? -c : c;
                }
            }
        }
        return Long.compare(a.row, b.row);
    }

    /** The same order over the columns of a {@link RunBuffer}. */
    int compare(long[][] enc, long[] nulls, byte[][][] full, long[] rows, int a, int b) {
        for (int i = 0; i < string.length; i++) {
            long bit = 1L << i;
            boolean na = nulls != null && (nulls[a] & bit) != 0;
            boolean nb = nulls != null && (nulls[b] & bit) != 0;
            if (na || nb) {
                if (na != nb) {
                    return na == nullsFirst ? -1 : 1;
                }
                continue;
            }
            long ea = enc[i][a];
            int c = Long.compare(ea, enc[i][b]);
            if (c != 0) {
                return c;
            }
            if (string[i] && KeyColumn.truncated(ea, descending[i])) {
                c = Arrays.compareUnsigned(full[i][a], full[i][b]);
                if (c != 0) {
                    return descending[i] ? -c : c;
                }
            }
        }
        return Long.compare(rows[a], rows[b]);
    }
}
