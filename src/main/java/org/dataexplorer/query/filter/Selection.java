package org.dataexplorer.query.filter;

import java.nio.ByteBuffer;
import java.util.List;

import org.dataexplorer.store.ChunkInfo;
import org.dataexplorer.store.ColumnChunk;

/**
 * Which rows of a dataset a filter kept: one bitmap per chunk (null when the chunk kept none, or for
 * {@link #all} when it kept every row), plus per-chunk counts. About one bit per row, so it can be
 * cached and kept for a whole request.
 */
public final class Selection {

    private final long[][] bits;
    private final int[] counts;
    private final long[] firstRows;
    private final int[] sizes;
    private final long total;
    private final boolean all;

    private Selection(long[][] bits, int[] counts, long[] firstRows, int[] sizes, boolean all) {
        this.bits = bits;
        this.counts = counts;
        this.firstRows = firstRows;
        this.sizes = sizes;
        this.all = all;
        long t = 0;
        for (int c : counts) {
            t += c;
        }
        this.total = t;
    }

    /** Every row of the given chunks. */
    public static Selection all(List<ChunkInfo> chunks) {
        int n = chunks.size();
        int[] counts = new int[n];
        long[] first = new long[n];
        int[] sizes = new int[n];
        for (int c = 0; c < n; c++) {
            counts[c] = chunks.get(c).rowCount();
            first[c] = chunks.get(c).firstRow();
            sizes[c] = chunks.get(c).rowCount();
        }
        return new Selection(new long[n][], counts, first, sizes, true);
    }

    static Selection of(List<ChunkInfo> chunks, long[][] bits) {
        int n = chunks.size();
        int[] counts = new int[n];
        long[] first = new long[n];
        int[] sizes = new int[n];
        for (int c = 0; c < n; c++) {
            first[c] = chunks.get(c).firstRow();
            sizes[c] = chunks.get(c).rowCount();
            if (bits[c] != null) {
                int k = 0;
                for (long w : bits[c]) {
                    k += Long.bitCount(w);
                }
                counts[c] = k;
                if (k == 0) {
                    bits[c] = null;
                }
            }
        }
        return new Selection(bits, counts, first, sizes, false);
    }

    public boolean isAll() {
        return all;
    }

    public long count() {
        return total;
    }

    public int chunks() {
        return counts.length;
    }

    public int count(int chunk) {
        return counts[chunk];
    }

    public long firstRow(int chunk) {
        return firstRows[chunk];
    }

    public int chunkSize(int chunk) {
        return sizes[chunk];
    }

    /** The next selected row of a chunk at or after {@code from} (chunk-relative), or -1. */
    public int next(int chunk, int from) {
        if (counts[chunk] == 0) {
            return -1;
        }
        if (all) {
            return from < sizes[chunk] ? from : -1;
        }
        return ColumnFilter.nextSet(bits[chunk], from, sizes[chunk]);
    }

    /** The previous selected row of a chunk at or before {@code from} (chunk-relative), or -1. */
    public int previous(int chunk, int from) {
        if (counts[chunk] == 0 || from < 0) {
            return -1;
        }
        int last = Math.min(from, sizes[chunk] - 1);
        if (all) {
            return last;
        }
        return ColumnFilter.previousSet(bits[chunk], last);
    }

