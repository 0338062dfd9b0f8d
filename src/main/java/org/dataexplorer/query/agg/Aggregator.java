package org.dataexplorer.query.agg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dataexplorer.query.Budget;
import org.dataexplorer.query.DerivedCache;
import org.dataexplorer.query.QueryBudgetException;
import org.dataexplorer.query.QueryEngine;
import org.dataexplorer.query.QueryException;
import org.dataexplorer.query.ValueRenderer;
import org.dataexplorer.query.filter.FilterSpec;
import org.dataexplorer.query.filter.RowFilter;
import org.dataexplorer.query.filter.Selection;
import org.dataexplorer.query.sort.SortKey;
import org.dataexplorer.store.ColumnChunk;
import org.dataexplorer.store.ColumnSchema;
import org.dataexplorer.store.ColumnType;
import org.dataexplorer.store.DatasetManifest;

/**
 * Group-by with aggregates, having, sort and limit; facets. Groups live in a {@link GroupTable} of
 * encoded keys (strings through a per-query id map) and aggregates in arrays indexed by group id, so
 * memory grows with groups, not rows; both are checked against the request's budget and
 * {@code query.groups.max}. Null is a group of its own.
 */
public final class Aggregator {

    private final QueryEngine engine;
    private final DerivedCache cache;

    public Aggregator(QueryEngine engine, DerivedCache cache) {
        this.engine = engine;
        this.cache = cache;
    }

    /** Value → count, most frequent first (ties by value), with the number of distinct values. */
    public record Facets(String column, long rowCount, long distinct, List<Object[]> values) {
    }

    public Facets facets(DatasetManifest manifest, String column, List<FilterSpec> filters, int limit) throws IOException {
        GroupQuery q = new GroupQuery(filters, List.of(new GroupKey(column, null)),
                List.of(new AggregateSpec(null, AggregateSpec.Fn.COUNT, "count")), List.of(),
                List.of(new SortKey("count", true), new SortKey(column, false)), false, 0, limit);
        GroupResult r = group(manifest, q, "column");
        return new Facets(column, r.rowCount(), r.groups(), r.rows());
    }

    public GroupResult group(DatasetManifest manifest, GroupQuery q) throws IOException {
        return group(manifest, q, "groupBy");
    }

    /** Cached by dataset version and normalized query. */
    private GroupResult group(DatasetManifest manifest, GroupQuery q, String keyParameter) throws IOException {
        String key = QueryEngine.key(manifest, "group", normalized(q) + "#" + keyParameter);
        byte[] cached = cache.get(key);
        if (cached != null) {
            return GroupCodec.decode(cached);
        }
        GroupResult result = compute(manifest, q, keyParameter);
        cache.put(java.util.UUID.fromString(manifest.id()), key, GroupCodec.encode(result));
        return result;
    }

    private static String normalized(GroupQuery q) {
        StringBuilder b = new StringBuilder(QueryEngine.normalized(q.filters()));
        b.append("#g");
        for (GroupKey k : q.groupBy()) {
            b.append(',').append(k.column().length()).append(':').append(k.column()).append('/').append(k.bucket());
        }
        b.append("#a");
        for (AggregateSpec a : q.aggregates()) {
            String column = String.valueOf(a.column());
            b.append(',').append(a.fn()).append('/').append(column.length()).append(':').append(column).append('/')
                    .append(a.outputName().length()).append(':').append(a.outputName());
        }
        b.append("#h").append(QueryEngine.normalized(q.having()));
        b.append("#s").append(QueryEngine.normalizedSort(q.sort(), q.nullsFirst()));
        return b.append("#o").append(q.offset()).append('/').append(q.limit()).toString();
    }

