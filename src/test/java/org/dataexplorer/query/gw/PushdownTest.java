package org.dataexplorer.query.gw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Set;

import org.dataexplorer.query.filter.FilterSpec;
import org.dataexplorer.store.ColumnSchema;
import org.dataexplorer.store.ColumnType;
import org.junit.jupiter.api.Test;

/** Which filters become the engine's row filters, and how (the rest stay Graphic Walker predicates). */
class PushdownTest {

    private static final ColumnSchema INTS = new ColumnSchema(0, "n", ColumnType.INTEGER, true, null);
    private static final ColumnSchema FLOATS = new ColumnSchema(1, "x", ColumnType.FLOAT, true, null);
    private static final ColumnSchema TEXT = new ColumnSchema(2, "s", ColumnType.STRING, true, null);
    private static final ColumnSchema DAYS = new ColumnSchema(3, "d", ColumnType.DATE, true, null);

    private static String specs(List<FilterSpec> specs) {
        return specs == null ? null : String.join(" & ", specs.stream().map(FilterSpec::normalized).toList());
    }

    @Test
    void rangesOnNumbersBecomeInclusiveBoundsRoundedInwardsForIntegers() {
        assertEquals("1:n__gte|1:3 & 1:n__lte|1:5", specs(Pushdown.translate(INTS, new Payload.Range(2.5, 5.5), "p")));
        assertEquals("1:n__gte|2:-2", specs(Pushdown.translate(INTS, new Payload.Range(-2.5, null), "p")));
        assertEquals("1:x__lte|3:1.5", specs(Pushdown.translate(FLOATS, new Payload.Range(null, 1.5), "p")));
        assertEquals("1:n__notnull|1:1", specs(Pushdown.translate(INTS, new Payload.Range(null, null), "p")));
        assertNull(Pushdown.translate(INTS, new Payload.Range(1e19, null), "p"));
        assertNull(Pushdown.translate(TEXT, new Payload.Range(1.0, 2.0), "p"), "range on text compares Number(text)");
        assertNull(Pushdown.translate(DAYS, new Payload.TemporalRange(0.0, 1.0, 0), "p"));
    }

    @Test
    void oneOfWithoutNullBecomesInOfTheMembersOfTheColumnsType() {
        assertEquals("1:s__in|1:a", specs(Pushdown.translate(TEXT, new Payload.OneOf(Set.of("a", 5.0), false, false),
                "p")));
        assertEquals("1:n__in|1:5", specs(Pushdown.translate(INTS, new Payload.OneOf(Set.of(5.0, 5.5, "5"), false, false),
                "p")));
        assertNull(Pushdown.translate(TEXT, new Payload.OneOf(Set.of("a"), true, false), "p"), "a null member");
        assertNull(Pushdown.translate(TEXT, new Payload.OneOf(Set.of("a"), false, true), "p"), "not in keeps nulls");
        assertNull(Pushdown.translate(TEXT, new Payload.OneOf(Set.of(5.0), false, false), "p"), "nothing can match");
        assertNull(Pushdown.translate(FLOATS, new Payload.OneOf(Set.of(1.0), false, false), "p"));
        assertNull(Pushdown.translate(TEXT, new Payload.Regexp("a", false), "p"));
    }
}
