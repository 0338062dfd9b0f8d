package org.dataexplorer.query.gw;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.dataexplorer.testing.NodeScript;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The text of numbers that sort, {@code regexp} and {@code one of} compare: JavaScript's
 * {@code Number.prototype.toString()}. Expected texts follow ECMAScript's Number::toString: with k shortest
 * digits and the point after n of them, plain digits and zeros when k ≤ n ≤ 21, a point inside when
 * 0 < n ≤ 21, {@code 0.000…} when -6 < n ≤ 0, else one digit, the rest after a point, and {@code e±(n-1)}.
 * Random numbers are also compared with what Node prints ({@link NodeScript}).
 */
class JsNumberTextTest {

    static Stream<Arguments> numbers() {
        return Stream.of(
                Arguments.of(0.0, "0"),
                Arguments.of(-0.0, "0"),
                Arguments.of(42.0, "42"),
                Arguments.of(-7.0, "-7"),
                Arguments.of(1.5, "1.5"),
                Arguments.of(0.1 + 0.2, "0.30000000000000004"), // 17 digits, n = 0
                Arguments.of(123.456, "123.456"),
                Arguments.of(9007199254740992.0, "9007199254740992"), // 2^53, k = n = 16
                Arguments.of(9007199254740994.0, "9007199254740994"),
                Arguments.of(1e16, "10000000000000000"), // k = 1, n = 17
                Arguments.of(9223372036854775807.0, "9223372036854776000"), // 2^63: k = 16, n = 19, beyond long
                Arguments.of(18446744073709551616.0, "18446744073709552000"), // 2^64: k = 17, n = 20
                Arguments.of(123456789012345678901.0, "123456789012345680000"), // k = 17, n = 21
                Arguments.of(1e20, "100000000000000000000"), // n = 21
                Arguments.of(1e21, "1e+21"), // n = 22
                Arguments.of(-1e21, "-1e+21"),
                Arguments.of(1.5e21, "1.5e+21"),
                Arguments.of(1e23, "1e+23"), // Java 17's Double.toString gives 9.999999999999999E22
                Arguments.of(8.41e21, "8.41e+21"), // and 8.409999999999999E21 here
                Arguments.of(2.82879384806159e17, "282879384806159000"), // and 2.82879384806159008E17
                Arguments.of(1.7976931348623157e308, "1.7976931348623157e+308"),
                Arguments.of(0.000001, "0.000001"), // n = -5
                Arguments.of(0.000123, "0.000123"), // n = -3
                Arguments.of(1e-7, "1e-7"), // n = -6
                Arguments.of(1.23e-7, "1.23e-7"),
                Arguments.of(-4.35e-6, "-0.00000435"), // n = -5
                Arguments.of(5e-324, "5e-324"), // Java: 4.9E-324
                Arguments.of(Double.NaN, "NaN"),
                Arguments.of(Double.POSITIVE_INFINITY, "Infinity"),
                Arguments.of(Double.NEGATIVE_INFINITY, "-Infinity"));
    }

    @ParameterizedTest(name = "String({0}) is {1}")
    @MethodSource("numbers")
    void asJavaScriptPrintsIt(double value, String expected) {
        assertEquals(expected, Col.jsText(value));
    }

    /** Seeded random doubles (any bits, scaled integers, decimals, powers of two) printed by Node, compared. */
    @Test
    void randomNumbersAsNodePrintsThem(@TempDir Path dir) throws Exception {
        Random random = new Random(5);
        StringBuilder bits = new StringBuilder();
        List<String> ours = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            double d = switch (i % 4) {
                case 0 -> Double.longBitsToDouble(random.nextLong());
                case 1 -> random.nextLong() * Math.pow(10, random.nextInt(40) - 20);
                case 2 -> Math.round(random.nextGaussian() * 1e6) / Math.pow(10, random.nextInt(12));
                default -> Math.scalb(1.0, random.nextInt(2100) - 1075) * (random.nextBoolean() ? 1 : 3);
            };
            values.add(d);
            ours.add(Col.jsText(d));
            bits.append(Long.toHexString(Double.doubleToRawLongBits(d))).append('\n');
        }
        Path input = Files.writeString(dir.resolve("bits.txt"), bits);
        List<String> theirs = NodeScript.answers("JsNumberTextTest", dir, """
                const fs = require('fs');
                const view = new DataView(new ArrayBuffer(8));
                const out = [];
                for (const hex of fs.readFileSync(process.argv[2], 'utf8').split('\\n')) {
                  if (!hex) continue;
                  view.setBigUint64(0, BigInt('0x' + hex));
                  out.push(String(view.getFloat64(0)));
                }
                fs.writeFileSync(process.argv[3], out.join('\\n') + '\\n');
                """, input.toString());
        assertEquals(ours.size(), theirs.size());
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < ours.size() && differences.size() < 20; i++) {
            if (!ours.get(i).equals(theirs.get(i))) {
                differences.add(values.get(i) + ": here " + ours.get(i) + ", node " + theirs.get(i));
            }
        }
        assertEquals(List.of(), differences);
    }
}
