package org.dataexplorer.query.gw;

import java.text.Collator;
import java.util.Locale;

import org.dataexplorer.query.Budget;

/**
 * A stable merge sort of {@code int} indexes (no boxing), and the key columns of Graphic Walker's sort
 * step: two numbers compare numerically, anything else compares as {@code String(value)} with a
 * locale-aware collator (JavaScript's {@code localeCompare}); null is the text {@code "null"}.
 */
final class Sorting {

    interface IntComparator {
        int compare(int a, int b);
    }

    private Sorting() {
    }

    static void stableSort(int[] a, IntComparator c, Budget budget) {
        if (a.length < 2) {
            return;
        }
        budget.reserve(a.length * 4L, "the sort");
        int[] tmp = new int[a.length];
        mergeSort(a, tmp, 0, a.length, c, budget);
        budget.release(a.length * 4L);
    }

    private static void mergeSort(int[] a, int[] tmp, int from, int to, IntComparator c, Budget budget) {
        if (to - from <= 16) {
            for (int i = from + 1; i < to; i++) {
                int v = a[i];
                int j = i - 1;
                while (j >= from && c.compare(a[j], v) > 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
            return;
        }
        budget.tick();
        int mid = (from + to) >>> 1;
        mergeSort(a, tmp, from, mid, c, budget);
        mergeSort(a, tmp, mid, to, c, budget);
        if (c.compare(a[mid - 1], a[mid]) <= 0) {
            return;
        }
        System.arraycopy(a, from, tmp, from, to - from);
        int i = from;
        int j = mid;
        for (int k = from; k < to; k++) {
            if (j >= to || i < mid && c.compare(tmp[i], tmp[j]) <= 0) {
                a[k] = tmp[i++];
            } else {
                a[k] = tmp[j++];
            }
        }
    }

    /** One sort key's values for a list of rows: numbers in {@code nums} (NaN = not a number), else text. */
    static final class KeyColumn {
        final double[] nums;
        final String[] texts;

        KeyColumn(int size) {
            nums = new double[size];
            texts = new String[size];
        }

        void set(int i, Col col, int r) {
            if (col.isNull(r)) {
                nums[i] = Double.NaN;
                texts[i] = "null";
            } else if (col.kind() == Col.Kind.NUMBER || col.kind() == Col.Kind.ANY && col.value(r) instanceof Number) {
                nums[i] = col.num(r);
                texts[i] = null;
            } else {
                nums[i] = Double.NaN;
                texts[i] = col.text(r);
            }
        }

        int compare(int a, int b, Collator collator) {
            String x = texts[a];
            String y = texts[b];
            if (x == null && y == null) {
                return Double.compare(nums[a], nums[b]);
            }
            return collator.compare(x != null ? x : Col.jsText(nums[a]), y != null ? y : Col.jsText(nums[b]));
        }
    }

    static Collator collator() {
        Collator c = Collator.getInstance(Locale.ROOT);
        c.setStrength(Collator.TERTIARY);
        return c;
    }
}
