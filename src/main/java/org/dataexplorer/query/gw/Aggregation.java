package org.dataexplorer.query.gw;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dataexplorer.query.Budget;
import org.dataexplorer.query.QueryBudgetException;
import org.dataexplorer.query.agg.GroupTable;
import org.dataexplorer.query.gw.Frame.Field;
import org.dataexplorer.query.gw.Frame.Scan;

/**
 * The {@code aggregate} view: one pass over the alive rows, groups in the query engine's
 * {@link GroupTable} (keys as longs, no object per row), per-group state in arrays. Groups come out in
 * the order they first appear, as Graphic Walker's client does; a group's key values are those of its
 * first row. Graphic Walker's (not SQL's) null semantics: see {@link Acc}.
 */
final class Aggregation {

    /** One output measure: a plain aggregator over a field, or an {@code expr} over aggregate calls. */
    record Plan(String key, String agg, Field field, boolean temporal, int offset, SqlEval.Bound expr,
                Map<Sql.Call, Field> callFields) {
    }

    interface Scanner {
        void scan(Transforms.ScanVisitor visitor) throws IOException;
    }

    private Aggregation() {
    }

    static Frame.Memory run(Scanner scanner, List<String> groupBy, List<Field> keys, List<Plan> plans, Budget budget,
                            int maxGroups) throws IOException {
        int k = keys.size();
        GroupTable table = new GroupTable(k + 1);
        Col.Interner interner = new Col.Interner();
        List<Object[]> keyValues = new ArrayList<>();
        List<Acc> accs = new ArrayList<>();
        List<Field> accFields = new ArrayList<>();
        Map<Plan, Map<Sql.Call, Acc>> callAccs = new IdentityHashMap<>();
        for (Plan p : plans) {
            if (p.expr() == null) {
                accs.add(acc(p.agg(), p.temporal(), p.offset(), budget));
                accFields.add(p.agg().equals("count") ? null : p.field()); // rows are counted, values unread
            } else {
                Map<Sql.Call, Acc> byCall = new IdentityHashMap<>();
                for (Sql.Call call : p.expr().calls) {
                    Acc a = acc(callAggregator(call), false, 0, budget);
                    byCall.put(call, a);
                    accs.add(a);
                    accFields.add(p.callFields().get(call));
                }
                callAccs.put(p, byCall);
            }
        }
        long[] key = new long[k + 1];
        long[] last = new long[2];
        long[] reserved = {0};
        scanner.scan(scan -> {
            if (scan.count == 0) {
                return;
            }
            Col[] cols = new Col[k];
            for (int i = 0; i < k; i++) {
                cols[i] = scan.col(keys.get(i));
            }
            int[] groups = new int[scan.count];
            // One dictionary-encoded key: each code's group is looked up once per chunk, not hashed per row.
            int[] groupOfCode = k == 1 && cols[0].codeCount() > 0 ? new int[cols[0].codeCount() + 1] : null;
            if (groupOfCode != null) {
                Arrays.fill(groupOfCode, -1);
            }
            // One key without codes (a computed number, e.g. a month): neighbouring rows often share their group.
            boolean memo = k == 1 && groupOfCode == null;
            int lastGroup = -1;
            for (int i = 0; i < scan.count; i++) {
                int r = scan.rows[i];
                scan.budget.tick();
                int slot = 0;
                if (groupOfCode != null) {
                    slot = cols[0].isNull(r) ? 0 : cols[0].code(r) + 1;
                    if (groupOfCode[slot] >= 0) {
                        groups[i] = groupOfCode[slot];
                        continue;
                    }
                }
                long nulls = 0;
                for (int j = 0; j < k; j++) {
                    if (cols[j].isNull(r)) {
                        nulls |= 1L << j;
                        key[j] = 0;
                    } else {
                        key[j] = cols[j].key(r, interner);
                    }
                }
                key[k] = nulls;
                if (memo && lastGroup >= 0 && key[0] == last[0] && nulls == last[1]) {
                    groups[i] = lastGroup;
                    continue;
                }
                int before = table.size();
                int g = table.idOf(key);
                if (table.size() > before) {
                    if (table.size() > maxGroups) {
                        throw new QueryBudgetException(QueryBudgetException.Limit.MEMORY, "the aggregate has more than "
                                + maxGroups + " groups (query.groups.max)");
                    }
                    Object[] values = new Object[k];
                    for (int j = 0; j < k; j++) {
                        values[j] = cols[j].value(r);
                    }
                    keyValues.add(values);
                    if ((table.size() & 4095) == 0) {
                        long need = table.bytes() + (long) table.size() * (64L + 24L * accs.size());
                        budget.reserve(Math.max(0, need - reserved[0]), "the aggregate's groups");
                        reserved[0] = Math.max(reserved[0], need);
                    }
                }
                groups[i] = g;
                if (groupOfCode != null) {
                    groupOfCode[slot] = g;
                }
                if (memo) {
                    last[0] = key[0];
                    last[1] = nulls;
                    lastGroup = g;
                }
            }
            for (int a = 0; a < accs.size(); a++) {
                Acc acc = accs.get(a);
                acc.grow(table.size());
                Field f = accFields.get(a);
                Col col = f == null ? null : scan.col(f);
                for (int i = 0; i < scan.count; i++) {
                    acc.add(groups[i], col, scan.rows[i], interner);
                }
            }
        });
        int groups = table.size();
        LinkedHashMap<String, Integer> index = new LinkedHashMap<>();
        for (String g : groupBy) {
            index.putIfAbsent(g, index.size());
        }
        for (Plan p : plans) {
            index.putIfAbsent(p.key(), index.size());
        }
        Object[][] columns = new Object[index.size()][groups];
        for (int j = 0; j < k; j++) {
            int c = index.get(groupBy.get(j));
            for (int g = 0; g < groups; g++) {
                columns[c][g] = keyValues.get(g)[j];
            }
        }
        int next = 0;
        for (Plan p : plans) {
            int c = index.get(p.key());
            if (p.expr() == null) {
                Acc acc = accs.get(next++);
                for (int g = 0; g < groups; g++) {
                    columns[c][g] = acc.result(g);
                }
            } else {
                Map<Sql.Call, Acc> byCall = callAccs.get(p);
                next += byCall.size();
                SqlEval.Row row = new SqlEval.Row(p.expr(), null, new HashMap<>());
                for (int g = 0; g < groups; g++) {
                    row.aggregates.clear();
                    for (Map.Entry<Sql.Call, Acc> e : byCall.entrySet()) {
                        row.aggregates.put(e.getKey(), e.getValue().result(g));
                    }
                    columns[c][g] = row.eval(p.expr().root);
                }
            }
        }
        return new Frame.Memory(new ArrayList<>(index.keySet()), columns, groups);
    }