    /** The chunk holding dataset row {@code row}, by binary search. */
    public int chunkOf(long row) {
        int lo = 0;
        int hi = firstRows.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (firstRows[mid] <= row) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /**
     * Up to {@code limit} selected dataset rows starting with the {@code offset}-th selected one.
     */
    public long[] page(long offset, int limit) {
        int c = 0;
        long skipped = 0;
        while (c < counts.length && skipped + counts[c] <= offset) {
            skipped += counts[c];
            c++;
        }
        long[] rows = new long[(int) Math.max(0, Math.min(limit, total - offset))];
        int n = 0;
        int from = c < counts.length ? nth(c, (int) (offset - skipped)) : -1;
        for (; c < counts.length && n < rows.length; c++, from = 0) {
            for (int r = next(c, from); r >= 0 && n < rows.length; r = next(c, r + 1)) {
                rows[n++] = firstRows[c] + r;
            }
        }
        return rows;
    }

    /** The chunk-relative row of the {@code k}-th (0-based) selected row of a chunk, counting 64 rows at a time. */
    private int nth(int chunk, int k) {
        if (all) {
            return k;
        }
        long[] words = bits[chunk];
        for (int w = 0; w < words.length; w++) {
            int inWord = Long.bitCount(words[w]);
            if (k < inWord) {
                long word = words[w];
                for (int i = 0; i < k; i++) {
                    word &= word - 1;
                }
                return (w << 6) + Long.numberOfTrailingZeros(word);
            }
            k -= inWord;
        }
        return -1;
    }

    /** Up to {@code limit} selected dataset rows at or after row {@code from}. */
    public long[] pageFrom(long from, int limit) {
        if (counts.length == 0) {
            return new long[0];
        }
        long[] rows = new long[limit];
        int n = 0;
        int c = chunkOf(from);
        int r = (int) Math.max(0, from - firstRows[c]);
        for (; c < counts.length && n < limit; c++, r = 0) {
            for (int row = next(c, r); row >= 0 && n < limit; row = next(c, row + 1)) {
                rows[n++] = firstRows[c] + row;
            }
        }
        return java.util.Arrays.copyOf(rows, n);
    }

    /** Up to {@code limit} selected dataset rows before row {@code before}, the nearest ones, in file order. */
    public long[] pageBefore(long before, int limit) {
        if (counts.length == 0 || before <= 0) {
            return new long[0];
        }
        long[] rows = new long[limit];
        int n = 0;
        int c = chunkOf(before - 1);
        int r = (int) (before - 1 - firstRows[c]);
        for (; c >= 0 && n < limit; c--, r = c >= 0 ? sizes[c] - 1 : 0) {
            for (int row = previous(c, r); row >= 0 && n < limit; row = previous(c, row - 1)) {
                rows[n++] = firstRows[c] + row;
            }
        }
        long[] page = new long[n];
        for (int i = 0; i < n; i++) {
            page[i] = rows[n - 1 - i];
        }
        return page;
    }

    /** Heap bytes of the bitmaps. */
    public long bytes() {
        long b = 64L + counts.length * 24L;
        for (long[] w : bits) {
            b += w == null ? 0 : 16 + w.length * 8L;
        }
        return b;
    }

    // ---- cache form ----

    public byte[] toBytes() {
        int words = 0;
        for (long[] w : bits) {
            words += w == null ? 0 : w.length;
        }
        ByteBuffer out = ByteBuffer.allocate(5 + counts.length * 17 + words * 8);
        out.put((byte) (all ? 1 : 0)).putInt(counts.length);
        for (int c = 0; c < counts.length; c++) {
            out.putLong(firstRows[c]).putInt(sizes[c]).putInt(counts[c]);
            out.put((byte) (bits[c] == null ? 0 : 1));
            if (bits[c] != null) {
                for (long w : bits[c]) {
                    out.putLong(w);
                }
            }
        }
        return out.array();
    }

    public static Selection fromBytes(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        boolean all = in.get() == 1;
        int n = in.getInt();
        long[][] bits = new long[n][];
        int[] counts = new int[n];
        long[] first = new long[n];
        int[] sizes = new int[n];
        for (int c = 0; c < n; c++) {
            first[c] = in.getLong();
            sizes[c] = in.getInt();
            counts[c] = in.getInt();
            if (in.get() == 1) {
                long[] w = new long[ColumnChunk.wordCount(sizes[c])];
                for (int i = 0; i < w.length; i++) {
                    w[i] = in.getLong();
                }
                bits[c] = w;
            }
        }
        return new Selection(bits, counts, first, sizes, all);
    }
}
