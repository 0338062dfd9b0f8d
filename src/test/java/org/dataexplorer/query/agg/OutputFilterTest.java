package org.dataexplorer.query.agg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.dataexplorer.query.QueryException;
import org.dataexplorer.query.filter.FilterSpec;
import org.dataexplorer.query.filter.Op;
import org.dataexplorer.query.filter.RegexGuard;
import org.junit.jupiter.api.Test;

/** {@code having} regular expressions get the same bounds as row filters. */
class OutputFilterTest {

    private static final List<String> NAMES = List.of("city", "n");

    private static List<Object[]> rows(String... cities) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < cities.length; i++) {
            rows.add(new Object[] {cities[i], (long) i});
        }
        return rows;
    }

    private static FilterSpec regex(String pattern) {
        return new FilterSpec("city", Op.REGEX, List.of(pattern), "having[0]");
    }

    @Test
    void regexKeepsMatchingGroups() {
        List<Object[]> kept = OutputFilter.apply(rows("Oslo", "Bergen", "Osaka"), NAMES, List.of(regex("^Os")));
        assertEquals(List.of("Oslo", "Osaka"), kept.stream().map(r -> r[0]).toList());
    }

    @Test
    void catastrophicRegexIsStoppedNamingTheParameter() {
        // (.*a){12}$ on 40 a's and a b would take days without the step budget
        List<Object[]> rows = rows("a".repeat(40) + "b");
        QueryException e = assertThrows(QueryException.class,
                () -> OutputFilter.apply(rows, NAMES, List.of(regex("(.*a){12}$"))));
        assertEquals("having[0]", e.parameter());
        assertTrue(e.getMessage().contains("backtracks"), e.getMessage());
    }

    @Test
    void overlongRegexIsRefusedBeforeAnyRow() {
        String pattern = "a".repeat(RegexGuard.MAX_PATTERN_LENGTH + 1);
        QueryException e = assertThrows(QueryException.class,
                () -> OutputFilter.apply(List.of(), NAMES, List.of(regex(pattern))));
        assertEquals("having[0]", e.parameter());
        assertTrue(e.getMessage().contains("at most " + RegexGuard.MAX_PATTERN_LENGTH), e.getMessage());
    }

    @Test
    void invalidRegexIsRefusedEvenWithoutRows() {
        QueryException e = assertThrows(QueryException.class,
                () -> OutputFilter.apply(List.of(), NAMES, List.of(regex("(unclosed"))));
        assertEquals("having[0]", e.parameter());
        assertTrue(e.getMessage().contains("not a valid regular expression"), e.getMessage());
    }
}
