package org.dataexplorer.query.gw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.dataexplorer.query.QueryException;
import org.dataexplorer.store.DatasetManifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code expr} SQL subset, as a transform (one value per row) and as an aggregate measure (one value per
 * group). Every expected value is worked out by hand from the two small datasets below and the rules of
 * {@code etc/graphic-walker/PROTOCOL-NOTES.md}: JavaScript's {@code Number()} coercion, null operands give
 * null, two texts compare by code point, {@code AND/OR/NOT} by JavaScript truthiness, and the client's
 * aggregate semantics (a null counts as 0 in sum, mean, median, variance, stdev; min and max skip it).
 */
class GraphicWalkerExprTest {

    /** Two rows: a integer, b float, s string, t numeric-or-not string, n integer with a null, f boolean. */
    static final String ROWS = """
            a,b,s,t,n,f
            7,2.5,Apple,10,,true
            -3,0.5,banana,x,4,false
            """;

    /** Four rows in one group: v with a null, w constant, s with an empty text and a null. */
    static final String GROUP = """
            v,w,s
            1,2,a
            ,2,""
            3,2,
            8,2,b
            """;

    @TempDir
    static Path dir;
    static GwFixture fx;
    static DatasetManifest rows;
    static DatasetManifest group;

    @BeforeAll
    static void ingest() throws IOException {
        fx = new GwFixture(dir, 2);
        rows = fx.dataset(ROWS);
        group = fx.dataset(GROUP);
    }

    @AfterAll
    static void close() {
        fx.close();
    }

    /** Expression, value for the first row, value for the second (JSON; numbers within 1e-9). */
    static Stream<Arguments> transforms() {
        return Stream.of(
                // arithmetic and precedence
                Arguments.of("a - b", "4.5", "-3.5"),
                Arguments.of("a / 2", "3.5", "-1.5"),
                Arguments.of("a % 4", "3", "-3"), // JavaScript's %: the sign of the dividend
                Arguments.of("b % 1", "0.5", "0.5"),
                Arguments.of("a / 0", "null", "null"), // ±Infinity is not a JSON number
                Arguments.of("a + b * 2", "12", "-2"),
                Arguments.of("(a + b) * 2", "19", "-5"),
                Arguments.of("1 - 2 - 3", "-4", "-4"), // a scalar for every row; left-associative
                Arguments.of("-a", "-7", "3"),
                Arguments.of("- -a", "7", "-3"),
                Arguments.of("-(a + b)", "-9.5", "2.5"),
                Arguments.of("+t", "10", "null"), // Number('x') is NaN
                Arguments.of("t + 1", "11", "null"), // a numeric string coerces (DVG-011)
                Arguments.of("f + 1", "2", "1"), // true is 1, false 0
                // comparisons
                Arguments.of("a = 7", "true", "false"),
                Arguments.of("a != 7", "false", "true"),
                Arguments.of("a <> 7", "false", "true"),
                Arguments.of("a >= 7", "true", "false"),
                Arguments.of("b <= 0.5", "false", "true"),
                Arguments.of("t > 9", "true", "false"), // '10' as 10; NaN compares false
                Arguments.of("t = '10'", "true", "false"), // two texts: as text
                Arguments.of("s < 'b'", "true", "false"), // by code point: 'A' < 'b' < 'ba'
                Arguments.of("s > 'Apple'", "false", "true"),
                Arguments.of("s = 'Apple'", "true", "false"),
                // logic (JavaScript truthiness; the result is a boolean)
                Arguments.of("a > 0 AND b > 1", "true", "false"),
                Arguments.of("a < 0 OR b > 1", "true", "true"),
                Arguments.of("NOT a > 0", "false", "true"),
                Arguments.of("NOT (a > 0 OR f)", "false", "true"),
                Arguments.of("a > 0 AND NOT f OR b < 1", "false", "true"), // NOT, then AND, then OR
                // nulls
                Arguments.of("n IS NULL", "true", "false"),
                Arguments.of("n IS NOT NULL", "false", "true"),
                Arguments.of("n + 1", "null", "5"),
                Arguments.of("n * 0", "null", "0"),
                Arguments.of("n = 4", "null", "true"),
                Arguments.of("n > 0 AND a > 0", "false", "false"), // null is falsy
                Arguments.of("n > 0 OR a > 0", "true", "true"),
                Arguments.of("NOT n", "true", "false"),
                Arguments.of("abs(n)", "null", "4"),
                Arguments.of("coalesce(n, a)", "7", "4"),
                Arguments.of("CASE WHEN n IS NULL THEN 'none' ELSE 'some' END", "'none'", "'some'"),
                Arguments.of("CASE WHEN a > 0 THEN 'pos' END", "'pos'", "null"),
                // scalar functions
                Arguments.of("abs(a)", "7", "3"),
                Arguments.of("round(b)", "3", "1"), // Math.round: halves up
                Arguments.of("round(-b)", "-2", "0"), // Math.round(-2.5) is -2, Math.round(-0.5) is -0
                Arguments.of("round(a / 3, 2)", "2.33", "-1"),
                Arguments.of("floor(b)", "2", "0"),
                Arguments.of("ceil(b)", "3", "1"),
                Arguments.of("ceiling(-b)", "-2", "0"),
                Arguments.of("sqrt(a)", "2.6457513110645906", "null"),
                Arguments.of("ln(b)", "0.9162907318741551", "-0.6931471805599453"),
                Arguments.of("log10(a)", "0.8450980400142568", "null"),
                Arguments.of("log2(b)", "1.3219280948873624", "-1"),
                Arguments.of("exp(b)", "12.182493960703473", "1.6487212707001282"),
                Arguments.of("power(a, 2)", "49", "9"),
                Arguments.of("pow(b, -1)", "0.4", "2"),
                Arguments.of("lower(s)", "'apple'", "'banana'"),
                Arguments.of("upper(s)", "'APPLE'", "'BANANA'"),
                Arguments.of("length(s)", "5", "6"),
                Arguments.of("length(a)", "1", "2"), // String(-3) is '-3'
                // regular expressions (JavaScript's, like the regexp filter)
                Arguments.of("s ~ '^A'", "true", "false"),
                Arguments.of("s ~ '^a'", "false", "false"),
                Arguments.of("s ~* '^a'", "true", "false"),
                Arguments.of("s ~* 'AN'", "false", "true"),
                Arguments.of("s !~ 'an'", "true", "false"),
                Arguments.of("s !~* 'APP'", "false", "true"),
                Arguments.of("t ~ '^\\d+$'", "true", "false"),
                Arguments.of("n ~ '4'", "null", "true"));
    }

