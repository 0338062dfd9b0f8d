package org.dataexplorer.query.gw;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.dataexplorer.query.QueryException;
import org.dataexplorer.query.filter.RegexGuard;

/**
 * A JavaScript regular expression, as Graphic Walker builds one ({@code new RegExp(value, caseSensitive ? ''
 * : 'i')}: ECMAScript without the {@code u} flag, with the web-compatibility grammar of Annex B), translated
 * into a {@code java.util.regex} pattern of the same meaning. Where the two differ, the translation spells out
 * JavaScript's meaning: {@code $} is the very end of the text (never before a final newline), {@code .}
 * excludes only line feed, carriage return, U+2028 and U+2029, {@code \s} is JavaScript's whitespace,
 * {@code \b} is an ASCII word boundary, {@code \v} is U+000B, {@code \0} is NUL, unknown escapes such as
 * {@code \A}, {@code \Z}, {@code \Q} or {@code \p} are the letter itself, {@code [^]} is any character and
 * {@code []} none, {@code [} and {@code &&} in a class are literal, and a left brace that starts no
 * quantifier is literal. A pattern
 * JavaScript rejects ({@code a*+}, {@code (?>a)}, {@code (?i)}, an unterminated class, …) is a
 * {@link SyntaxError}.
 */
final class JsRegex {

