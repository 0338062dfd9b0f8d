package org.dataexplorer.api.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class JsonBodyLimitsTest {

    private final JsonBodyLimits limits = new JsonBodyLimits(1 << 20, 8);

    private int depth(String json) {
        return limits.depth(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void countsNestingOutsideStrings() {
        assertEquals(0, depth("42"));
        assertEquals(1, depth("{\"a\": 1, \"b\": \"[[[[{{{{\"}"));
        assertEquals(3, depth("{\"filters\": [{\"column\": \"x\"}], \"s\": \"\\\"[\"}"));
        assertEquals(2, depth("[[1], [2], [3]]"));
        assertEquals(9, depth("[".repeat(100_000)), "stops counting past the limit");
    }
}
