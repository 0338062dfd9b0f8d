package org.dataexplorer.query.sort;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

import org.dataexplorer.query.Budget;
import org.dataexplorer.query.ColumnReader;
import org.dataexplorer.query.QueryException;
import org.dataexplorer.query.filter.RowFilter;
import org.dataexplorer.query.filter.Selection;
import org.dataexplorer.store.ChunkColumnInfo;
import org.dataexplorer.store.ColumnChunk;
import org.dataexplorer.store.ColumnSchema;
import org.dataexplorer.store.ColumnType;
import org.dataexplorer.store.DatasetManifest;

/**
 * Orders selected rows without an object per row: a bounded heap for the first rows (top-K, also
 * after a keyset cursor), or for a whole order a buffer of primitive key columns that is sorted in
 * memory or, past half the memory budget, spilled as sorted runs and merged from disk.
 */
public final class Sorter {

    private final ColumnReader reader;
    private final Path spillDir;

    public Sorter(ColumnReader reader, Path spillDir) {
        this.reader = reader;
        this.spillDir = spillDir;
    }

    /** Removes runs and permutations a crash left behind (at startup, before serving). */
    public static void removeSpillFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.newDirectoryStream(dir, "{run-,perm-}*.bin")) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Sort keys resolved against a schema. */
    public record Plan(List<ColumnSchema> columns, SortOrder order, boolean[] descending) {
        public int keys() {
            return columns.size();
        }
    }

    public static Plan plan(DatasetManifest manifest, List<SortKey> keys, boolean nullsFirst) {
        if (keys.size() > 64) {
            throw new QueryException("sort", "At most 64 sort columns");
        }
        List<ColumnSchema> columns = new ArrayList<>();
        boolean[] string = new boolean[keys.size()];
        boolean[] desc = new boolean[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            ColumnSchema c = RowFilter.column(manifest, keys.get(i).column(), "sort");
            columns.add(c);
            string[i] = c.type() == ColumnType.STRING;
            desc[i] = keys.get(i).descending();
        }
        return new Plan(List.copyOf(columns), new SortOrder(string, desc, nullsFirst), desc);
    }

    /** The first {@code k} selected rows in order, after {@code after} when given (a keyset cursor). */
    public List<Keys> top(DatasetManifest manifest, Selection selection, Plan plan, Keys after, int k, Budget budget)
            throws IOException {
        SortOrder order = plan.order();
        PriorityQueue<Keys> heap = new PriorityQueue<>(k + 1, (a, b) -> order.compare(b, a));
        budget.reserve((long) k * (64 + 16L * plan.keys()), "the sort heap");
        Keys scratch = new Keys(plan.keys());
        for (int c = 0; c < selection.chunks(); c++) {
            budget.checkTime();
            if (selection.count(c) == 0) {
                continue;
            }
            if (heap.size() == k && cannotBeat(manifest.chunks().get(c).columns().get(plan.columns().get(0).index()),
                    plan, heap.peek())) {
                continue;
            }
            KeyColumn[] columns = keyColumns(manifest, c, plan);
            KeyColumn lead = columns[0];
            long first = selection.firstRow(c);
            for (int r = selection.next(c, 0); r >= 0; r = selection.next(c, r + 1)) {
                budget.tick();
                if (heap.size() == k) {
                    // Most rows lose on the first key alone: reject them without loading their keys.
                    Keys top = heap.peek();
                    boolean topNull = (top.nulls & 1L) != 0;
                    boolean rowNull = lead.isNull(r);
                    boolean worse = rowNull || topNull
                            ? rowNull != topNull && rowNull != plan.order().nullsFirst()
                            : lead.encode(r) > top.enc[0];
                    if (worse) {
                        continue;
                    }
                }
                scratch.load(columns, r, first + r);
                if (after != null && order.compare(scratch, after) <= 0) {
                    continue;
                }
                if (heap.size() == k && order.compare(scratch, heap.peek()) >= 0) {
                    continue;
                }
                heap.add(scratch.copy(order));
                if (heap.size() > k) {
                    heap.poll();
                }
            }
        }
        List<Keys> result = new ArrayList<>(heap);
        result.sort(order::compare);
        return result;
    }

    /**
     * The last {@code k} selected rows in order before {@code before} (a backward keyset cursor), in
     * order. A full pass without the forward path's shortcuts: going back is rarer than going on.
     */
    public List<Keys> lastBefore(DatasetManifest manifest, Selection selection, Plan plan, Keys before, int k,
                                 Budget budget) throws IOException {
        SortOrder order = plan.order();
        PriorityQueue<Keys> heap = new PriorityQueue<>(k + 1, order::compare);
        budget.reserve((long) k * (64 + 16L * plan.keys()), "the sort heap");
        Keys scratch = new Keys(plan.keys());
        for (int c = 0; c < selection.chunks(); c++) {
            budget.checkTime();
            if (selection.count(c) == 0) {
                continue;
            }
            KeyColumn[] columns = keyColumns(manifest, c, plan);
            long first = selection.firstRow(c);
            for (int r = selection.next(c, 0); r >= 0; r = selection.next(c, r + 1)) {
                budget.tick();
                scratch.load(columns, r, first + r);
                if (order.compare(scratch, before) >= 0) {
                    continue;
                }
                if (heap.size() == k && order.compare(scratch, heap.peek()) <= 0) {
                    continue;
                }
                heap.add(scratch.copy(order));
                if (heap.size() > k) {
                    heap.poll();
                }
            }
        }
        List<Keys> result = new ArrayList<>(heap);
        result.sort(order::compare);
        return result;
    }

    /**
     * Whether a chunk's min/max prove none of its rows beats {@code top} on the first key (numeric
     * first keys; nulls count too), so the chunk need not be read.
     */
    private static boolean cannotBeat(ChunkColumnInfo info, Plan plan, Keys top) {
        ColumnType type = plan.columns().get(0).type();
        if (type == ColumnType.STRING || (top.nulls & 1L) != 0 || !info.hasMinMax()
                || info.nullCount() > 0 && plan.order().nullsFirst()) {
            return false;
        }
        boolean desc = plan.descending()[0];
        long best;
        if (type == ColumnType.FLOAT) {
            double v;
            if (info.type() == ColumnType.FLOAT) {
                v = desc ? info.maxDouble() : info.minDouble();
            } else if (info.type() == ColumnType.INTEGER) {
                v = desc ? info.maxLong() : info.minLong();
            } else {
                return false;
            }
            best = KeyColumn.sortableDouble(v);
        } else if (info.type() == type) {
            best = desc ? info.maxLong() : info.minLong();
        } else {
            return false;
        }
        return (desc ? ~best : best) > top.enc[0];
    }

    /** Every selected row in order. */
    public Permutation sortAll(DatasetManifest manifest, Selection selection, Plan plan, Budget budget)
            throws IOException {
        RunBuffer buffer = new RunBuffer(plan.order(), Math.max(4096, budget.memoryBytes() / 2));
        budget.reserve(buffer.limit(), "the sort buffer");
        List<Path> runs = new ArrayList<>();
        Keys scratch = new Keys(plan.keys());
        try {
            for (int c = 0; c < selection.chunks(); c++) {
                budget.checkTime();
                if (selection.count(c) == 0) {
                    continue;
                }
                KeyColumn[] columns = keyColumns(manifest, c, plan);
                long first = selection.firstRow(c);
                for (int r = selection.next(c, 0); r >= 0; r = selection.next(c, r + 1)) {
                    budget.tick();
                    scratch.load(columns, r, first + r);
                    if (buffer.isFull()) {
                        runs.add(buffer.spill(spillDir, budget));
                    }
                    buffer.add(scratch);
                }
            }
            if (runs.isEmpty()) {
                return Permutation.of(buffer.sortedRows(budget));
            }
            runs.add(buffer.spill(spillDir, budget));
            return merge(runs, plan, selection.count(), budget);
        } finally {
            for (Path run : runs) {
                Files.deleteIfExists(run);
            }
            budget.release(buffer.limit());
        }
    }

    private Permutation merge(List<Path> runs, Plan plan, long total, Budget budget) throws IOException {
        SortOrder order = plan.order();
        Path out = Files.createTempFile(spillDir, "perm-", ".bin");
        List<RunReader> readers = new ArrayList<>();
        PriorityQueue<RunReader> queue = new PriorityQueue<>((a, b) -> order.compare(a.current, b.current));
        try (DataOutputStream perm = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(out), 1 << 16))) {
            for (Path run : runs) {
                RunReader r = new RunReader(run, order);
                readers.add(r);
                if (r.advance()) {
                    queue.add(r);
                }
            }
            while (!queue.isEmpty()) {
                budget.tick();
                RunReader r = queue.poll();
                perm.writeLong(r.current.row);
                if (r.advance()) {
                    queue.add(r);
                }
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(out);
            throw e;
        } finally {
            for (RunReader r : readers) {
                r.close();
            }
        }
        return new Permutation.Spilled(out, total);
    }

    private KeyColumn[] keyColumns(DatasetManifest manifest, int chunk, Plan plan) throws IOException {
        KeyColumn[] columns = new KeyColumn[plan.keys()];
        for (int i = 0; i < columns.length; i++) {
            ColumnChunk values = reader.read(manifest, chunk, plan.columns().get(i));
            columns[i] = new KeyColumn(values, plan.descending()[i]);
        }
        return columns;
    }

    /** Key columns of up to {@code limit} bytes of rows. */
    private static final class RunBuffer {
        private final SortOrder order;
        private final long limit;
        private final int keys;
        private long[][] enc;
        private long[] nulls;
        private byte[][][] full;
        private long[] rows;
        private int size;
        /** Bytes of the full strings held. */
        private long bytes;

        RunBuffer(SortOrder order, long limit) {
            this.order = order;
            this.limit = limit;
            this.keys = order.keys();
            allocate(1024);
        }

        long limit() {
            return limit;
        }

        private void allocate(int capacity) {
            long[][] e = new long[keys][capacity];
            long[] n = new long[capacity];
            byte[][][] f = new byte[keys][][];
            long[] r = new long[capacity];
            for (int i = 0; i < keys; i++) {
                if (enc != null) {
                    System.arraycopy(enc[i], 0, e[i], 0, size);
                }
                f[i] = new byte[capacity][];
                if (full != null) {
                    System.arraycopy(full[i], 0, f[i], 0, size);
                }
            }
            if (rows != null) {
                System.arraycopy(rows, 0, r, 0, size);
                System.arraycopy(nulls, 0, n, 0, size);
            }
            enc = e;
            nulls = n;
            full = f;
            rows = r;
        }

        private long perRow() {
            return 8L * keys + 8 + 8 + 8L * keys + 8;
        }

        boolean isFull() {
            return size > 0 && bytes + 2L * (size + 1) * perRow() > limit;
        }

        void add(Keys k) {
            if (size == rows.length) {
                allocate(size * 2);
            }
            for (int i = 0; i < keys; i++) {
                enc[i][size] = k.enc[i];
                if (order.needsFull(i, k.enc[i], k.nulls)) {
                    byte[] f = k.full(i);
                    full[i][size] = f;
                    bytes += 16 + f.length;
                } else {
                    full[i][size] = null;
                }
            }
            nulls[size] = k.nulls;
            rows[size] = k.row;
            size++;
        }

        int[] sortedIndex(Budget budget) {
            int[] index = new int[size];
            for (int i = 0; i < size; i++) {
                index[i] = i;
            }
            int[] tmp = new int[size];
            for (int width = 1; width < size; width *= 2) {
                budget.checkTime();
                for (int lo = 0; lo < size - width; lo += 2 * width) {
                    int mid = lo + width;
                    int hi = Math.min(lo + 2 * width, size);
                    if (order.compare(enc, nulls, full, rows, index[mid - 1], index[mid]) <= 0) {
                        continue;
                    }
                    int i = lo;
                    int j = mid;
                    int t = lo;
                    while (i < mid && j < hi) {
                        tmp[t++] = order.compare(enc, nulls, full, rows, index[i], index[j]) <= 0 ? index[i++] : index[j++];
                    }
                    while (i < mid) {
                        tmp[t++] = index[i++];
                    }
                    while (j < hi) {
                        tmp[t++] = index[j++];
                    }
                    System.arraycopy(tmp, lo, index, lo, hi - lo);
                }
            }
            return index;
        }

        long[] sortedRows(Budget budget) {
            int[] index = sortedIndex(budget);
            long[] sorted = new long[size];
            for (int i = 0; i < size; i++) {
                sorted[i] = rows[index[i]];
            }
            return sorted;
        }

        Path spill(Path dir, Budget budget) throws IOException {
            Files.createDirectories(dir);
            int[] index = sortedIndex(budget);
            Path run = Files.createTempFile(dir, "run-", ".bin");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(run), 1 << 16))) {
                for (int x : index) {
                    out.writeLong(rows[x]);
                    out.writeLong(nulls[x]);
                    for (int i = 0; i < keys; i++) {
                        out.writeLong(enc[i][x]);
                        if (order.needsFull(i, enc[i][x], nulls[x])) {
                            out.writeInt(full[i][x].length);
                            out.write(full[i][x]);
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(run);
                throw e;
            }
            size = 0;
            bytes = 0;
            for (byte[][] f : full) {
                java.util.Arrays.fill(f, null);
            }
            return run;
        }
    }

    private static final class RunReader implements AutoCloseable {
        private final DataInputStream in;
        private final SortOrder order;
        private final Keys current;

        RunReader(Path run, SortOrder order) throws IOException {
            this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(run), 1 << 16));
            this.order = order;
            this.current = new Keys(order.keys());
        }

        boolean advance() throws IOException {
            try {
                current.row = in.readLong();
            } catch (EOFException e) {
                return false;
            }
            current.nulls = in.readLong();
            for (int i = 0; i < order.keys(); i++) {
                current.enc[i] = in.readLong();
                if (order.needsFull(i, current.enc[i], current.nulls)) {
                    byte[] f = new byte[in.readInt()];
                    in.readFully(f);
                    current.full[i] = f;
                } else {
                    current.full[i] = null;
                }
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
