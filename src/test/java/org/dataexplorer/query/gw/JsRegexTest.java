package org.dataexplorer.query.gw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.dataexplorer.query.QueryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JavaScript regular expressions ({@code new RegExp(p).test(text)}, no flags unless said, ECMAScript with
 * Annex B) against their Java translation. Each expected answer is JavaScript's, from the ECMAScript grammar
 * and semantics; the comments say where {@code java.util.regex} on the untranslated pattern would differ.
 */
class JsRegexTest {

    static Stream<Arguments> matches() {
        return Stream.of(
                // $ is the end of the text only (Java's $ also matches before a final line terminator)
                Arguments.of("a$", "a\n", false),
                Arguments.of("a$", "ba", true),
                Arguments.of("a|b$", "b\r\n", false),
                Arguments.of("^a", "b\na", false),
                Arguments.of("\\$", "cost $", true),
                Arguments.of("[$]", "$", true),
                // . excludes \n \r U+2028 U+2029 only (Java's also excludes U+0085)
                Arguments.of("a.c", "a\u0085c", true),
                Arguments.of("a.c", "a\nc", false),
                Arguments.of("a.c", "a\u2028c", false),
                // \s is JavaScript's whitespace (Java's is ASCII)
                Arguments.of("\\s", "\u00a0", true),
                Arguments.of("\\s", "\ufeff", true),
                Arguments.of("^\\S$", "\u3000", false),
                Arguments.of("^[\\S]$", "x", true),
                Arguments.of("^[^\\s]$", "\u2003", false),
                // \b is an ASCII word boundary (Java's treats é as a word character)
                Arguments.of("a\\b", "aé", true),
                Arguments.of("\\Bé", "aé", false),
                // identity escapes: the letter itself (Java: anchors, quoting, properties)
                Arguments.of("\\Z", "Z", true),
                Arguments.of("\\Z", "", false),
                Arguments.of("^\\A", "A", true),
                Arguments.of("a\\z", "az", true),
                Arguments.of("\\Qa", "Qa", true),
                Arguments.of("\\p{L}", "p{L}", true),
                Arguments.of("\\p{L}", "x", false),
                Arguments.of("\\e", "e", true),
                Arguments.of("\\k", "k", true),
                Arguments.of("\\8", "8", true),
                // character escapes
                Arguments.of("\\v", "\u000b", true),
                Arguments.of("\\v", "\n", false),
                Arguments.of("\\0", "\u0000", true),
                Arguments.of("\\cJ", "\n", true),
                Arguments.of("\\cj", "\n", true),
                Arguments.of("^\\c1$", "\\c1", true),
                Arguments.of("\\x41", "A", true),
                Arguments.of("^\\x4$", "x4", true),
                Arguments.of("\\u0041", "A", true),
                Arguments.of("^\\u00$", "u00", true),
                Arguments.of("^\\101$", "A", true), // legacy octal: no group 101
                // classes
                Arguments.of("[^]", "\n", true),
                Arguments.of("[]", "a", false),
                Arguments.of("a[]", "a", false),
                Arguments.of("^[a[b]$", "[", true), // Java: a nested class
                Arguments.of("^[a-c&&b]$", "&", true), // Java: an intersection
                Arguments.of("^[a-c&&b]$", "a", true),
                Arguments.of("^[\\d-z]$", "-", true), // a class escape at a range end: three atoms
                Arguments.of("^[\\b]$", "\b", true),
                Arguments.of("^[\\c_]$", "\u001f", true),
                Arguments.of("^[\\w]+$", "ab_9", true),
                // braces that start no quantifier are literal
                Arguments.of("^a{$", "a{", true),
                Arguments.of("^a{1,$", "a{1,", true),
                Arguments.of("^x{2}$", "xx", true),
                Arguments.of("^x{2,}$", "xxxx", true),
                Arguments.of("^x{1,2}?y$", "xxy", true),
                Arguments.of("a}", "a}", true),
                Arguments.of("a]", "a]", true),
                // groups and back references
                Arguments.of("^(a)\\1$", "aa", true),
                Arguments.of("^(a)\\10$", "a\b", true), // one group: \10 is octal 8, a backspace
                Arguments.of("^(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)\\10$", "abcdefghijj", true),
                Arguments.of("^(?<year>\\d{4})-\\k<year>$", "2024-2024", true),
                Arguments.of("^(?<first_name>a)$", "a", true), // Java allows no '_' in group names
                Arguments.of("(?<=a)b", "ab", true),
                Arguments.of("(?<!a)b", "ab", false),
                Arguments.of("(?=a)*b", "b", true), // Annex B: a lookahead may be quantified
                Arguments.of("(?:ab)+", "abab", true),
                Arguments.of("(?<=^a.*)b", "axxb", true));
    }