    private GroupResult compute(DatasetManifest manifest, GroupQuery q, String keyParameter) throws IOException {
        Budget budget = engine.budget();
        List<ColumnSchema> keyColumns = new ArrayList<>();
        for (GroupKey key : q.groupBy()) {
            ColumnSchema c = RowFilter.column(manifest, key.column(), keyParameter);
            if (key.bucket() != null && c.type() != ColumnType.DATE && c.type() != ColumnType.TIMESTAMP) {
                throw new QueryException(keyParameter, "bucket applies to date and timestamp columns; '" + c.name()
                        + "' is " + c.type().jsonName());
            }
            keyColumns.add(c);
        }
        if (keyColumns.size() > 63) {
            throw new QueryException(keyParameter, "At most 63 group-by columns");
        }
        List<Acc> accs = new ArrayList<>();
        for (AggregateSpec spec : q.aggregates()) {
            accs.add(accumulator(manifest, spec));
        }
        Selection selection = engine.select(manifest, q.filters(), budget);
        int k = keyColumns.size();
        GroupTable table = new GroupTable(k + 1);
        StringIds strings = new StringIds();
        Buckets buckets = new Buckets();
        long[] key = new long[k + 1];
        int[] groupOfRow = new int[0];
        int maxGroups = engine.limits().maxGroups();
        long reserved = 0;
        for (int c = 0; c < selection.chunks(); c++) {
            budget.checkTime();
            if (selection.count(c) == 0) {
                continue;
            }
            int size = selection.chunkSize(c);
            if (groupOfRow.length < size) {
                groupOfRow = new int[size];
            }
            ColumnChunk[] keyData = new ColumnChunk[k];
            int[][] codeIds = new int[k][];
            for (int i = 0; i < k; i++) {
                keyData[i] = engine.reader().read(manifest, c, keyColumns.get(i));
                if (keyData[i].isDictionary()) {
                    codeIds[i] = strings.ofDictionary(keyData[i]);
                }
            }
            // One dictionary key: each code's group is looked up once per chunk, not hashed per row.
            int[] groupOfCode = k == 1 && codeIds[0] != null ? new int[codeIds[0].length + 1] : null;
            if (groupOfCode != null) {
                java.util.Arrays.fill(groupOfCode, -1);
            }
            for (int r = selection.next(c, 0); r >= 0; r = selection.next(c, r + 1)) {
                budget.tick();
                if (groupOfCode != null) {
                    int slot = keyData[0].code(r) + 1;
                    int known = groupOfCode[slot];
                    if (known >= 0) {
                        groupOfRow[r] = known;
                        continue;
                    }
                }
                long nulls = 0;
                for (int i = 0; i < k; i++) {
                    ColumnChunk data = keyData[i];
                    if (data.isNull(r)) {
                        nulls |= 1L << i;
                        key[i] = 0;
                    } else {
                        key[i] = encode(data, r, codeIds[i], strings, q.groupBy().get(i).bucket(), buckets);
                    }
                }
                key[k] = nulls;
                int before = table.size();
                int group = table.idOf(key);
                if (table.size() > before) {
                    if (table.size() > maxGroups) {
                        throw new QueryBudgetException(QueryBudgetException.Limit.MEMORY, "the group-by has more than "
                                + maxGroups + " groups (query.groups.max)");
                    }
                    if ((table.size() & 4095) == 0) {
                        long need = table.bytes() + (long) table.size() * (40L + 24L * accs.size());
                        budget.reserve(Math.max(0, need - reserved), "the group table");
                        reserved = Math.max(reserved, need);
                    }
                }
                groupOfRow[r] = group;
                if (groupOfCode != null) {
                    groupOfCode[keyData[0].code(r) + 1] = group;
                }
            }
            for (int a = 0; a < accs.size(); a++) {
                Acc acc = accs.get(a);
                acc.grow(table.size());
                acc.chunk(acc.column == null ? null : engine.reader().read(manifest, c, acc.column), strings, budget);
                long first = selection.firstRow(c);
                for (int r = selection.next(c, 0); r >= 0; r = selection.next(c, r + 1)) {
                    acc.add(groupOfRow[r], r, first + r);
                }
            }
        }
        int groups = table.size();
        if (groups == 0 && k == 0) {
            groups = 1; // a global aggregate over no rows still has its one row
            for (Acc acc : accs) {
                acc.grow(1);
            }
        }
        List<String> names = new ArrayList<>();
        for (GroupKey g : q.groupBy()) {
            names.add(g.outputName());
        }
        for (AggregateSpec a : q.aggregates()) {
            names.add(a.outputName());
        }
        checkUnique(names);
        List<Object[]> rows = new ArrayList<>(groups);
        List<ValueRenderer> keyRenderers = keyColumns.stream().map(ValueRenderer::new).toList();
        for (int g = 0; g < groups; g++) {
            Object[] row = new Object[names.size()];
            long nulls = table.size() > g ? table.get(g, k) : 0;
            for (int i = 0; i < k; i++) {
                row[i] = (nulls & (1L << i)) != 0 ? null
                        : renderKey(keyColumns.get(i), q.groupBy().get(i).bucket(), table.get(g, i), strings,
                        keyRenderers.get(i));
            }
            rows.add(row);
        }
        for (int a = 0; a < accs.size(); a++) {
            accs.get(a).results(rows, k + a, manifest, engine);
        }
        budget.checkTime();
        rows = OutputFilter.apply(rows, names, q.having());
        long total = rows.size();
        rows.sort(order(names, q));
        int from = (int) Math.min(q.offset(), rows.size());
        int to = (int) Math.min((long) from + q.limit(), rows.size());
        return new GroupResult(selection.count(), total, names, new ArrayList<>(rows.subList(from, to)));
    }

