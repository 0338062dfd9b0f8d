package org.dataexplorer.query.gw;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.dataexplorer.query.QueryException;
import org.dataexplorer.query.filter.RegexGuard;
import org.dataexplorer.query.gw.Frame.Field;
import org.dataexplorer.query.gw.Frame.Scan;
import org.dataexplorer.query.gw.Sql.Binary;
import org.dataexplorer.query.gw.Sql.Call;
import org.dataexplorer.query.gw.Sql.Case;
import org.dataexplorer.query.gw.Sql.IsNull;
import org.dataexplorer.query.gw.Sql.Lit;
import org.dataexplorer.query.gw.Sql.Node;
import org.dataexplorer.query.gw.Sql.Ref;
import org.dataexplorer.query.gw.Sql.Unary;

/**
 * Evaluates {@link Sql} trees row by row with JavaScript-like coercion: arithmetic converts operands
 * with {@code Number()} (numeric strings count, booleans are 1/0) and gives null for a null operand or a
 * result that is not a finite number; comparisons compare two strings as text and anything else as
 * numbers, null when an operand is null; {@code AND/OR/NOT} and {@code CASE} use JavaScript truthiness.
 * Field references are bound once, at planning: exact name first, then a unique case-insensitive match
 * (bare identifiers are lower-cased by SQL parsers).
 */
final class SqlEval {

    /** Binds a node's references to fields and its aggregate calls to slots. */
    static final class Bound {
        final Node root;
        final Map<Ref, Field> refs;
        /** Aggregate calls in order; their values come from {@link #aggregates} at evaluation. */
        final List<Call> calls;
        /** The payload path of the expression, for errors found while evaluating it. */
        final String path;

        Bound(Node root, Map<Ref, Field> refs, List<Call> calls, String path) {
            this.root = root;
            this.refs = refs;
            this.calls = calls;
            this.path = path;
        }
    }

    interface Resolver {
        /** The field of that exact id, or null. */
        Field field(String name);

        /** The id matching {@code name} case-insensitively when exactly one does, else null. */
        String caseInsensitive(String name);
    }

    private SqlEval() {
    }

    static Bound bind(Node root, Resolver resolver, boolean aggregate, String path) {
        Map<Ref, Field> refs = new java.util.IdentityHashMap<>();
        List<Call> calls = new ArrayList<>();
        bind(root, resolver, aggregate, false, path, refs, calls);
        return new Bound(root, refs, calls, path);
    }

    private static void bind(Node n, Resolver resolver, boolean aggregate, boolean insideCall, String path,
                             Map<Ref, Field> refs, List<Call> calls) {
        if (n instanceof Ref r) {
            if (aggregate && !insideCall) {
                throw new QueryException(path, "An aggregate expression must give one value per group: '"
                        + r.name() + "' is used outside an aggregate function");
            }
            if (r.name().equals("*")) {
                return;
            }
            Field f = resolver.field(r.name());
            if (f == null) {
                String other = resolver.caseInsensitive(r.name());
                f = other == null ? null : resolver.field(other);
            }
            if (f == null) {
                throw new QueryException(path, "The expression refers to '" + r.name() + "', which is not a field");
            }
            refs.put(r, f);
        } else if (n instanceof Unary u) {
            bind(u.operand(), resolver, aggregate, insideCall, path, refs, calls);
        } else if (n instanceof IsNull u) {
            bind(u.operand(), resolver, aggregate, insideCall, path, refs, calls);
        } else if (n instanceof Binary b) {
            bind(b.left(), resolver, aggregate, insideCall, path, refs, calls);
            bind(b.right(), resolver, aggregate, insideCall, path, refs, calls);
        } else if (n instanceof Case c) {
            for (Node w : c.whens()) {
                bind(w, resolver, aggregate, insideCall, path, refs, calls);
            }
            for (Node t : c.thens()) {
                bind(t, resolver, aggregate, insideCall, path, refs, calls);
            }
            bind(c.otherwise(), resolver, aggregate, insideCall, path, refs, calls);
        } else if (n instanceof Call c) {
            if (Sql.AGGREGATES.contains(c.name())) {
                if (!aggregate) {
                    throw new QueryException(path, "The aggregate function " + c.name()
                            + "() is only supported in an aggregate expr measure, not in a transform");
                }
                if (insideCall) {
                    throw new QueryException(path, "Aggregate functions cannot be nested");
                }
                if (c.args().size() != 1) {
                    throw new QueryException(path, c.name() + "() takes one argument");
                }
                bind(c.args().get(0), resolver, aggregate, true, path, refs, calls);
                calls.add(c);
            } else {
                for (Node a : c.args()) {
                    bind(a, resolver, aggregate, insideCall, path, refs, calls);
                }
            }
        }
    }

    /** Values of a row: the bound fields opened over the scan's chunk. */
    static final class Row {
        final Bound bound;
        final Scan scan;
        final Map<Call, Object> aggregates;
        int r;
        private String lastPattern;
        private int lastFlags;
        private Pattern compiled;

        Row(Bound bound, Scan scan, Map<Call, Object> aggregates) {
            this.bound = bound;
            this.scan = scan;
            this.aggregates = aggregates;
        }