    @ParameterizedTest(name = "/{0}/.test({1}) is {2}")
    @MethodSource("matches")
    void matchesAsJavaScriptDoes(String pattern, String text, boolean expected) throws JsRegex.SyntaxError {
        Pattern p = JsRegex.compile(pattern, true, "rule.value");
        assertEquals(expected, p.matcher(text).find(), () -> "translated to " + p.pattern());
    }

    @Test
    void caseInsensitiveUnlessCaseSensitive() throws JsRegex.SyntaxError {
        assertTrue(JsRegex.compile("ABC", false, "v").matcher("xabcx").find());
        assertTrue(!JsRegex.compile("ABC", true, "v").matcher("xabcx").find());
        assertTrue(JsRegex.compile("É", false, "v").matcher("café").find());
    }

    static Stream<String> javaScriptSyntaxErrors() {
        return Stream.of("a*+", "a++", "a?+", "a{2}+", "a**", "a{2}{3}", "*a", "^*", "\\b+", "(?<=a)+", "(?>a)",
                "(?i)a", "(?#note)", "[a", "(a", "a)", "\\", "a{2,1}", "[z-a]", "(?<a-b>x)", "(?<n>a)(?<n>b)",
                "(?<n>a)\\k<m>", "(?<n>a)\\k", "(?<n>a)[\\k]");
    }

    @ParameterizedTest(name = "/{0}/ is a SyntaxError in JavaScript")
    @MethodSource("javaScriptSyntaxErrors")
    void refusesWhatJavaScriptRefuses(String pattern) {
        assertThrows(JsRegex.SyntaxError.class, () -> JsRegex.compile(pattern, true, "v"));
    }

    @Test
    void anUnboundedLookbehindIsValidJavaScriptThatCannotRunHere() {
        QueryException e = assertThrows(QueryException.class, () -> JsRegex.compile("(?<=(a|bc)+)d", true,
                "workflow[0].filters[0].rule.value"));
        assertEquals("workflow[0].filters[0].rule.value", e.parameter());
    }

    @Test
    void anyPatternTranslatesOrIsASyntaxErrorOrAProblem() {
        // seeded random patterns over the characters the grammar cares about: nothing else may escape
        java.util.Random random = new java.util.Random(7);
        String alphabet = "\\()[]{}^$.|*+?-,:=!<>&_1234567890abcdkuxcsSwWbBpPZAzQ\n\u00e9";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder p = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                p.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            try {
                JsRegex.compile(p.toString(), random.nextBoolean(), "v").matcher("ab1 \n-xé").find();
            } catch (JsRegex.SyntaxError | QueryException expected) {
                // refused, as it should be
            } catch (RuntimeException e) {
                throw new AssertionError("pattern " + p, e);
            }
        }
    }

    @Test
    void longPatternsAreRefused() {
        QueryException e = assertThrows(QueryException.class, () -> JsRegex.compile("a".repeat(1001), true, "p"));
        assertEquals("p", e.parameter());
    }
}
