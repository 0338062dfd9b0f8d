package org.dataexplorer.query.gw;

import java.io.IOException;

import org.dataexplorer.query.Budget;
import org.dataexplorer.query.QueryException;
import org.dataexplorer.query.gw.Frame.Field;
import org.dataexplorer.query.gw.Frame.Scan;
import org.dataexplorer.query.gw.Payload.Expression;
import org.dataexplorer.query.gw.Payload.Param;

/**
 * The transform ops as fields computed per chunk over the alive rows. {@code bin} and {@code binCount}
 * need the whole input first: they run a pre-pass over the rows the workflow has at that point
 * (extremes; or the sorted values for the rank buckets, held in a budgeted array).
 */
final class Transforms {

    /** What a transform needs from the running workflow. */
    interface Context extends SqlEval.Resolver {
        /** Visits every alive row chunk by chunk, with the filters defined so far. */
        void scan(ScanVisitor visitor) throws IOException;

        Budget budget();

        long rowCount();

        /**
         * The smallest and largest number of {@code field} over the alive rows when the chunks' metadata tells
         * them without reading a value (a stored number column, no filter yet), else null.
         */
        default double[] storedExtremes(Field field) {
            return null;
        }
    }

    interface ScanVisitor {
        void visit(Scan scan) throws IOException;
    }

    private Transforms() {
    }

    static Field build(Expression e, Context ctx) throws IOException {
        return switch (e.op()) {
            case "one" -> new One();
            case "log", "log2", "log10" -> {
                double base = e.op().equals("log2") ? 2 : e.op().equals("log10") ? 10 : e.num() != null ? e.num() : 10;
                if (!(base > 0) || base == 1) {
                    throw new QueryException(e.path() + ".num", "The base of a logarithm must be positive and not 1");
                }
                yield new Log(input(e, ctx), base);
            }
            case "bin" -> bin(e, ctx);
            case "binCount" -> binCount(e, ctx);
            case "dateTimeDrill", "dateTimeFeature" -> {
                boolean drill = e.op().equals("dateTimeDrill");
                String level = level(e, drill);
                int offset = offset(e, "offset", 0);
                yield new DateTime(input(e, ctx), level, drill, offset, offset(e, "displayOffset", offset));
            }
            case "expr" -> {
                String sql = null;
                int index = 0;
                for (int i = 0; i < e.params().size(); i++) {
                    if (e.params().get(i).type().equals("sql")) {
                        sql = (String) e.params().get(i).value();
                        index = i;
                    }
                }
                if (sql == null) {
                    throw new QueryException(e.path() + ".params", "expr needs a parameter of type 'sql'");
                }
                String path = e.path() + ".params[" + index + "].value";
                yield new Expr(SqlEval.bind(Sql.parse(sql, path), ctx, false, path), ctx.budget());
            }
            default -> throw new QueryException(e.path() + ".op", "Unsupported op '" + e.op() + "'");
        };
    }

    private static Field input(Expression e, Context ctx) throws IOException {
        for (int i = 0; i < e.params().size(); i++) {
            Param p = e.params().get(i);
            if (p.type().equals("field")) {
                Field f = ctx.field((String) p.value());
                if (f == null) {
                    throw new QueryException(e.path() + ".params[" + i + "].value", "There is no field '" + p.value()
                            + "' at this step");
                }
                return f;
            }
            if (p.type().equals("expression")) {
                return build((Expression) p.value(), ctx);
            }
        }
        throw new QueryException(e.path() + ".params", e.op() + " needs a parameter of type 'field'");
    }

    private static String level(Expression e, boolean drill) {
        for (int i = 0; i < e.params().size(); i++) {
            Param p = e.params().get(i);
            if (p.type().equals("value")) {
                Object v = p.value();
                if (v instanceof String s && (drill ? OffsetDates.DRILL_LEVELS : OffsetDates.FEATURE_LEVELS)
                        .contains(s)) {
                    return s;
                }
                throw new QueryException(e.path() + ".params[" + i + "].value", "Unknown " + e.op() + " level '"
                        + v + "' (" + String.join(", ", new java.util.TreeSet<>(drill ? OffsetDates.DRILL_LEVELS
                        : OffsetDates.FEATURE_LEVELS)) + ")");
            }
        }
        throw new QueryException(e.path() + ".params", e.op() + " needs a parameter of type 'value' (the level)");
    }

    private static int offset(Expression e, String type, int fallback) {
        for (Param p : e.params()) {
            if (p.type().equals(type)) {
                return (int) (double) (Double) p.value();
            }
        }
        return fallback;
    }

    private static int buckets(Expression e) {
        double n = e.num() == null ? 10 : e.num();
        if (n != Math.rint(n) || n < 1 || n > 1_000_000) {
            throw new QueryException(e.path() + ".num", "num must be a whole number from 1 to 1000000, not "
                    + Col.jsText(n));
        }
        return (int) n;
    }

    // ---- ops ----

    private static final class One extends Field {
        @Override
        Col open(Scan scan) {
            Col.Numbers out = new Col.Numbers(scan.size());
            java.util.Arrays.fill(out.values, 1);
            return out;
        }
    }

    /** Null for values that are null, not numbers, or not positive (the spec's normative SQL behaviour). */
    private static final class Log extends Field {
        private final Field input;
        private final double lnBase;

        Log(Field input, double base) {
            this.input = input;
            this.lnBase = Math.log(base);
        }

        @Override
        Col open(Scan scan) throws IOException {
            Col in = scan.col(input);
            Col.Numbers out = new Col.Numbers(scan.size());
            for (int i = 0; i < scan.count; i++) {
                int r = scan.rows[i];
                if (!in.isNull(r)) {
                    double v = in.num(r);
                    if (v > 0) {
                        out.values[r] = Math.log(v) / lnBase;
                    }
                }
            }
            return out;
        }
    }