    private static String callAggregator(Sql.Call call) {
        return switch (call.name()) {
            case "avg" -> "mean";
            case "stddev" -> "stdev";
            case "distinctcount" -> "distinctCount";
            case "count" -> call.args().get(0) instanceof Sql.Ref r && r.name().equals("*") ? "count" : "countValues";
            default -> call.name();
        };
    }

    static Acc acc(String agg, boolean temporal, int offset, Budget budget) {
        return switch (agg) {
            case "count" -> new Count(false);
            case "countValues" -> new Count(true);
            case "sum", "mean", "variance", "stdev" -> new Moments(agg, temporal, offset);
            case "median" -> new Median(temporal, offset, budget);
            case "min", "max" -> new Extreme(agg.equals("max"), temporal, offset);
            case "distinctCount" -> new Distinct(budget);
            default -> throw new IllegalArgumentException(agg);
        };
    }

    /**
     * Per-group state. Numeric aggregators follow Graphic Walker's client: a null value takes part as 0
     * (JavaScript's {@code Number(null)}) and every row counts in the denominator; min and max skip nulls.
     */
    abstract static class Acc {
        abstract void grow(int groups);

        abstract void add(int g, Col col, int r, Col.Interner interner);

        abstract Object result(int g);

        static double value(Col col, int r, boolean temporal, int offset) {
            if (col.isNull(r)) {
                return 0;
            }
            if (temporal) {
                long ms = col.epochMs(r, offset);
                return ms == OffsetDates.NONE ? Double.NaN : ms;
            }
            return col.num(r);
        }
    }

    private static final class Count extends Acc {
        private final boolean values;
        private long[] n = new long[16];

        Count(boolean values) {
            this.values = values;
        }

        @Override
        void grow(int groups) {
            if (n.length < groups) {
                n = Arrays.copyOf(n, Math.max(groups, n.length * 2));
            }
        }

        @Override
        void add(int g, Col col, int r, Col.Interner interner) {
            if (!values || col != null && !col.isNull(r)) {
                n[g]++;
            }
        }

        @Override
        Object result(int g) {
            return n[g];
        }
    }

    private static final class Moments extends Acc {
        private final String agg;
        private final boolean temporal;
        private final int offset;
        private long[] n = new long[16];
        private double[] mean = new double[16];
        private double[] m2 = new double[16];
        private double[] sum = new double[16];
        /** Welford's running mean and squared deviations, only for variance and stdev. */
        private final boolean spread;