    /** The pattern is not a valid JavaScript regular expression. */
    static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxError(String message, int at) {
            super(message + " at index " + at);
        }
    }

    /** JavaScript's WhiteSpace and LineTerminator code points ({@code \s}), as class ranges. */
    private static final String SPACE = "\\x{9}-\\x{D}\\x{20}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}"
            + "\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}";
    /** Everything else ({@code \S}). */
    private static final String NOT_SPACE = "\\x{0}-\\x{8}\\x{E}-\\x{1F}\\x{21}-\\x{9F}\\x{A1}-\\x{167F}"
            + "\\x{1681}-\\x{1FFF}\\x{200B}-\\x{2027}\\x{202A}-\\x{202E}\\x{2030}-\\x{205E}\\x{2060}-\\x{2FFF}"
            + "\\x{3001}-\\x{FEFE}\\x{FF00}-\\x{10FFFF}";
    private static final String DOT = "[^\\x{A}\\x{D}\\x{2028}\\x{2029}]";
    private static final String BOUNDARY = "(?:(?<=\\w)(?!\\w)|(?<!\\w)(?=\\w))";
    private static final String NOT_BOUNDARY = "(?:(?<=\\w)(?=\\w)|(?<!\\w)(?!\\w))";

    private final String src;
    private final StringBuilder out = new StringBuilder();
    private final Map<String, String> names = new HashMap<>();
    private int groups;
    private int pos;

    private JsRegex(String src) {
        this.src = src;
    }

    /**
     * @throws SyntaxError when JavaScript would not compile the pattern (the spec: it then rejects every row)
     * @throws QueryException naming {@code path} when the pattern is too long, or valid JavaScript that Java's
     *                        engine cannot run (a lookbehind over a repeated group)
     */
    static Pattern compile(String pattern, boolean caseSensitive, String path) throws SyntaxError {
        if (pattern.length() > RegexGuard.MAX_PATTERN_LENGTH) {
            throw new QueryException(path, "The regular expression is " + pattern.length()
                    + " characters long; at most " + RegexGuard.MAX_PATTERN_LENGTH + " are allowed");
        }
        String java = translate(pattern);
        try {
            return Pattern.compile(java, caseSensitive ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        } catch (PatternSyntaxException e) {
            throw new QueryException(path, "The regular expression is valid JavaScript but cannot be run here: "
                    + e.getDescription() + " (e.g. a lookbehind over a repeated group)");
        }
    }

    /** The {@code java.util.regex} form of a JavaScript pattern. */
    static String translate(String pattern) throws SyntaxError {
        JsRegex t = new JsRegex(pattern);
        t.countGroups();
        t.alternatives();
        return t.out.toString();
    }

    /** Capturing groups and their names, found before translating so that back references can be told apart. */
    private void countGroups() throws SyntaxError {
        boolean inClass = false;
        for (int i = 0; i < src.length(); i++) {
            char c = src.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
                if (src.startsWith("^]", i + 1)) {
                    i += 2;
                } else if (src.startsWith("]", i + 1)) {
                    i++;
                    inClass = false;
                }
            } else if (c == '(') {
                if (!src.startsWith("?", i + 1)) {
                    groups++;
                } else if (src.startsWith("?<", i + 1) && !src.startsWith("?<=", i + 1)
                        && !src.startsWith("?<!", i + 1)) {
                    int end = src.indexOf('>', i + 3);
                    String name = end < 0 ? "" : src.substring(i + 3, end);
                    if (!identifier(name)) {
                        throw new SyntaxError("Invalid capture group name", i);
                    }
                    groups++;
                    if (names.put(name, "n" + groups) != null) {
                        throw new SyntaxError("Duplicate capture group name", i);
                    }
                }
            }
        }
    }

    private static boolean identifier(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c == '$' || c == '_' || Character.isLetter(c) || i > 0 && Character.isDigit(c);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Kinds of open groups, for quantifiers after them: lookbehinds may not be repeated, lookaheads may. */
    private enum Group { PLAIN, LOOKAHEAD, LOOKBEHIND }

    private void alternatives() throws SyntaxError {
        Deque<Group> open = new ArrayDeque<>();
        boolean atom = false; // whether a quantifier may follow
        while (pos < src.length()) {
            char c = src.charAt(pos);
            switch (c) {
                case '\\' -> atom = escape();
                case '.' -> {
                    pos++;
                    out.append(DOT);
                    atom = true;
                }
                case '^' -> {
                    pos++;
                    out.append('^');
                    atom = false;
                }
                case '$' -> {
                    pos++;
                    out.append("\\z");
                    atom = false;
                }
                case '|' -> {
                    pos++;
                    out.append('|');
                    atom = false;
                }
                case '(' -> {
                    open.push(group());
                    atom = false;
                }
                case ')' -> {
                    if (open.isEmpty()) {
                        throw new SyntaxError("Unmatched ')'", pos);
                    }
                    pos++;
                    out.append(')');
                    atom = open.pop() != Group.LOOKBEHIND;
                }
                case '[' -> {
                    characterClass();
                    atom = true;
                }
                case '*', '+', '?' -> {
                    quantifier(atom, 1);
                    atom = false;
                }
                case '{' -> {
                    int length = braces();
                    if (length > 0) {
                        quantifier(atom, length);
                        atom = false;
                    } else {
                        pos++;
                        literal('{');
                        atom = true;
                    }
                }
                default -> {
                    int cp = src.codePointAt(pos);
                    pos += Character.charCount(cp);
                    literal(cp);
                    atom = true;
                }
            }
        }
        if (!open.isEmpty()) {
            throw new SyntaxError("Unterminated group", pos);
        }
    }

    private Group group() throws SyntaxError {
        int at = pos;
        pos++;
        if (!src.startsWith("?", pos)) {
            out.append('(');
            return Group.PLAIN;
        }
        for (String kind : new String[] {"?:", "?=", "?!", "?<=", "?<!"}) {
            if (src.startsWith(kind, pos)) {
                pos += kind.length();
                out.append('(').append(kind);
                return kind.startsWith("?<") ? Group.LOOKBEHIND : kind.equals("?:") ? Group.PLAIN : Group.LOOKAHEAD;
            }
        }
        if (src.startsWith("?<", pos)) {
            int end = src.indexOf('>', pos);
            out.append("(?<").append(names.get(src.substring(pos + 2, end))).append('>');
            pos = end + 1;
            return Group.PLAIN;
        }
        throw new SyntaxError("Invalid group", at);
    }

    /** The length of a {@code {n}}, {@code {n,}} or {@code {n,m}} quantifier at {@code pos}, or 0 if none. */
    private int braces() throws SyntaxError {
        int i = pos + 1;
        int digits = i;
        while (i < src.length() && Character.isDigit(src.charAt(i)) && src.charAt(i) < 128) {
            i++;
        }
        if (i == digits) {
            return 0;
        }
        String min = src.substring(digits, i);
        String max = min;
        if (i < src.length() && src.charAt(i) == ',') {
            i++;
            int from = i;
            while (i < src.length() && src.charAt(i) >= '0' && src.charAt(i) <= '9') {
                i++;
            }
            max = i == from ? null : src.substring(from, i);
        }
        if (i >= src.length() || src.charAt(i) != '}') {
            return 0;
        }
        if (max != null && new java.math.BigInteger(min).compareTo(new java.math.BigInteger(max)) > 0) {
            throw new SyntaxError("numbers out of order in {} quantifier", pos);
        }
        return i + 1 - pos;
    }

    private void quantifier(boolean atom, int length) throws SyntaxError {
        if (!atom) {
            throw new SyntaxError("Nothing to repeat", pos);
        }
        out.append(src, pos, pos + length);
        pos += length;
        if (pos < src.length() && src.charAt(pos) == '?') {
            out.append('?');
            pos++;
        }
        if (pos < src.length()) {
            char next = src.charAt(pos);
            if (next == '*' || next == '+' || next == '?' || next == '{' && braces() > 0) {
                throw new SyntaxError("Nothing to repeat", pos);
            }
        }
    }

    /** An escape outside a class; answers whether it is an atom (a quantifier may follow). */
    private boolean escape() throws SyntaxError {
        int at = pos;
        if (pos + 1 >= src.length()) {
            throw new SyntaxError("\\ at end of pattern", pos);
        }
        char c = src.charAt(pos + 1);
        pos += 2;
        switch (c) {
            case 'b' -> {
                out.append(BOUNDARY);
                return false;
            }
            case 'B' -> {
                out.append(NOT_BOUNDARY);
                return false;
            }
            case 'd', 'D', 'w', 'W' -> out.append('\\').append(c);
            case 's' -> out.append('[').append(SPACE).append(']');
            case 'S' -> out.append('[').append(NOT_SPACE).append(']');
            case 'k' -> {
                if (names.isEmpty()) {
                    literal('k');
                } else {
                    int end = src.indexOf('>', pos);
                    String java = src.startsWith("<", pos) && end > 0 ? names.get(src.substring(pos + 1, end)) : null;
                    if (java == null) {
                        throw new SyntaxError("Invalid named reference", at);
                    }
                    out.append("\\k<").append(java).append('>');
                    pos = end + 1;
                }
            }
            case '1', '2', '3', '4', '5', '6', '7', '8', '9' -> {
                int end = pos;
                while (end < src.length() && src.charAt(end) >= '0' && src.charAt(end) <= '9') {
                    end++;
                }
                String number = src.substring(pos - 1, end);
                if (number.length() < 10 && Integer.parseInt(number) <= groups) {
                    out.append("(?:\\").append(number).append(')');
                    pos = end;
                } else {
                    pos--; // not a back reference: a legacy octal escape, or the digit 8 or 9 itself
                    characterEscape();
                }
            }
            default -> {
                pos = at + 1;
                characterEscape();
            }
        }
        return true;
    }

    /** A character escape (without its backslash, at {@code pos}), in or out of a class: appends the character. */
    private void characterEscape() {
        char c = src.charAt(pos++);
        switch (c) {
            case 't' -> literal('\t');
            case 'n' -> literal('\n');
            case 'v' -> literal(0x0B);
            case 'f' -> literal('\f');
            case 'r' -> literal('\r');
            case 'c' -> {
                if (pos < src.length() && isAsciiLetter(src.charAt(pos))) {
                    literal(src.charAt(pos++) % 32);
                } else {
                    literal('\\'); // Annex B: "\c" not followed by a letter is a backslash, then "c"
                    pos--;
                }
            }
            case 'x' -> literal(hex(2, 'x'));
            case 'u' -> literal(hex(4, 'u'));
            case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                int value = c - '0';
                int max = c <= '3' ? 2 : 1; // Annex B legacy octal: at most \377
                for (int k = 0; k < max && pos < src.length() && src.charAt(pos) >= '0' && src.charAt(pos) <= '7';
                     k++) {
                    value = value * 8 + src.charAt(pos++) - '0';
                }
                literal(value);
            }
            default -> {
                pos--;
                int cp = src.codePointAt(pos);
                pos += Character.charCount(cp);
                literal(cp); // an identity escape: the character itself
            }
        }
    }

    /** {@code n} hex digits after a backslash and x or u as a code unit, or the letter itself (Annex B). */
    private int hex(int n, char letter) {
        if (pos + n <= src.length()) {
            String digits = src.substring(pos, pos + n);
            if (digits.chars().allMatch(ch -> Character.digit(ch, 16) >= 0 && ch < 128)) {
                pos += n;
                return Integer.parseInt(digits, 16);
            }
        }
        return letter;
    }

    private void characterClass() throws SyntaxError {
        int at = pos;
        pos++;
        boolean negated = pos < src.length() && src.charAt(pos) == '^';
        if (negated) {
            pos++;
        }
        if (pos < src.length() && src.charAt(pos) == ']') {
            pos++;
            out.append(negated ? "[\\x{0}-\\x{10FFFF}]" : "(?!)");
            return;
        }
        StringBuilder body = new StringBuilder();
        while (true) {
            if (pos >= src.length()) {
                throw new SyntaxError("Unterminated character class", at);
            }
            if (src.charAt(pos) == ']') {
                pos++;
                break;
            }
            int from = pos;
            ClassAtom low = classAtom();
            if (pos + 1 < src.length() && src.charAt(pos) == '-' && src.charAt(pos + 1) != ']') {
                pos++;
                ClassAtom high = classAtom();
                if (low.cp() < 0 || high.cp() < 0) {
                    // Annex B: a range with a class escape (\d, \s, …) at either end is the three atoms
                    body.append(low.text()).append(literalText('-')).append(high.text());
                } else if (low.cp() > high.cp()) {
                    throw new SyntaxError("Range out of order in character class", from);
                } else {
                    body.append(low.text()).append('-').append(high.text());
                }
            } else {
                body.append(low.text());
            }
        }
        out.append('[').append(negated ? "^" : "").append(body).append(']');
    }

    /** One class atom in Java's syntax; {@code cp} is its character, or -1 for a class escape. */
    private record ClassAtom(String text, int cp) {
    }

    private ClassAtom classAtom() throws SyntaxError {
        if (src.charAt(pos) != '\\') {
            int cp = src.codePointAt(pos);
            pos += Character.charCount(cp);
            return new ClassAtom(literalText(cp), cp);
        }
        if (pos + 1 >= src.length()) {
            throw new SyntaxError("\\ at end of pattern", pos);
        }
        char e = src.charAt(pos + 1);
        switch (e) {
            case 'd', 'D', 'w', 'W' -> {
                pos += 2;
                return new ClassAtom("\\" + e, -1);
            }
            case 's', 'S' -> {
                pos += 2;
                return new ClassAtom(e == 's' ? SPACE : NOT_SPACE, -1);
            }
            case 'b' -> {
                pos += 2;
                return new ClassAtom(literalText('\b'), '\b');
            }
            case '8', '9' -> {
                pos += 2;
                return new ClassAtom(literalText(e), e);
            }
            case 'c' -> {
                char next = pos + 2 < src.length() ? src.charAt(pos + 2) : ' ';
                if (next == '_' || next >= '0' && next <= '9') { // Annex B: in a class, \c also takes these
                    pos += 3;
                    return new ClassAtom(literalText(next % 32), next % 32);
                }
            }
            case 'k' -> {
                if (!names.isEmpty()) {
                    throw new SyntaxError("Invalid escape", pos);
                }
            }
            default -> {
            }
        }
        pos++;
        int length = out.length();
        characterEscape();
        String text = out.substring(length);
        out.setLength(length);
        return new ClassAtom(text, lastLiteral);
    }

    private int lastLiteral;

    private void literal(int cp) {
        lastLiteral = cp;
        out.append(literalText(cp));
    }

    private static String literalText(int cp) {
        if (cp < 128 && Character.isLetterOrDigit(cp)) {
            return String.valueOf((char) cp);
        }
        return "\\x{" + Integer.toHexString(cp) + "}";
    }

    private static boolean isAsciiLetter(char c) {
        return c < 128 && Character.isLetter(c);
    }
}