        Object eval(Node n) throws IOException {
            if (n instanceof Lit l) {
                return l.value();
            }
            if (n instanceof Ref ref) {
                if (ref.name().equals("*")) {
                    return Boolean.TRUE;
                }
                return scan.col(bound.refs.get(ref)).value(r);
            }
            if (n instanceof IsNull i) {
                return (eval(i.operand()) == null) != i.negated();
            }
            if (n instanceof Unary u) {
                Object v = eval(u.operand());
                return switch (u.op()) {
                    case "NOT" -> !truthy(v);
                    case "-" -> v == null ? null : number(-Col.toNumber(v));
                    default -> v == null ? null : number(Col.toNumber(v));
                };
            }
            if (n instanceof Binary b) {
                return binary(b);
            }
            if (n instanceof Case c) {
                for (int i = 0; i < c.whens().size(); i++) {
                    if (truthy(eval(c.whens().get(i)))) {
                        return eval(c.thens().get(i));
                    }
                }
                return eval(c.otherwise());
            }
            Call c = (Call) n;
            return Sql.AGGREGATES.contains(c.name()) ? aggregates.get(c) : scalar(c);
        }

        private Object binary(Binary b) throws IOException {
            String op = b.op();
            if (op.equals("AND")) {
                return truthy(eval(b.left())) && truthy(eval(b.right()));
            }
            if (op.equals("OR")) {
                return truthy(eval(b.left())) || truthy(eval(b.right()));
            }
            Object x = eval(b.left());
            Object y = eval(b.right());
            if (x == null || y == null) {
                return null;
            }
            switch (op) {
                case "+", "-", "*", "/", "%" -> {
                    double a = Col.toNumber(x);
                    double c = Col.toNumber(y);
                    return number(switch (op) {
                        case "+" -> a + c;
                        case "-" -> a - c;
                        case "*" -> a * c;
                        case "/" -> a / c;
                        default -> a % c;
                    });
                }
                case "~", "~*", "!~", "!~*" -> {
                    boolean found = RegexGuard.findWithinSteps(pattern(Col.toText(y), op.endsWith("*")), Col.toText(x),
                            bound.path);
                    return op.startsWith("!") != found;
                }
                default -> {
                    int c;
                    if (x instanceof String s && y instanceof String t) {
                        c = s.compareTo(t);
                    } else {
                        double a = Col.toNumber(x);
                        double d = Col.toNumber(y);
                        if (Double.isNaN(a) || Double.isNaN(d)) {
                            return op.equals("!=");
                        }
                        c = Double.compare(a, d);
                    }
                    return switch (op) {
                        case "=" -> c == 0;
                        case "!=" -> c != 0;
                        case "<" -> c < 0;
                        case "<=" -> c <= 0;
                        case ">" -> c > 0;
                        default -> c >= 0;
                    };
                }
            }
        }

        private Pattern pattern(String regex, boolean insensitive) {
            int flags = insensitive ? 1 : 0;
            if (!regex.equals(lastPattern) || flags != lastFlags) {
                try {
                    compiled = JsRegex.compile(regex, !insensitive, bound.path);
                } catch (JsRegex.SyntaxError e) {
                    throw new QueryException(bound.path, "'" + regex + "' is not a valid regular expression: "
                            + e.getMessage());
                }
                lastPattern = regex;
                lastFlags = flags;
            }
            return compiled;
        }

        private Object scalar(Call c) throws IOException {
            List<Object> args = new ArrayList<>(c.args().size());
            for (Node a : c.args()) {
                args.add(eval(a));
            }
            if (c.name().equals("coalesce")) {
                for (Object a : args) {
                    if (a != null) {
                        return a;
                    }
                }
                return null;
            }
            int arity = c.name().equals("power") || c.name().equals("pow") ? 2 : c.name().equals("round") ? -1 : 1;
            if (arity > 0 && args.size() != arity || arity < 0 && (args.isEmpty() || args.size() > 2)) {
                throw new QueryException(bound.path, c.name() + "() takes " + (arity < 0 ? "one or two" : arity)
                        + " argument" + (arity == 1 ? "" : "s"));
            }
            for (Object a : args) {
                if (a == null) {
                    return null;
                }
            }
            Object a = args.get(0);
            double x = Col.toNumber(a);
            return switch (c.name()) {
                case "abs" -> number(Math.abs(x));
                case "round" -> {
                    double scale = args.size() > 1 ? Math.pow(10, Col.toNumber(args.get(1))) : 1;
                    yield number(Math.round(x * scale) / scale);
                }
                case "floor" -> number(Math.floor(x));
                case "ceil", "ceiling" -> number(Math.ceil(x));
                case "sqrt" -> number(Math.sqrt(x));
                case "ln" -> number(x > 0 ? Math.log(x) : Double.NaN);
                case "log10" -> number(x > 0 ? Math.log10(x) : Double.NaN);
                case "log2" -> number(x > 0 ? Math.log(x) / Math.log(2) : Double.NaN);
                case "exp" -> number(Math.exp(x));
                case "power", "pow" -> number(Math.pow(x, Col.toNumber(args.get(1))));
                case "lower" -> Col.toText(a).toLowerCase(Locale.ROOT);
                case "upper" -> Col.toText(a).toUpperCase(Locale.ROOT);
                case "length" -> (long) Col.toText(a).codePointCount(0, Col.toText(a).length());
                default -> throw new QueryException(bound.path, "unknown function " + c.name());
            };
        }
    }

    static Object number(double d) {
        return Col.number(d);
    }

    /** JavaScript truthiness. */
    static boolean truthy(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            return d != 0 && !Double.isNaN(d);
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        return true;
    }
}