        Moments(String agg, boolean temporal, int offset) {
            this.agg = agg;
            this.spread = agg.equals("variance") || agg.equals("stdev");
            this.temporal = temporal;
            this.offset = offset;
        }

        @Override
        void grow(int groups) {
            if (n.length < groups) {
                int size = Math.max(groups, n.length * 2);
                n = Arrays.copyOf(n, size);
                mean = Arrays.copyOf(mean, size);
                m2 = Arrays.copyOf(m2, size);
                sum = Arrays.copyOf(sum, size);
            }
        }

        @Override
        void add(int g, Col col, int r, Col.Interner interner) {
            double v = col == null ? 0 : value(col, r, temporal, offset);
            long count = ++n[g];
            sum[g] += v;
            if (!spread) {
                return;
            }
            double delta = v - mean[g];
            mean[g] += delta / count;
            m2[g] += delta * (v - mean[g]);
        }

        @Override
        Object result(int g) {
            long count = n[g];
            if (count == 0) {
                return null;
            }
            double variance = m2[g] / count;
            return Col.number(switch (agg) {
                case "sum" -> sum[g];
                case "mean" -> sum[g] / count;
                case "variance" -> variance;
                default -> Math.sqrt(variance);
            });
        }
    }

    private static final class Median extends Acc {
        private final boolean temporal;
        private final int offset;
        private final Budget budget;
        private double[][] values = new double[16][];
        private int[] sizes = new int[16];

        Median(boolean temporal, int offset, Budget budget) {
            this.temporal = temporal;
            this.offset = offset;
            this.budget = budget;
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
        void add(int g, Col col, int r, Col.Interner interner) {
            double v = col == null ? 0 : value(col, r, temporal, offset);
            double[] a = values[g];
            if (a == null) {
                a = new double[8];
                values[g] = a;
            } else if (sizes[g] == a.length) {
                budget.reserve(a.length * 8L, "median");
                a = Arrays.copyOf(a, a.length * 2);
                values[g] = a;
            }
            a[sizes[g]++] = v;
        }

        @Override
        Object result(int g) {
            int size = sizes[g];
            if (size == 0) {
                return null;
            }
            double[] a = Arrays.copyOf(values[g], size);
            Arrays.sort(a);
            return Col.number(size % 2 == 1 ? a[size / 2] : (a[size / 2 - 1] + a[size / 2]) / 2);
        }
    }

    private static final class Extreme extends Acc {
        private final boolean max;
        private final boolean temporal;
        private final int offset;
        private double[] best = new double[16];
        private boolean[] seen = new boolean[16];

        Extreme(boolean max, boolean temporal, int offset) {
            this.max = max;
            this.temporal = temporal;
            this.offset = offset;
        }

        @Override
        void grow(int groups) {
            if (best.length < groups) {
                int size = Math.max(groups, best.length * 2);
                best = Arrays.copyOf(best, size);
                seen = Arrays.copyOf(seen, size);
            }
        }

        @Override
        void add(int g, Col col, int r, Col.Interner interner) {
            if (col == null || col.isNull(r)) {
                return;
            }
            double v = value(col, r, temporal, offset);
            if (Double.isNaN(v)) {
                return;
            }
            if (!seen[g] || (max ? v > best[g] : v < best[g])) {
                best[g] = v;
                seen[g] = true;
            }
        }

        @Override
        Object result(int g) {
            return seen[g] ? Col.number(best[g]) : null;
        }
    }

    /** Distinct values, null counting as one value. */
    private static final class Distinct extends Acc {
        private final Budget budget;
        private final List<Set<Long>> sets = new ArrayList<>();
        private boolean[] nulls = new boolean[16];
        private long entries;

        Distinct(Budget budget) {
            this.budget = budget;
        }

        @Override
        void grow(int groups) {
            while (sets.size() < groups) {
                sets.add(null);
            }
            if (nulls.length < groups) {
                nulls = Arrays.copyOf(nulls, Math.max(groups, nulls.length * 2));
            }
        }

        @Override
        void add(int g, Col col, int r, Col.Interner interner) {
            if (col == null || col.isNull(r)) {
                nulls[g] = true;
                return;
            }
            Set<Long> set = sets.get(g);
            if (set == null) {
                set = new HashSet<>();
                sets.set(g, set);
            }
            if (set.add(col.key(r, interner)) && (++entries & 65535) == 0) {
                budget.reserve(65536L * 64, "distinctCount");
            }
        }

        @Override
        Object result(int g) {
            Set<Long> set = sets.get(g);
            return (long) (set == null ? 0 : set.size()) + (nulls[g] ? 1 : 0);
        }
    }
}