    @ParameterizedTest(name = "{0} → {1}, {2}")
    @MethodSource("transforms")
    void transformExpr(String sql, String first, String second) throws IOException {
        JsonObject payload = Json.createObjectBuilder().add("workflow", Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("type", "transform").add("transform", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("key", "e").add("expression", Json.createObjectBuilder()
                                .add("op", "expr").add("as", "e").add("params", Json.createArrayBuilder()
                                        .add(Json.createObjectBuilder().add("type", "sql").add("value", sql)))))))
                .add(view(Json.createObjectBuilder().add("op", "raw").add("fields", Json.createArrayBuilder()
                        .add("e"))))).build();
        JsonArray got = run(rows, payload);
        JsonArray want = GwFixture.parse("[{'e':" + first + "},{'e':" + second + "}]");
        assertTrue(GwFixture.same(want, got), sql + ": expected " + want + ", got " + got);
    }

    /** Aggregate expression over the four rows of {@link #GROUP}, and its value (JSON). */
    static Stream<Arguments> aggregates() {
        return Stream.of(
                Arguments.of("count(*)", "4"),
                Arguments.of("count(v)", "3"), // values that are not null
                Arguments.of("count(s)", "3"), // '' is a value (the client's truthy count would give 2)
                Arguments.of("sum(v)", "12"),
                Arguments.of("mean(v)", "3"), // 12 / 4: the null counts as 0, every row in the denominator
                Arguments.of("avg(v)", "3"),
                Arguments.of("sum(v) / count(v)", "4"),
                Arguments.of("median(v)", "2"), // 0 1 3 8 → (1 + 3) / 2
                Arguments.of("median(v * w)", "4"), // 0 2 6 16 → (2 + 6) / 2
                Arguments.of("variance(v)", "9.5"), // mean 3; (4 + 9 + 0 + 25) / 4
                Arguments.of("stdev(v)", "3.082207001484488"), // √9.5
                Arguments.of("stddev(v)", "3.082207001484488"),
                Arguments.of("stdev(w)", "0"),
                Arguments.of("max(v) - min(v)", "7"), // min and max skip the null
                Arguments.of("distinctCount(s)", "4"), // 'a', '', null, 'b'
                Arguments.of("count(v) * 2 + 1", "7"),
                Arguments.of("-sum(v)", "-12"),
                Arguments.of("round(stdev(v), 1)", "3.1"),
                Arguments.of("count(v) = 3 AND max(v) > 5", "true"),
                Arguments.of("sum(v) IS NULL", "false"),
                Arguments.of("CASE WHEN sum(v) > 10 THEN 'big' ELSE 'small' END", "'big'"));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("aggregates")
    void aggregateExpr(String sql, String expected) throws IOException {
        JsonArray got = run(group, Json.createObjectBuilder().add("workflow", Json.createArrayBuilder()
                .add(view(Json.createObjectBuilder().add("op", "aggregate").add("groupBy", Json.createArrayBuilder())
                        .add("measures", Json.createArrayBuilder().add(Json.createObjectBuilder().add("field", sql)
                                .add("agg", "expr").add("asFieldKey", "e")))))).build());
        JsonArray want = GwFixture.parse("[{'e':" + expected + "}]");
        assertTrue(GwFixture.same(want, got), sql + ": expected " + want + ", got " + got);
    }

    @Test
    void anInvalidRegularExpressionInAnExprIsAProblem() {
        QueryException e = assertThrows(QueryException.class, () -> transformExpr("s ~ 'a*+'", "null", "null"));
        assertEquals("workflow[0].transform[0].expression.params[0].value", e.parameter());
    }

    private static JsonObject view(jakarta.json.JsonObjectBuilder query) {
        return Json.createObjectBuilder().add("type", "view").add("query", Json.createArrayBuilder().add(query))
                .build();
    }

    private static JsonArray run(DatasetManifest m, JsonValue payload) throws IOException {
        return GwFixture.json(fx.gw(1000).query(m, PayloadParser.parse(payload.toString())));
    }
}
