package org.dataexplorer.query.gw;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.dataexplorer.query.QueryException;

/**
 * The SQL expression subset of Graphic Walker's {@code expr} (what its client executor evaluates):
 * literals (numbers, {@code 'text'}, TRUE, FALSE, NULL), field references ({@code "quoted"} or bare),
 * {@code + - * / %}, comparisons {@code = != <> < <= > >=}, regular expression matches
 * {@code ~ ~* !~ !~*}, {@code AND OR NOT}, unary {@code + -}, {@code CASE WHEN ... THEN ... [ELSE ...] END},
 * aggregate calls ({@code sum mean avg median stdev variance max min count distinctCount}, only in an
 * aggregate {@code expr}) and, beyond the client, {@code IS [NOT] NULL} and the scalar functions
 * {@link #SCALAR}. The parser builds a small tree; {@link SqlEval} evaluates it.
 */
final class Sql {

    static final Set<String> AGGREGATES = Set.of("sum", "mean", "avg", "median", "stdev", "stddev", "variance", "max",
            "min", "count", "distinctcount");
    static final Set<String> SCALAR = Set.of("abs", "round", "floor", "ceil", "ceiling", "sqrt", "ln", "exp", "power",
            "pow", "log10", "log2", "lower", "upper", "length", "coalesce");
    private static final int MAX_LENGTH = 10_000;
    private static final int MAX_DEPTH = 64;

    sealed interface Node permits Lit, Ref, Unary, Binary, Call, Case, IsNull {
    }

    record Lit(Object value) implements Node {
    }

    /** A field reference; {@code *} is {@code "*"}. */
    record Ref(String name) implements Node {
    }

    record Unary(String op, Node operand) implements Node {
    }

    record Binary(String op, Node left, Node right) implements Node {
    }

    /** {@code name} lower-cased. */
    record Call(String name, List<Node> args) implements Node {
    }

    record Case(List<Node> whens, List<Node> thens, Node otherwise) implements Node {
    }

    record IsNull(Node operand, boolean negated) implements Node {
    }

    private final String text;
    private final String path;
    private final List<String> tokens = new ArrayList<>();
    private final List<Boolean> quoted = new ArrayList<>();
    private int pos;
    private int depth;

    private Sql(String text, String path) {
        this.text = text;
        this.path = path;
    }

    /** @throws QueryException naming {@code path} when the text is not in the subset */
    static Node parse(String text, String path) {
        if (text.length() > MAX_LENGTH) {
            throw new QueryException(path, "The expression is longer than " + MAX_LENGTH + " characters");
        }
        Sql p = new Sql(text, path);
        p.tokenize();
        Node n = p.or();
        if (p.pos < p.tokens.size()) {
            throw p.error("unexpected '" + p.tokens.get(p.pos) + "'");
        }
        return n;
    }

    private QueryException error(String what) {
        return new QueryException(path, "Cannot read the expression \"" + text + "\": " + what);
    }

    // ---- tokens: a quoted identifier is stored with a leading '"', a string literal with a leading '\'' ----