    private static void checkUnique(List<String> names) {
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (!seen.add(n)) {
                throw new QueryException("aggregates", "Two output columns are named '" + n + "': use 'as'");
            }
        }
    }

    private static Comparator<Object[]> order(List<String> names, GroupQuery q) {
        List<SortKey> sort = q.sort();
        if (sort.isEmpty()) {
            sort = q.groupBy().stream().map(g -> new SortKey(g.outputName(), false)).toList();
        }
        Comparator<Object[]> comparator = (a, b) -> 0;
        for (SortKey key : sort) {
            int index = names.indexOf(key.column());
            if (index < 0) {
                throw new QueryException("sort", "There is no output column named '" + key.column() + "' (sort a "
                        + "group-by by its group keys or aggregate names)");
            }
            boolean desc = key.descending();
            boolean nullsFirst = q.nullsFirst();
            comparator = comparator.thenComparing((a, b) -> {
                Object x = a[index];
                Object y = b[index];
                if (x == null || y == null) {
                    return x == y ? 0 : (x == null) == nullsFirst ? -1 : 1;
                }
                int c = OutputFilter.compareValues(x, y);
                return desc ? -c : c;
            });
        }
        return comparator;
    }

    private static long encode(ColumnChunk data, int row, int[] codeIds, StringIds strings, GroupKey.Bucket bucket,
                               Buckets buckets) {
        return switch (data.type()) {
            case FLOAT -> {
                double v = data.getDouble(row);
                yield v == 0.0 ? 0L : Double.isNaN(v) ? Double.doubleToLongBits(Double.NaN) : Double.doubleToLongBits(v);
            }
            case BOOLEAN -> data.getBoolean(row) ? 1 : 0;
            case STRING -> codeIds != null ? codeIds[data.code(row)] : strings.id(data.getString(row));
            case DATE -> bucket == null ? data.getLong(row) : buckets.day(data.getLong(row), bucket);
            case TIMESTAMP -> bucket == null ? data.getLong(row) : buckets.micros(data.getLong(row), bucket);
            case INTEGER -> data.getLong(row);
        };
    }

    private static Object renderKey(ColumnSchema column, GroupKey.Bucket bucket, long key, StringIds strings,
                                    ValueRenderer renderer) {
        return switch (column.type()) {
            case FLOAT -> Double.longBitsToDouble(key);
            case STRING -> strings.value((int) key);
            case TIMESTAMP -> bucket != null && bucket != GroupKey.Bucket.HOUR
                    ? java.time.LocalDate.ofEpochDay(Math.floorDiv(key, Buckets.MICROS_PER_DAY)).toString()
                    : renderer.bound(ColumnType.TIMESTAMP, key, 0, null);
            default -> renderer.bound(column.type(), key, 0, null);
        };
    }

    private Acc accumulator(DatasetManifest manifest, AggregateSpec spec) {
        if (spec.countsRows()) {
            return new CountAcc(null, false);
        }
        if (spec.column() == null) {
            throw new QueryException("aggregates", spec.fn().jsonName() + " needs a column");
        }
        ColumnSchema column = RowFilter.column(manifest, spec.column(), "aggregates");
        ColumnType t = column.type();
        boolean numeric = t == ColumnType.INTEGER || t == ColumnType.FLOAT || t == ColumnType.BOOLEAN;
        return switch (spec.fn()) {
            case COUNT -> new CountAcc(column, false);
            case COUNT_DISTINCT -> new CountAcc(column, true);
            case SUM, MEAN, STDDEV, VARIANCE, MEDIAN -> {
                if (!numeric) {
                    throw new QueryException("aggregates", spec.fn().jsonName() + " needs a numeric column; '"
                            + column.name() + "' is " + t.jsonName());
                }
                yield spec.fn() == AggregateSpec.Fn.MEDIAN ? new MedianAcc(column) : new MomentsAcc(column, spec.fn());
            }
            case MIN, MAX -> new MinMaxAcc(column, spec.fn() == AggregateSpec.Fn.MAX);
            case FIRST, LAST -> new FirstLastAcc(column, spec.fn() == AggregateSpec.Fn.LAST);
        };
    }

    /** Strings of group keys and distinct counts, by dense id. */
    static final class StringIds {
        private final Map<String, Integer> ids = new HashMap<>();
        private final List<String> values = new ArrayList<>();

        int id(String s) {
            Integer id = ids.get(s);
            if (id == null) {
                id = values.size();
                ids.put(s, id);
                values.add(s);
            }
            return id;
        }

        int[] ofDictionary(ColumnChunk chunk) {
            int[] map = new int[chunk.dictionarySize()];
            for (int code = 0; code < map.length; code++) {
                map[code] = id(chunk.dictionaryValue(code));
            }
            return map;
        }

        String value(int id) {
            return values.get(id);
        }
    }

    /** Per-group state of one aggregate, in arrays indexed by group id. */
    abstract static class Acc {
        final ColumnSchema column;
        ColumnChunk data;

        Acc(ColumnSchema column) {
            this.column = column;
        }

        void chunk(ColumnChunk values, StringIds strings, Budget budget) {
            this.data = values;
        }

        abstract void grow(int groups);

        abstract void add(int group, int row, long datasetRow);

        abstract void results(List<Object[]> rows, int index, DatasetManifest manifest, QueryEngine engine)
                throws IOException;

        static long[] grow(long[] a, int n, long fill) {
            if (a.length >= n) {
                return a;
            }
            int old = a.length;
            long[] b = Arrays.copyOf(a, Math.max(n, old * 2));
            Arrays.fill(b, old, b.length, fill);
            return b;
        }

        static double[] grow(double[] a, int n) {
            return a.length >= n ? a : Arrays.copyOf(a, Math.max(n, a.length * 2));
        }
    }

    static final class CountAcc extends Acc {
        private final boolean distinct;
        private long[] counts = new long[16];
        private List<Set<Long>> sets = new ArrayList<>();
        private StringIds strings;
        private int[] codeIds;
        private Budget budget;
        private long entries;

        CountAcc(ColumnSchema column, boolean distinct) {
            super(column);
            this.distinct = distinct;
        }

        @Override
        void chunk(ColumnChunk values, StringIds ids, Budget b) {
            super.chunk(values, ids, b);
            strings = ids;
            budget = b;
            codeIds = distinct && values != null && values.isDictionary() ? ids.ofDictionary(values) : null;
        }

        @Override
        void grow(int groups) {
            counts = grow(counts, groups, 0);
            while (distinct && sets.size() < groups) {
                sets.add(null);
            }
        }

        @Override
        void add(int group, int row, long datasetRow) {
            if (data != null && data.isNull(row)) {
                return;
            }
            if (!distinct) {
                counts[group]++;
                return;
            }
            Set<Long> set = sets.get(group);
            if (set == null) {
                set = new HashSet<>();
                sets.set(group, set);
            }
            if (set.add(encode(data, row, codeIds, strings, null, null)) && (++entries & 65535) == 0) {
                budget.reserve(65536L * 64, "count_distinct");
            }
        }

        @Override
        void results(List<Object[]> rows, int index, DatasetManifest manifest, QueryEngine engine) {
            for (int g = 0; g < rows.size(); g++) {
                rows.get(g)[index] = distinct ? (long) (g < sets.size() && sets.get(g) != null ? sets.get(g).size() : 0)
                        : g < counts.length ? counts[g] : 0L;
            }
        }
    }

    /** sum, mean, stddev and variance (sample, n - 1) by Welford's method; integer sums stay exact. */
    static final class MomentsAcc extends Acc {
        private final AggregateSpec.Fn fn;
        private final boolean integral;
        /** Welford's running mean and squared deviations; sum and mean only need a plain sum. */
        private final boolean spread;
        private long[] n = new long[16];
        private double[] mean = new double[16];
        private double[] m2 = new double[16];
        private long[] longSum = new long[16];
        private boolean overflow;

        MomentsAcc(ColumnSchema column, AggregateSpec.Fn fn) {
            super(column);
            this.fn = fn;
            this.integral = column.type() != ColumnType.FLOAT;
            this.spread = fn == AggregateSpec.Fn.STDDEV || fn == AggregateSpec.Fn.VARIANCE;
        }

        @Override
        void grow(int groups) {
            n = grow(n, groups, 0);
            mean = grow(mean, groups);
            m2 = grow(m2, groups);
            longSum = grow(longSum, groups, 0);
        }

        @Override
        void add(int group, int row, long datasetRow) {
            if (data.isNull(row)) {
                return;
            }
            double v;
            if (integral) {
                long l = data.type() == ColumnType.BOOLEAN ? (data.getBoolean(row) ? 1 : 0) : data.getLong(row);
                long s = longSum[group] + l;
                if (((longSum[group] ^ s) & (l ^ s)) < 0) {
                    overflow = true;
                }
                longSum[group] = s;
                v = l;
            } else {
                v = data.getDouble(row);
            }
            long count = ++n[group];
            if (spread) {
                double delta = v - mean[group];
                mean[group] += delta / count;
                m2[group] += delta * (v - mean[group]);
            } else {
                mean[group] += v; // the plain sum; divided at the end
            }
        }

        @Override
        void results(List<Object[]> rows, int index, DatasetManifest manifest, QueryEngine engine) {
            for (int g = 0; g < rows.size(); g++) {
                long count = g < n.length ? n[g] : 0;
                Object value = switch (fn) {
                    case SUM -> count == 0 ? null : integral && !overflow ? (Object) longSum[g] : (Object) mean[g];
                    case MEAN -> count == 0 ? null : mean[g] / count;
                    case VARIANCE -> count < 2 ? null : m2[g] / (count - 1);
                    case STDDEV -> count < 2 ? null : Math.sqrt(m2[g] / (count - 1));
                    default -> throw new IllegalStateException(fn.name());
                };
                rows.get(g)[index] = value;
            }
        }
    }

    /** Exact median: the values of each group are kept (budgeted); an even count averages the middle two. */
    static final class MedianAcc extends Acc {
        private double[][] values = new double[16][];
        private int[] sizes = new int[16];
        private Budget budget;
        private long held;

        MedianAcc(ColumnSchema column) {
            super(column);
        }

        @Override
        void chunk(ColumnChunk v, StringIds ids, Budget b) {
            super.chunk(v, ids, b);
            budget = b;
        }

        @Override
        void grow(int groups) {
            if (values.length < groups) {
                int size = Math.max(groups, values.length * 2);
                values = Arrays.copyOf(values, size);
                sizes = Arrays.copyOf(sizes, size);
            }
        }

        @Override
        void add(int group, int row, long datasetRow) {
            if (data.isNull(row)) {
                return;
            }
            double v = data.type() == ColumnType.BOOLEAN ? (data.getBoolean(row) ? 1 : 0) : data.getDouble(row);
            double[] a = values[group];
            if (a == null) {
                a = new double[8];
                values[group] = a;
            } else if (sizes[group] == a.length) {
                budget.reserve(a.length * 8L, "median");
                held += a.length;
                a = Arrays.copyOf(a, a.length * 2);
                values[group] = a;
            }
            a[sizes[group]++] = v;
        }

        @Override
        void results(List<Object[]> rows, int index, DatasetManifest manifest, QueryEngine engine) {
            for (int g = 0; g < rows.size(); g++) {
                int size = g < sizes.length ? sizes[g] : 0;
                if (size == 0) {
                    rows.get(g)[index] = null;
                    continue;
                }
                double[] a = Arrays.copyOf(values[g], size);
                Arrays.sort(a);
                rows.get(g)[index] = size % 2 == 1 ? a[size / 2] : (a[size / 2 - 1] + a[size / 2]) / 2;
            }
        }
    }

    static final class MinMaxAcc extends Acc {
        private final boolean max;
        private long[] longs = new long[16];
        private double[] doubles = new double[16];
        private byte[][] strings = new byte[16][];
        private long[] seen = new long[16];
        private byte[] scratch = new byte[64];

        MinMaxAcc(ColumnSchema column, boolean max) {
            super(column);
            this.max = max;
        }

        @Override
        void grow(int groups) {
            longs = grow(longs, groups, 0);
            doubles = grow(doubles, groups);
            seen = grow(seen, groups, 0);
            if (strings.length < groups) {
                strings = Arrays.copyOf(strings, Math.max(groups, strings.length * 2));
            }
        }

        @Override
        void add(int group, int row, long datasetRow) {
            if (data.isNull(row)) {
                return;
            }
            boolean first = seen[group] == 0;
            seen[group] = 1;
            switch (data.type()) {
                case FLOAT -> {
                    double v = data.getDouble(row);
                    if (!Double.isNaN(v) && (first || Double.isNaN(doubles[group]) || (max ? v > doubles[group] : v < doubles[group]))) {
                        doubles[group] = v;
                    } else if (first) {
                        doubles[group] = v;
                    }
                }
                case STRING -> {
                    int length = data.utf8Length(row);
                    if (scratch.length < length) {
                        scratch = new byte[Math.max(length, scratch.length * 2)];
                    }
                    data.copyUtf8(row, scratch, 0);
                    byte[] best = strings[group];
                    int c = best == null ? 0 : Arrays.compareUnsigned(scratch, 0, length, best, 0, best.length);
                    if (best == null || (max ? c > 0 : c < 0)) {
                        strings[group] = Arrays.copyOf(scratch, length);
                    }
                }
                case BOOLEAN -> {
                    long v = data.getBoolean(row) ? 1 : 0;
                    if (first || (max ? v > longs[group] : v < longs[group])) {
                        longs[group] = v;
                    }
                }
                default -> {
                    long v = data.getLong(row);
                    if (first || (max ? v > longs[group] : v < longs[group])) {
                        longs[group] = v;
                    }
                }
            }
        }

        @Override
        void results(List<Object[]> rows, int index, DatasetManifest manifest, QueryEngine engine) {
            ValueRenderer renderer = new ValueRenderer(column);
            for (int g = 0; g < rows.size(); g++) {
                if (g >= seen.length || seen[g] == 0) {
                    rows.get(g)[index] = null;
                    continue;
                }
                rows.get(g)[index] = switch (column.type()) {
                    case FLOAT -> Double.isNaN(doubles[g]) ? null : doubles[g];
                    case STRING -> new String(strings[g], StandardCharsets.UTF_8);
                    default -> renderer.bound(column.type(), longs[g], 0, null);
                };
            }
        }
    }

    /** The first or last non-null value of each group in file order. */
    static final class FirstLastAcc extends Acc {
        private final boolean last;
        private long[] rowOf = new long[16];

        FirstLastAcc(ColumnSchema column, boolean last) {
            super(column);
            this.last = last;
            Arrays.fill(rowOf, -1);
        }

        @Override
        void grow(int groups) {
            rowOf = grow(rowOf, groups, -1);
        }

        @Override
        void add(int group, int row, long datasetRow) {
            if (!data.isNull(row) && (last || rowOf[group] < 0)) {
                rowOf[group] = datasetRow;
            }
        }

        @Override
        void results(List<Object[]> rows, int index, DatasetManifest manifest, QueryEngine engine) throws IOException {
            int n = rows.size();
            long[] wanted = new long[n];
            int[] positions = new int[n];
            int k = 0;
            for (int g = 0; g < n; g++) {
                if (g < rowOf.length && rowOf[g] >= 0) {
                    wanted[k] = rowOf[g];
                    positions[k++] = g;
                } else {
                    rows.get(g)[index] = null;
                }
            }
            List<Object[]> values = engine.fetch(manifest, Arrays.copyOf(wanted, k), List.of(column));
            for (int i = 0; i < k; i++) {
                rows.get(positions[i])[index] = values.get(i)[0];
            }
        }
    }
}
