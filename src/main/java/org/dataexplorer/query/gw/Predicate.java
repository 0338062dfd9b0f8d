package org.dataexplorer.query.gw;

import java.io.IOException;
import java.util.Arrays;
import java.util.regex.Pattern;

import org.dataexplorer.query.filter.RegexGuard;
import org.dataexplorer.query.gw.Frame.Field;
import org.dataexplorer.query.gw.Frame.Scan;
import org.dataexplorer.query.gw.Payload.OneOf;
import org.dataexplorer.query.gw.Payload.Range;
import org.dataexplorer.query.gw.Payload.Regexp;
import org.dataexplorer.query.gw.Payload.Rule;
import org.dataexplorer.query.gw.Payload.TemporalRange;

/** One filter rule on one field, applied to a scan by dropping the rows it rejects (order kept). */
final class Predicate {

    private final Field field;
    private final Rule rule;
    private final Pattern pattern;
    private final double[] numbers;
    private final String path;

    Predicate(Field field, Rule rule, String path) {
        this.field = field;
        this.rule = rule;
        this.path = path + ".rule.value";
        Pattern p = null;
        if (rule instanceof Regexp re) {
            try {
                p = JsRegex.compile(re.pattern(), re.caseSensitive(), this.path);
            } catch (JsRegex.SyntaxError e) {
                p = null; // the spec: an invalid pattern rejects every row
            }
        }
        pattern = p;
        numbers = rule instanceof OneOf o ? o.values().stream().filter(v -> v instanceof Double)
                .mapToDouble(v -> (Double) v).map(d -> d == 0.0 ? 0.0 : d).sorted().toArray() : null;
    }

    void apply(Scan scan) throws IOException {
        Col col = scan.col(field);
        int kept = 0;
        for (int i = 0; i < scan.count; i++) {
            int r = scan.rows[i];
            if (test(col, r)) {
                scan.rows[kept++] = r;
            }
        }
        scan.count = kept;
    }

    private boolean test(Col col, int r) {
        if (rule instanceof Range range) {
            if (col.isNull(r)) {
                return false;
            }
            double v = col.num(r);
            return (range.min() == null || range.min() <= v) && (range.max() == null || v <= range.max());
        }
        if (rule instanceof TemporalRange range) {
            if (col.isNull(r)) {
                return false;
            }
            long ms = col.epochMs(r, range.offset());
            return ms != OffsetDates.NONE && (range.min() == null || range.min() <= ms)
                    && (range.max() == null || ms <= range.max());
        }
        if (rule instanceof OneOf set) {
            return matches(set, col, r) != set.negated();
        }
        if (pattern == null || col.isNull(r)) { // a regexp rule
            return false;
        }
        return RegexGuard.findWithinSteps(pattern, col.text(r), path);
    }

    private boolean matches(OneOf set, Col col, int r) {
        if (col.isNull(r)) {
            return set.withNull();
        }
        return switch (col.kind()) {
            case NUMBER -> Arrays.binarySearch(numbers, normal(col.num(r))) >= 0;
            case STRING, TEMPORAL -> set.values().contains(col.text(r));
            case BOOLEAN -> set.values().contains(col.num(r) != 0);
            case BIN, ANY -> {
                Object v = col.value(r);
                yield v instanceof Number n ? Arrays.binarySearch(numbers, normal(n.doubleValue())) >= 0
                        : set.values().contains(v);
            }
        };
    }

    private static double normal(double d) {
        return d == 0.0 ? 0.0 : d;
    }
}