    private static final class DateTime extends Field {
        private final Field input;
        private final String level;
        private final boolean drill;
        private final int offset;
        private final int displayOffset;

        DateTime(Field input, String level, boolean drill, int offset, int displayOffset) {
            this.input = input;
            this.level = level;
            this.drill = drill;
            this.offset = offset;
            this.displayOffset = displayOffset;
        }

        @Override
        Col open(Scan scan) throws IOException {
            Col in = scan.col(input);
            Col.Numbers out = new Col.Numbers(scan.size());
            OffsetDates.Drill drilled = drill ? new OffsetDates.Drill(level, displayOffset) : null;
            for (int i = 0; i < scan.count; i++) {
                int r = scan.rows[i];
                if (in.isNull(r)) {
                    continue;
                }
                long ms = in.epochMs(r, offset);
                if (ms != OffsetDates.NONE) {
                    out.values[r] = drill ? drilled.apply(ms)
                            : OffsetDates.feature(ms, level, displayOffset);
                }
            }
            return out;
        }
    }

    /** Equal-width bins between the extremes of the input's numbers at this step; null stays null. */
    private static Field bin(Expression e, Context ctx) throws IOException {
        Field input = input(e, ctx);
        int n = buckets(e);
        double[] stored = ctx.storedExtremes(input);
        if (stored != null) {
            return new Bin(input, n, stored[0], stored[1]);
        }
        double[] extremes = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        ctx.scan(scan -> {
            Col in = scan.col(input);
            for (int i = 0; i < scan.count; i++) {
                int r = scan.rows[i];
                if (!in.isNull(r)) {
                    double v = in.num(r);
                    if (v < extremes[0]) {
                        extremes[0] = v;
                    }
                    if (v > extremes[1]) {
                        extremes[1] = v;
                    }
                }
            }
        });
        return new Bin(input, n, extremes[0], extremes[1]);
    }

    private static final class Bin extends Field {
        private final Field input;
        private final int n;
        private final double min;
        private final double step;

        Bin(Field input, int n, double min, double max) {
            this.input = input;
            this.n = n;
            this.min = min;
            this.step = (max - min) / n;
        }

        @Override
        Col open(Scan scan) throws IOException {
            Col in = scan.col(input);
            Col.Bins out = new Col.Bins(scan.size(), n, min, step);
            for (int i = 0; i < scan.count; i++) {
                int r = scan.rows[i];
                if (in.isNull(r)) {
                    continue;
                }
                double v = in.num(r);
                if (Double.isNaN(v)) {
                    continue;
                }
                double index = Math.floor((v - min) / step);
                if (Double.isNaN(index) || Double.isInfinite(index)) {
                    index = 0;
                }
                out.index[r] = (int) Math.max(0, Math.min(n - 1, index));
            }
            return out;
        }
    }

    /**
     * Rank buckets: the non-null numbers at this step sorted ascending (ties in row order, a stable sort),
     * the i-th gets {@code floor(i / (count / num)) + 1}, at most num. The bucket of each row is held in an
     * int per row of the frame (budgeted).
     */
    private static Field binCount(Expression e, Context ctx) throws IOException {
        Field input = input(e, ctx);
        int n = buckets(e);
        long rows = ctx.rowCount();
        if (rows > Integer.MAX_VALUE - 8) {
            throw new QueryException(e.path(), "binCount works on at most " + (Integer.MAX_VALUE - 8) + " rows");
        }
        ctx.budget().reserve(rows * 20, "binCount");
        int[] bucket = new int[(int) rows];
        double[] values = new double[(int) rows];
        int[] rowOf = new int[(int) rows];
        int[] count = {0};
        ctx.scan(scan -> {
            Col in = scan.col(input);
            int first = (int) scan.firstRow();
            for (int i = 0; i < scan.count; i++) {
                int r = scan.rows[i];
                if (!in.isNull(r) && !Double.isNaN(in.num(r))) {
                    values[count[0]] = in.num(r);
                    rowOf[count[0]++] = first + r;
                }
            }
        });
        int m = count[0];
        int[] order = new int[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        Sorting.stableSort(order, (a, b) -> Double.compare(values[a], values[b]), ctx.budget());
        double per = (double) m / n;
        for (int i = 0; i < m; i++) {
            bucket[rowOf[order[i]]] = (int) Math.min(n, Math.floor(i / per) + 1);
        }
        return new BinCount(bucket);
    }

    private static final class BinCount extends Field {
        private final int[] bucket;

        BinCount(int[] bucket) {
            this.bucket = bucket;
        }

        @Override
        Col open(Scan scan) {
            Col.Numbers out = new Col.Numbers(scan.size());
            int first = (int) scan.firstRow();
            for (int i = 0; i < scan.count; i++) {
                int r = scan.rows[i];
                int b = bucket[first + r];
                if (b > 0) {
                    out.values[r] = b;
                }
            }
            return out;
        }
    }

    /** A row-level SQL expression; values are objects (numbers, text, booleans), so this is the slow path. */
    static final class Expr extends Field {
        final SqlEval.Bound bound;
        private final Budget budget;

        Expr(SqlEval.Bound bound, Budget budget) {
            this.bound = bound;
            this.budget = budget;
        }

        @Override
        Col open(Scan scan) throws IOException {
            Object[] values = new Object[scan.size()];
            SqlEval.Row row = new SqlEval.Row(bound, scan, java.util.Map.of());
            for (int i = 0; i < scan.count; i++) {
                row.r = scan.rows[i];
                budget.tick();
                values[row.r] = row.eval(bound.root);
            }
            return new Col.Mixed(values);
        }
    }
}