    private void tokenize() {
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"' || c == '\'') {
                StringBuilder b = new StringBuilder().append(c);
                int j = i + 1;
                while (true) {
                    if (j >= n) {
                        throw error("unterminated " + (c == '"' ? "identifier" : "string"));
                    }
                    char d = text.charAt(j);
                    if (d == c) {
                        if (j + 1 < n && text.charAt(j + 1) == c) {
                            b.append(c);
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    b.append(d);
                    j++;
                }
                add(b.toString(), true);
                i = j + 1;
            } else if (Character.isDigit(c) || c == '.' && i + 1 < n && Character.isDigit(text.charAt(i + 1))) {
                int j = i;
                while (j < n && (Character.isDigit(text.charAt(j)) || text.charAt(j) == '.')) {
                    j++;
                }
                if (j < n && (text.charAt(j) == 'e' || text.charAt(j) == 'E')) {
                    int k = j + 1;
                    if (k < n && (text.charAt(k) == '+' || text.charAt(k) == '-')) {
                        k++;
                    }
                    if (k < n && Character.isDigit(text.charAt(k))) {
                        j = k;
                        while (j < n && Character.isDigit(text.charAt(j))) {
                            j++;
                        }
                    }
                }
                add(text.substring(i, j), false);
                i = j;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i;
                while (j < n && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_'
                        || text.charAt(j) == '$')) {
                    j++;
                }
                add(text.substring(i, j), false);
                i = j;
            } else {
                String two = i + 1 < n ? text.substring(i, i + 2) : "";
                String three = i + 2 < n ? text.substring(i, i + 3) : "";
                if (three.equals("!~*")) {
                    add(three, false);
                    i += 3;
                } else if (Set.of("<=", ">=", "<>", "!=", "~*", "!~").contains(two)) {
                    add(two, false);
                    i += 2;
                } else if ("+-*/%=<>(),~".indexOf(c) >= 0) {
                    add(String.valueOf(c), false);
                    i++;
                } else {
                    throw error("unexpected character '" + c + "'");
                }
            }
        }
    }

    private void add(String token, boolean isQuoted) {
        tokens.add(token);
        quoted.add(isQuoted);
    }

    private boolean keyword(String word) {
        if (pos < tokens.size() && !quoted.get(pos) && tokens.get(pos).equalsIgnoreCase(word)) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean symbol(String s) {
        if (pos < tokens.size() && !quoted.get(pos) && tokens.get(pos).equals(s)) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(String s) {
        if (!symbol(s) && !keyword(s)) {
            throw error("expected '" + s + "'" + (pos < tokens.size() ? " before '" + tokens.get(pos) + "'"
                    : " at the end"));
        }
    }

    // ---- grammar ----

    private Node or() {
        if (++depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
        Node left = and();
        while (keyword("OR")) {
            left = new Binary("OR", left, and());
        }
        depth--;
        return left;
    }

    private Node and() {
        Node left = not();
        while (keyword("AND")) {
            left = new Binary("AND", left, not());
        }
        return left;
    }

    private Node not() {
        if (keyword("NOT")) {
            return new Unary("NOT", not());
        }
        return comparison();
    }

    private static final List<String> COMPARISONS = List.of("=", "!=", "<>", "<=", ">=", "<", ">", "~", "~*", "!~",
            "!~*");

    private Node comparison() {
        Node left = additive();
        while (true) {
            if (keyword("IS")) {
                boolean negated = keyword("NOT");
                expect("NULL");
                left = new IsNull(left, negated);
                continue;
            }
            String op = null;
            for (String c : COMPARISONS) {
                if (symbol(c)) {
                    op = c.equals("<>") ? "!=" : c;
                    break;
                }
            }
            if (op == null) {
                return left;
            }
            left = new Binary(op, left, additive());
        }
    }

    private Node additive() {
        Node left = multiplicative();
        while (true) {
            if (symbol("+")) {
                left = new Binary("+", left, multiplicative());
            } else if (symbol("-")) {
                left = new Binary("-", left, multiplicative());
            } else {
                return left;
            }
        }
    }

    private Node multiplicative() {
        Node left = unary();
        while (true) {
            if (symbol("*")) {
                left = new Binary("*", left, unary());
            } else if (symbol("/")) {
                left = new Binary("/", left, unary());
            } else if (symbol("%")) {
                left = new Binary("%", left, unary());
            } else {
                return left;
            }
        }
    }

    private Node unary() {
        if (symbol("-")) {
            return new Unary("-", unary());
        }
        if (symbol("+")) {
            return new Unary("+", unary());
        }
        return primary();
    }

    private Node primary() {
        if (pos >= tokens.size()) {
            throw error("unexpected end");
        }
        String t = tokens.get(pos);
        boolean q = quoted.get(pos);
        if (q) {
            pos++;
            return t.charAt(0) == '"' ? new Ref(t.substring(1)) : new Lit(t.substring(1));
        }
        if (symbol("(")) {
            Node inner = or();
            expect(")");
            return inner;
        }
        if (symbol("*")) {
            return new Ref("*");
        }
        char c = t.charAt(0);
        if (Character.isDigit(c) || c == '.') {
            pos++;
            try {
                return new Lit(Double.parseDouble(t));
            } catch (NumberFormatException e) {
                throw error("'" + t + "' is not a number");
            }
        }
        if (keyword("TRUE")) {
            return new Lit(Boolean.TRUE);
        }
        if (keyword("FALSE")) {
            return new Lit(Boolean.FALSE);
        }
        if (keyword("NULL")) {
            return new Lit(null);
        }
        if (keyword("CASE")) {
            List<Node> whens = new ArrayList<>();
            List<Node> thens = new ArrayList<>();
            while (keyword("WHEN")) {
                whens.add(or());
                expect("THEN");
                thens.add(or());
            }
            if (whens.isEmpty()) {
                throw error("CASE needs WHEN");
            }
            Node otherwise = keyword("ELSE") ? or() : new Lit(null);
            expect("END");
            return new Case(whens, thens, otherwise);
        }
        if (Character.isLetter(c) || c == '_') {
            pos++;
            if (symbol("(")) {
                String name = t.toLowerCase(Locale.ROOT);
                if (!AGGREGATES.contains(name) && !SCALAR.contains(name)) {
                    throw error("unknown function '" + t + "'");
                }
                List<Node> args = new ArrayList<>();
                if (!symbol(")")) {
                    do {
                        args.add(or());
                    } while (symbol(","));
                    expect(")");
                }
                return new Call(name, args);
            }
            return new Ref(t);
        }
        throw error("unexpected '" + t + "'");
    }
}
