package org.dataexplorer.query.gw;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dataexplorer.query.Budget;
import org.dataexplorer.query.QueryEngine;
import org.dataexplorer.query.QueryException;
import org.dataexplorer.query.filter.FilterSpec;
import org.dataexplorer.query.filter.Selection;
import org.dataexplorer.query.gw.Frame.Field;
import org.dataexplorer.query.gw.Frame.Scan;
import org.dataexplorer.query.gw.Payload.Aggregate;
import org.dataexplorer.query.gw.Payload.Filter;
import org.dataexplorer.query.gw.Payload.FilterStep;
import org.dataexplorer.query.gw.Payload.Measure;
import org.dataexplorer.query.gw.Payload.Raw;
import org.dataexplorer.query.gw.Payload.SortStep;
import org.dataexplorer.query.gw.Payload.Step;
import org.dataexplorer.query.gw.Payload.Transform;
import org.dataexplorer.query.gw.Payload.TransformStep;
import org.dataexplorer.query.gw.Payload.ViewQuery;
import org.dataexplorer.query.gw.Payload.ViewStep;
import org.dataexplorer.store.ChunkColumnInfo;
import org.dataexplorer.store.ChunkInfo;
import org.dataexplorer.store.ColumnSchema;
import org.dataexplorer.store.ColumnType;
import org.dataexplorer.store.DatasetManifest;

/**
 * Runs Graphic Walker computation payloads (computation.md) over a dataset, on the query engine's
 * column reader, caches and per-request budgets.
 *
 * <p>Steps run in order over a frame (the dataset's chunks at first): filters narrow the alive rows of
 * each chunk, transforms add fields computed per chunk, {@code raw} projects, sorts are remembered
 * (a later sort key goes first; stable, file order last). Only {@code aggregate} reads every row; its
 * groups become the frame for the steps after it. Rows are built only for the returned slice.
 */
public final class GraphicWalkerEngine {

    private final QueryEngine engine;
    private final long maxRows;

    /** @param maxRows most rows one payload may return ({@code gw.max.rows}) */
    public GraphicWalkerEngine(QueryEngine engine, long maxRows) {
        this.engine = engine;
        this.maxRows = maxRows;
    }

    public long maxRows() {
        return maxRows;
    }

    /**
     * @throws QueryException naming the payload path of a mistake (400)
     * @throws TooManyRowsException when the answer would hold more than {@link #maxRows()} rows (422)
     * @throws org.dataexplorer.query.QueryBudgetException over the time or memory budget (503, 422)
     */
    public Result query(DatasetManifest manifest, Payload payload) throws IOException {
        Run run = new Run(engine, manifest, sourceFields(manifest), engine.budget(), engine.limits().maxGroups());
        for (Step step : payload.workflow()) {
            run.step(step);
        }
        return run.finish(payload.offset(), payload.limit(), maxRows);
    }

    private static LinkedHashMap<String, Field> sourceFields(DatasetManifest manifest) {
        LinkedHashMap<String, Field> fields = new LinkedHashMap<>();
        for (ColumnSchema c : manifest.columns()) {
            fields.put(c.name(), new Frame.Source(c));
        }
        return fields;
    }

    /** Rows keyed by {@code fields}, each row's values in that order. */
    public record Result(List<String> fields, List<Object[]> rows) {
    }

    /** The answer would hold {@code rows} rows, more than {@code limit}. */
    public static final class TooManyRowsException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final long rows;
        private final long limit;

        TooManyRowsException(long rows, long limit, boolean atLeast) {
            super("The query would return " + (atLeast ? "more than " + limit : String.valueOf(rows))
                    + " rows; at most " + limit + " rows may be returned (gw.max.rows). Aggregate the data, add "
                    + "filters, or page with limit and offset.");
            this.rows = rows;
            this.limit = limit;
        }

        public long rows() {
            return rows;
        }

