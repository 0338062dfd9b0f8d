package org.dataexplorer.query.agg;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.dataexplorer.query.QueryException;
import org.dataexplorer.query.filter.FilterSpec;
import org.dataexplorer.query.filter.Op;
import org.dataexplorer.query.filter.RegexGuard;

/**
 * {@code having}: filters over the output rows of a group-by (few rows, typed values), with the same
 * operators and null semantics as row filters. Numbers compare as numbers, other values as text. A
 * {@code regex} is compiled once and matched under {@link RegexGuard}'s step budget, like a row filter's.
 */
final class OutputFilter {

    private OutputFilter() {
    }

    static List<Object[]> apply(List<Object[]> rows, List<String> names, List<FilterSpec> having) {
        if (having.isEmpty()) {
            return rows;
        }
        int[] index = new int[having.size()];
        Pattern[] regex = new Pattern[having.size()];
        for (int i = 0; i < having.size(); i++) {
            FilterSpec f = having.get(i);
            index[i] = names.indexOf(f.column());
            if (index[i] < 0) {
                throw new QueryException(f.parameter(), "There is no output column named '"
                        + f.column() + "' (having refers to group keys and aggregate names)");
            }
            if (f.op() == Op.REGEX) {
                regex[i] = compile(f);
            }
        }
        List<Object[]> kept = new ArrayList<>();
        for (Object[] row : rows) {
            boolean all = true;
            for (int i = 0; i < having.size() && all; i++) {
                all = matches(row[index[i]], having.get(i), regex[i]);
            }
            if (all) {
                kept.add(row);
            }
        }
        return kept;
    }

    private static Pattern compile(FilterSpec f) {
        String pattern = f.values().get(0);
        try {
            return RegexGuard.compile(pattern, 0, f.parameter());
        } catch (PatternSyntaxException e) {
            throw new QueryException(f.parameter(), "'" + pattern + "' is not a valid regular expression: "
                    + e.getDescription());
        }
    }

    private static boolean matches(Object v, FilterSpec f, Pattern regex) {
        switch (f.op()) {
            case ISNULL, NOTNULL -> {
                boolean flag = f.values().isEmpty() || !f.values().get(0).trim().matches("(?i)0|false|no");
                return (v == null) == ((f.op() == Op.ISNULL) == flag);
            }
            default -> {
            }
        }
        if (v == null) {
            return false;
        }
        List<String> ops = f.values();
        String text = String.valueOf(v);
        return switch (f.op()) {
            case EXACT -> compare(v, ops.get(0), f) == 0;
            case NOT -> compare(v, ops.get(0), f) != 0;
            case GT -> compare(v, ops.get(0), f) > 0;
            case GTE -> compare(v, ops.get(0), f) >= 0;
            case LT -> compare(v, ops.get(0), f) < 0;
            case LTE -> compare(v, ops.get(0), f) <= 0;
            case BETWEEN -> compare(v, ops.get(0), f) >= 0 && compare(v, ops.get(1), f) <= 0;
            case IN -> ops.stream().anyMatch(o -> compare(v, o, f) == 0);
            case NOTIN -> ops.stream().noneMatch(o -> compare(v, o, f) == 0);
            case CONTAINS -> text.contains(ops.get(0));
            case ICONTAINS -> text.toLowerCase(Locale.ROOT).contains(ops.get(0).toLowerCase(Locale.ROOT));
            case STARTSWITH -> text.startsWith(ops.get(0));
            case ENDSWITH -> text.endsWith(ops.get(0));
            case REGEX -> RegexGuard.findWithinSteps(regex, text, f.parameter());
            default -> false;
        };
    }

    private static int compare(Object v, String operand, FilterSpec f) {
        if (v instanceof Number n) {
            try {
                return Double.compare(n.doubleValue(), Double.parseDouble(operand.trim()));
            } catch (NumberFormatException e) {
                throw new QueryException(f.parameter(), "'" + operand + "' is not a number");
            }
        }
        if (v instanceof Boolean b) {
            return Boolean.compare(b, operand.trim().matches("(?i)true|1|yes"));
        }
        return compareText(v.toString(), operand);
    }

    static int compareValues(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return Boolean.compare(x, y);
        }
        return compareText(a.toString(), b.toString());
    }

    /** Code point order, like UTF-8 byte order. */
    private static int compareText(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
