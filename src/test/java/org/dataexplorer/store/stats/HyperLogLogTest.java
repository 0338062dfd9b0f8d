package org.dataexplorer.store.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.dataexplorer.store.Hash64;
import org.junit.jupiter.api.Test;

class HyperLogLogTest {

    @Test
    void estimatesWithinTwoPercentFromOneValueToTenMillion() {
        HyperLogLog sequential = new HyperLogLog();
        HyperLogLog doubles = new HyperLogLog();
        long n = 0;
        for (long target : new long[] {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000}) {
            for (; n < target; n++) {
                sequential.addLong(n);
                sequential.addLong(n); // a repeat changes nothing
                doubles.addLong(Double.doubleToLongBits(n * 0.01));
            }
            assertClose(target, sequential.estimate(), "sequential integers");
            assertClose(target, doubles.estimate(), "2-decimal doubles");
        }
    }

    @Test
    void countsTextByItsBytesWhateverItsLength() {
        HyperLogLog text = new HyperLogLog();
        for (int i = 0; i < 200_000; i++) {
            byte[] utf8 = ("value " + i + " ".repeat(i % 20)).getBytes(StandardCharsets.UTF_8);
            text.addBytes(utf8, 0, utf8.length);
        }
        assertClose(200_000, text.estimate(), "text");
        byte[] framed = "xxabcxx".getBytes(StandardCharsets.UTF_8);
        byte[] plain = "abc".getBytes(StandardCharsets.UTF_8);
        assertEquals(Hash64.ofBytes(plain, 0, 3), Hash64.ofBytes(framed, 2, 3), "only the value's bytes count");
        byte[] inLongText = "xxabc and whatever follows it".getBytes(StandardCharsets.UTF_8);
        byte[] otherText = "yyyabc but something else".getBytes(StandardCharsets.UTF_8);
        assertEquals(Hash64.ofBytes(plain, 0, 3), Hash64.ofBytes(inLongText, 2, 3), "read as a whole word, then masked");
        assertEquals(Hash64.ofBytes(inLongText, 2, 3), Hash64.ofBytes(otherText, 3, 3));
        assertEquals(Hash64.ofBytes(inLongText, 2, 11), Hash64.ofBytes("abc and wha".getBytes(StandardCharsets.UTF_8), 0, 11));
        assertTrue(Hash64.ofBytes(plain, 0, 2) != Hash64.ofBytes(plain, 0, 3));
    }

    @Test
    void anEmptySketchEstimatesZero() {
        assertEquals(0, new HyperLogLog().estimate());
    }

    private static void assertClose(long expected, long estimate, String what) {
        // 0.8% standard error: 2% is 2.5 sigma; small counts are near exact.
        double tolerance = Math.max(1, expected * 0.02);
        assertTrue(Math.abs(estimate - expected) <= tolerance, what + ": estimate " + estimate + " of " + expected);
    }
}
