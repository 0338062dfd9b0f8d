package org.dataexplorer.ingest.sniff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnNamesTest {

    @Test
    void duplicatesAndEmptyNames() {
        assertEquals(List.of("a", "a_2", "column_3"), ColumnNames.uniquify(List.of("a", "a", "")));
    }

    @Test
    void trimsNames() {
        assertEquals(List.of("id", "name", "column_3"), ColumnNames.uniquify(List.of(" id ", "name\t", "   ")));
    }

    @Test
    void manyDuplicatesAreNumberedInOrder() {
        assertEquals(List.of("x", "x_2", "x_3", "x_4"), ColumnNames.uniquify(List.of("x", "x", "x", "x")));
    }

    @Test
    void generatedNamesDoNotTakeExplicitNames() {
        assertEquals(List.of("a", "a_3", "a_2"), ColumnNames.uniquify(List.of("a", "a", "a_2")));
        assertEquals(List.of("column_1", "column_2"), ColumnNames.uniquify(List.of("", "column_2")));
    }

    @Test
    void emptyNameCollidingWithExplicitName() {
        assertEquals(List.of("column_2", "column_2_2"), ColumnNames.uniquify(List.of("column_2", "")));
        assertEquals(List.of("column_1_2", "column_1"), ColumnNames.uniquify(List.of("", "column_1")));
    }

    @Test
    void nullCountsAsEmpty() {
        assertEquals(List.of("column_1", "b"), ColumnNames.uniquify(Arrays.asList(null, "b")));
    }

    @Test
    void resultIsAlwaysUnique() {
        List<String> raw = List.of("a", "", "a_2", "a", "column_2", "", "a");
        List<String> names = ColumnNames.uniquify(raw);
        assertEquals(raw.size(), names.stream().distinct().count(), names.toString());
    }
}
