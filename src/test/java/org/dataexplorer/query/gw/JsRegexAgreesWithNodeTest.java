package org.dataexplorer.query.gw;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;

import org.dataexplorer.query.QueryException;
import org.dataexplorer.testing.NodeScript;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random patterns pieced together from the constructs of JavaScript's regular expression grammar, run here
 * ({@link JsRegex}) and in Node's {@code RegExp} (V8): both must agree on which patterns are valid and, for
 * the valid ones, on {@code test} over a set of texts. Needs Node ({@link NodeScript}).
 */
class JsRegexAgreesWithNodeTest {

    /** Pieces of patterns: single characters of the grammar, and escapes, classes, groups and quantifiers. */
    private static final String[] PIECES = {"\\", "(", ")", "[", "]", "{", "}", "^", "$", ".", "|", "*", "+", "?",
        "-", ",", ":", "=", "!", "<", ">", "&", "_", "0", "1", "2", "9", "a", "b", "c", "k", "x", "Z", "A", "é", "\n",
        " ", "\u0085", "\\d", "\\D", "\\w", "\\W", "\\s", "\\S", "\\b", "\\B", "\\Z", "\\A", "\\z", "\\Q",
        "\\p{L}", "\\v", "\\0", "\\1", "\\2", "\\10", "\\8", "\\cJ", "\\c1", "\\x41", "\\x4", "\\u00e9",
        "\\u00", "\\k<n>", "\\k", "\\-", "\\.", "\\$", "[a-c]", "[^a]", "[^]", "[]", "[\\d-z]", "[\\s]",
        "[\\S]", "[\\b]", "[a[b]", "&&", "(?:", "(?=", "(?!", "(?<=", "(?<!", "(?<n>", "(?<first_name>", "(?>",
        "(?i)", "{2}", "{1,}", "{1,2}", "{2,1}", "{,2}", "*?", "+?", "*+", "a$", "^a", "\\n$"};
    private static final String[] TEXTS = {"ab1 \n-xé", "a\n", "Z", "abc{1}", "\u00a0\u0085é_9", "k\\c1", "AB", "",
        "x{2,}a]", "2024-2024", "aa\n", "A\u00e9 b\u0008", "\n", "a&b[c]-", "p{L}Qz$"};
    private static final String SCRIPT = """
            const fs = require('fs');
            const texts = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
            const out = [];
            for (const line of fs.readFileSync(process.argv[3], 'utf8').split('\\n')) {
              if (!line) continue;
              const c = JSON.parse(line);
              let re = null;
              try { re = new RegExp(c.p, c.cs ? '' : 'i'); } catch (e) { re = null; }
              out.push(re === null ? 'syntax' : texts.map(t => re.test(t) ? '1' : '0').join(''));
            }
            fs.writeFileSync(process.argv[4], out.join('\\n') + '\\n');
            """;

    @TempDir
    Path dir;

    @Test
    void randomPatternsMatchAsInNode() throws Exception {
        Random random = new Random(11);
        List<String> patterns = new ArrayList<>();
        List<Boolean> caseSensitive = new ArrayList<>();
        List<String> ours = new ArrayList<>();
        StringBuilder cases = new StringBuilder();
        while (patterns.size() < 10_000) {
            StringBuilder p = new StringBuilder();
            for (int n = random.nextInt(8); n > 0; n--) {
                p.append(PIECES[random.nextInt(PIECES.length)]);
            }
            boolean cs = random.nextBoolean();
            patterns.add(p.toString());
            caseSensitive.add(cs);
            ours.add(ours(p.toString(), cs));
            cases.append(Json.createObjectBuilder().add("p", p.toString()).add("cs", cs).build()).append('\n');
        }
        JsonArrayBuilder texts = Json.createArrayBuilder();
        for (String t : TEXTS) {
            texts.add(t);
        }
        Path textFile = Files.writeString(dir.resolve("texts.json"), texts.build().toString());
        Path caseFile = Files.writeString(dir.resolve("cases.jsonl"), cases);
        List<String> theirs = NodeScript.answers("JsRegexAgreesWithNodeTest", dir, SCRIPT, textFile.toString(),
                caseFile.toString());
        assertEquals(patterns.size(), theirs.size());
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < patterns.size(); i++) {
            if (!ours.get(i).equals(theirs.get(i))) {
                differences.add(Json.createValue(patterns.get(i)) + (caseSensitive.get(i) ? "" : "i") + ": here "
                        + ours.get(i) + ", node " + theirs.get(i));
            }
        }
        assertEquals(List.of(), differences.subList(0, Math.min(differences.size(), 20)),
                differences.size() + " of " + patterns.size() + " patterns differ (texts: one 0/1 per text)");
    }

    /** "syntax", or one 0/1 per text; a pattern Java cannot run (a 400) would show as "problem". */
    private static String ours(String pattern, boolean caseSensitive) {
        try {
            Pattern p = JsRegex.compile(pattern, caseSensitive, "v");
            StringBuilder b = new StringBuilder();
            for (String t : TEXTS) {
                b.append(p.matcher(t).find() ? '1' : '0');
            }
            return b.toString();
        } catch (JsRegex.SyntaxError e) {
            return "syntax";
        } catch (QueryException e) {
            return "problem";
        }
    }
}
