package org.dataexplorer.query;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;

import org.dataexplorer.query.filter.RegexGuard;
import org.junit.jupiter.api.Test;

/** A catastrophically backtracking pattern ends with a 400-type QueryException, not a hung thread. */
class RegexGuardStepsTest {

    @Test
    void catastrophicPatternIsStopped() {
        // Java 9+ memoizes (a+)+$, but not this one: 26 a's and a b take seconds, 40 take days.
        Pattern evil = RegexGuard.compile("(.*a){12}$", 0, "name__regex");
        String value = "a".repeat(40) + "b";
        QueryException e = assertThrows(QueryException.class, () -> RegexGuard.findWithinSteps(evil, value, "name__regex"));
        assertTrue(e.getMessage().contains("backtracks"), e.getMessage());
        assertTrue("name__regex".equals(e.parameter()));
    }

    @Test
    void patternsJavaAlreadyTamesStillAnswer() {
        Pattern nested = RegexGuard.compile("(a+)+$", 0, "p");
        assertFalse(RegexGuard.findWithinSteps(nested, "a".repeat(40) + "b", "p"));
    }

    @Test
    void ordinaryPatternsMatch() {
        Pattern p = RegexGuard.compile("^[a-z]+@example\\.(com|org)$", 0, "p");
        assertTrue(RegexGuard.findWithinSteps(p, "someone@example.org", "p"));
        assertFalse(RegexGuard.findWithinSteps(p, "someone@example.net", "p"));
        Pattern words = RegexGuard.compile("b", 0, "p");
        assertTrue(RegexGuard.findWithinSteps(words, "a".repeat(100_000) + "b", "p"), "long values are fine");
    }

    @Test
    void longPatternsAreRefused() {
        assertThrows(QueryException.class, () -> RegexGuard.compile("a".repeat(1001), 0, "p"));
    }
}