        public long limit() {
            return limit;
        }
    }

    private record SortKey(Field field, boolean descending) {
    }

    /** Sort keys and positions ({@code chunk << 32 | row}) of collected rows. */
    private static final class Keys {
        Sorting.KeyColumn[] columns;
        long[] position;
        int size;

        Keys(int width, int capacity) {
            columns = new Sorting.KeyColumn[width];
            for (int k = 0; k < width; k++) {
                columns[k] = new Sorting.KeyColumn(capacity);
            }
            position = new long[capacity];
        }

        void add(Col[] cols, int r, long at) {
            for (int k = 0; k < cols.length; k++) {
                columns[k].set(size, cols[k], r);
            }
            position[size++] = at;
        }

        /** Sorts the collected rows and keeps the first {@code n}, in order. */
        void keepFirst(int n, Sorting.IntComparator order, Budget budget) {
            int[] index = new int[size];
            for (int i = 0; i < size; i++) {
                index[i] = i;
            }
            Sorting.stableSort(index, order, budget);
            int kept = Math.min(n, size);
            Sorting.KeyColumn[] next = new Sorting.KeyColumn[columns.length];
            for (int k = 0; k < columns.length; k++) {
                next[k] = new Sorting.KeyColumn(position.length);
                for (int i = 0; i < kept; i++) {
                    next[k].nums[i] = columns[k].nums[index[i]];
                    next[k].texts[i] = columns[k].texts[index[i]];
                }
            }
            long[] nextPosition = new long[position.length];
            for (int i = 0; i < kept; i++) {
                nextPosition[i] = position[index[i]];
            }
            columns = next;
            position = nextPosition;
            size = kept;
        }
    }

    /** The state of one payload's evaluation. */
    private static final class Run implements Transforms.Context {
        private final QueryEngine engine;
        private final DatasetManifest manifest;
        /** Leading filters the engine's row filter runs (see {@link Pushdown}); only while the frame is the dataset. */
        private final List<FilterSpec> pushed = new ArrayList<>();
        private boolean pushable = true;
        private Selection selection;
        private Frame frame;
        private LinkedHashMap<String, Field> fields;
        private List<Predicate> filters = new ArrayList<>();
        private List<SortKey> sort = new ArrayList<>();
        private final Budget budget;
        private final int maxGroups;
        private boolean stop;

        Run(QueryEngine engine, DatasetManifest manifest, LinkedHashMap<String, Field> fields, Budget budget,
            int maxGroups) {
            this.engine = engine;
            this.manifest = manifest;
            this.frame = new Frame.Dataset(manifest, engine.reader());
            this.fields = fields;
            this.budget = budget;
            this.maxGroups = maxGroups;
        }

        @Override
        public Field field(String name) {
            return fields.get(name);
        }

        @Override
        public String caseInsensitive(String name) {
            String found = null;
            for (String f : fields.keySet()) {
                if (f.equalsIgnoreCase(name)) {
                    if (found != null) {
                        return null;
                    }
                    found = f;
                }
            }
            return found;
        }

        @Override
        public Budget budget() {
            return budget;
        }

        @Override
        public double[] storedExtremes(Field field) {
            if (!(frame instanceof Frame.Dataset) || !pushed.isEmpty() || !filters.isEmpty()
                    || !(field instanceof Frame.Source source)) {
                return null;
            }
            ColumnType type = source.column.type();
            if (type != ColumnType.INTEGER && type != ColumnType.FLOAT) {
                return null;
            }
            double[] extremes = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
            for (ChunkInfo chunk : manifest.chunks()) {
                ChunkColumnInfo c = chunk.columns().get(source.column.index());
                if (!c.hasMinMax()) {
                    continue;
                }
                // a chunk sealed before the column widened to FLOAT keeps integer bounds
                if (c.type() != ColumnType.INTEGER && c.type() != ColumnType.FLOAT) {
                    return null;
                }
                boolean integer = c.type() == ColumnType.INTEGER;
                extremes[0] = Math.min(extremes[0], integer ? c.minLong() : c.minDouble());
                extremes[1] = Math.max(extremes[1], integer ? c.maxLong() : c.maxDouble());
            }
            return extremes;
        }

        @Override
        public long rowCount() {
            return frame.rowCount();
        }

        /** The rows the pushed filters keep (cached by the engine), or null when there are none. */
        private Selection selection() throws IOException {
            if (pushed.isEmpty()) {
                return null;
            }
            if (selection == null) {
                selection = engine.select(manifest, pushed, budget);
            }
            return selection;
        }

        @Override
        public void scan(Transforms.ScanVisitor visitor) throws IOException {
            stop = false;
            Selection sel = frame instanceof Frame.Dataset ? selection() : null;
            for (int c = 0; c < frame.chunks() && !stop; c++) {
                budget.checkTime();
                Scan scan;
                if (sel == null) {
                    scan = new Scan(frame, c, budget);
                } else if (sel.count(c) == 0) {
                    continue;
                } else {
                    int[] rows = new int[sel.count(c)];
                    int k = 0;
                    for (int r = sel.next(c, 0); r >= 0; r = sel.next(c, r + 1)) {
                        rows[k++] = r;
                    }
                    scan = new Scan(frame, c, budget, rows);
                }
                for (Predicate p : filters) {
                    if (scan.count == 0) {
                        break;
                    }
                    p.apply(scan);
                }
                if (scan.count > 0) {
                    visitor.visit(scan);
                }
            }
        }

        private Field require(String fid, String path) {
            Field f = fields.get(fid);
            if (f == null) {
                throw new QueryException(path, "There is no field '" + fid + "' at this step" + known());
            }
            return f;
        }

        private String known() {
            List<String> names = new ArrayList<>(fields.keySet());
            String list = String.join(", ", names.subList(0, Math.min(names.size(), 20)));
            return " (fields: " + list + (names.size() > 20 ? ", …" : "") + ")";
        }

        void step(Step step) throws IOException {
            budget.checkTime();
            if (step instanceof FilterStep f) {
                for (Filter filter : f.filters()) {
                    Field field = require(filter.fid(), filter.path() + ".fid");
                    List<FilterSpec> specs = pushable && field instanceof Frame.Source source
                            ? Pushdown.translate(source.column, filter.rule(), filter.path()) : null;
                    if (specs != null) {
                        pushed.addAll(specs);
                        selection = null;
                    } else {
                        filters.add(new Predicate(field, filter.rule(), filter.path()));
                    }
                }
                return;
            }
            pushable = false; // a transform's pre-pass sees only the filters before it
            if (step instanceof TransformStep t) {
                for (Transform transform : t.transforms()) {
                    Field computed = Transforms.build(transform.expression(), this);
                    fields.put(transform.key(), computed);
                }
            } else if (step instanceof ViewStep v) {
                for (ViewQuery q : v.queries()) {
                    if (q instanceof Raw raw) {
                        project(raw);
                    } else {
                        aggregate((Aggregate) q);
                    }
                }
            } else {
                SortStep s = (SortStep) step;
                List<SortKey> keys = new ArrayList<>();
                for (int i = 0; i < s.by().size(); i++) {
                    keys.add(new SortKey(require(s.by().get(i), s.path() + ".by[" + i + "]"), s.descending()));
                }
                keys.addAll(sort); // a stable sort after a sort: the new keys first, the old ones break ties
                sort = keys;
            }
        }

        private void project(Raw raw) {
            LinkedHashMap<String, Field> projected = new LinkedHashMap<>();
            for (int i = 0; i < raw.fields().size(); i++) {
                String fid = raw.fields().get(i);
                if (fid.equals("*")) {
                    projected.putAll(fields);
                } else {
                    projected.put(fid, require(fid, raw.path() + ".fields[" + i + "]"));
                }
            }
            fields = projected;
        }

        private void aggregate(Aggregate a) throws IOException {
            if (!sort.isEmpty()) {
                // The groups' order follows the input's: hold the sorted rows first.
                Result rows = finish(0, 0, Long.MAX_VALUE);
                hold(rows);
            }
            List<Field> keys = new ArrayList<>();
            for (int i = 0; i < a.groupBy().size(); i++) {
                keys.add(require(a.groupBy().get(i), a.path() + ".groupBy[" + i + "]"));
            }
            if (keys.size() > 63) {
                throw new QueryException(a.path() + ".groupBy", "At most 63 group-by fields");
            }
            List<Aggregation.Plan> plans = new ArrayList<>();
            for (Measure m : a.measures()) {
                plans.add(plan(m));
            }
            Frame.Memory groups = Aggregation.run(this::scan, a.groupBy(), keys, plans, budget, maxGroups);
            adopt(groups);
        }

        private Aggregation.Plan plan(Measure m) {
            if (m.agg().equals("expr")) {
                String path = m.path() + ".field";
                SqlEval.Bound bound = SqlEval.bind(Sql.parse(m.field(), path), this, true, path);
                Map<Sql.Call, Field> callFields = new java.util.IdentityHashMap<>();
                for (Sql.Call call : bound.calls) {
                    Sql.Node arg = call.args().get(0);
                    Field f;
                    if (arg instanceof Sql.Ref r) {
                        f = r.name().equals("*") ? null : bound.refs.get(r);
                    } else {
                        f = new Transforms.Expr(new SqlEval.Bound(arg, bound.refs, List.of(), path), budget);
                    }
                    callFields.put(call, f);
                }
                return new Aggregation.Plan(m.key(), "expr", null, false, 0, bound, callFields);
            }
            Field f = null;
            if (!m.field().equals("*") || !m.agg().equals("count")) {
                f = require(m.field(), m.path() + ".field");
            }
            return new Aggregation.Plan(m.key(), m.agg(), f, m.temporal(), m.offset(), null, null);
        }

        /** Continues from rows held in memory. */
        private void hold(Result rows) {
            int n = rows.rows().size();
            Object[][] columns = new Object[rows.fields().size()][n];
            for (int r = 0; r < n; r++) {
                Object[] row = rows.rows().get(r);
                for (int c = 0; c < row.length; c++) {
                    columns[c][r] = row[c];
                }
            }
            adopt(new Frame.Memory(rows.fields(), columns, n));
        }

        private void adopt(Frame.Memory memory) {
            frame = memory;
            fields = new LinkedHashMap<>();
            for (int i = 0; i < memory.names.size(); i++) {
                fields.put(memory.names.get(i), new Frame.Held(i));
            }
            filters = new ArrayList<>();
            sort = new ArrayList<>();
        }

        /** The rows {@code [offset, offset + limit)} (limit 0: all) in order, checked against {@code max}. */
        Result finish(long offset, long limit, long max) throws IOException {
            List<String> names = new ArrayList<>(fields.keySet());
            Field[] outs = fields.values().toArray(new Field[0]);
            if (sort.isEmpty()) {
                if (filters.isEmpty()) {
                    Selection sel = frame instanceof Frame.Dataset ? selection() : null;
                    check(size(sel == null ? frame.rowCount() : sel.count(), offset, limit), max, false);
                }
                List<Object[]> rows = new ArrayList<>();
                long[] skipped = {0};
                scan(scan -> {
                    Col[] cols = open(scan, outs);
                    for (int i = 0; i < scan.count; i++) {
                        if (skipped[0] < offset) {
                            skipped[0]++;
                            continue;
                        }
                        if (limit > 0 && rows.size() >= limit) {
                            stop = true;
                            return;
                        }
                        if (rows.size() >= max) {
                            throw new TooManyRowsException(max + 1, max, true);
                        }
                        rows.add(row(cols, scan.rows[i]));
                    }
                    if (limit > 0 && rows.size() >= limit) {
                        stop = true;
                    }
                });
                return new Result(names, rows);
            }
            return sorted(names, outs, offset, limit, max);
        }

        private Result sorted(List<String> names, Field[] outs, long offset, long limit, long max) throws IOException {
            long[] total = {0};
            scan(scan -> total[0] += scan.count);
            long n = size(total[0], offset, limit);
            check(n, max, false);
            if (total[0] > Integer.MAX_VALUE - 8) {
                throw new QueryException("workflow", "Sorting more than " + (Integer.MAX_VALUE - 8) + " rows");
            }
            int count = (int) total[0];
            // With a limit, only the first offset + limit rows in order are kept (a buffer pruned when full).
            long keep = limit > 0 ? Math.min(count, offset + limit) : count;
            boolean topK = keep < count && keep <= engine.limits().topKMax();
            int capacity = topK ? (int) Math.min(count, Math.max(2 * keep, 1024)) : count;
            budget.reserve(capacity * 2L * (8L + 20L * sort.size()), "the sort keys");
            Keys keys = new Keys(sort.size(), capacity);
            java.text.Collator collator = Sorting.collator();
            Sorting.IntComparator order = (a, b) -> {
                for (int k = 0; k < sort.size(); k++) {
                    int c = keys.columns[k].compare(a, b, collator);
                    if (c != 0) {
                        return sort.get(k).descending() ? -c : c;
                    }
                }
                return Long.compare(keys.position[a], keys.position[b]); // stable: ties in input order
            };
            scan(scan -> {
                Col[] cols = new Col[sort.size()];
                for (int k = 0; k < cols.length; k++) {
                    cols[k] = scan.col(sort.get(k).field());
                }
                for (int i = 0; i < scan.count; i++) {
                    if (keys.size == capacity) {
                        keys.keepFirst((int) keep, order, budget);
                    }
                    keys.add(cols, scan.rows[i], ((long) scan.chunk << 32) | scan.rows[i]);
                }
            });
            keys.keepFirst(keys.size, order, budget);
            count = keys.size;
            long[] position = keys.position;
            int[] sortedIndex = new int[count];
            for (int i = 0; i < count; i++) {
                sortedIndex[i] = i;
            }
            int from = (int) Math.min(offset, count);
            int to = (int) (from + n);
            budget.reserve(n * (16L + 24L * outs.length), "the rows");
            // Fetch the slice chunk by chunk, then put each row back in its sorted place.
            long[] wanted = new long[to - from];
            int[] slot = new int[to - from];
            for (int i = from; i < to; i++) {
                wanted[i - from] = position[sortedIndex[i]];
                slot[i - from] = i - from;
            }
            Integer[] byPosition = new Integer[wanted.length];
            for (int i = 0; i < byPosition.length; i++) {
                byPosition[i] = i;
            }
            java.util.Arrays.sort(byPosition, (a, b) -> Long.compare(wanted[a], wanted[b]));
            Object[][] rows = new Object[wanted.length][];
            int i = 0;
            while (i < byPosition.length) {
                int chunk = (int) (wanted[byPosition[i]] >>> 32);
                int j = i;
                while (j < byPosition.length && (int) (wanted[byPosition[j]] >>> 32) == chunk) {
                    j++;
                }
                int[] only = new int[j - i];
                for (int k = i; k < j; k++) {
                    only[k - i] = (int) wanted[byPosition[k]];
                }
                Scan scan = new Scan(frame, chunk, budget, only);
                Col[] cols = open(scan, outs);
                for (int k = i; k < j; k++) {
                    rows[slot[byPosition[k]]] = row(cols, (int) wanted[byPosition[k]]);
                }
                i = j;
            }
            return new Result(names, java.util.Arrays.asList(rows));
        }

        private static Col[] open(Scan scan, Field[] outs) throws IOException {
            Col[] cols = new Col[outs.length];
            for (int c = 0; c < outs.length; c++) {
                cols[c] = scan.col(outs[c]);
            }
            return cols;
        }

        private static Object[] row(Col[] cols, int r) {
            Object[] row = new Object[cols.length];
            for (int c = 0; c < cols.length; c++) {
                row[c] = cols[c].value(r);
            }
            return row;
        }

        private static long size(long total, long offset, long limit) {
            long n = Math.max(0, total - offset);
            return limit > 0 ? Math.min(n, limit) : n;
        }

        private static void check(long n, long max, boolean atLeast) {
            if (n > max) {
                throw new TooManyRowsException(n, max, atLeast);
            }
        }
    }
}
