package org.dataexplorer.query.gw;

import java.util.ArrayList;
import java.util.List;

import org.dataexplorer.query.filter.FilterSpec;
import org.dataexplorer.query.filter.Op;
import org.dataexplorer.store.ColumnSchema;
import org.dataexplorer.store.ColumnType;

/**
 * Filters on dataset columns that the query engine's row filter evaluates with exactly Graphic Walker's
 * meaning, translated to its {@link FilterSpec}s: they then select rows through
 * {@code QueryEngine#select} (chunks skipped by their min/max, the row set cached beside
 * {@code POST .../query}'s). Only {@code range} on numbers and {@code one of} without null on strings,
 * integers and booleans qualify; everything else runs as a {@link Predicate}.
 */
final class Pushdown {

    private static final double LONG_RANGE = 9.0e18;

    private Pushdown() {
    }

    /** The equivalent specs, or null when there are none. */
    static List<FilterSpec> translate(ColumnSchema column, Payload.Rule rule, String path) {
        ColumnType type = column.type();
        String name = column.name();
        if (rule instanceof Payload.Range range) {
            if (type != ColumnType.INTEGER && type != ColumnType.FLOAT) {
                return null;
            }
            List<FilterSpec> specs = new ArrayList<>(2);
            if (range.min() == null && range.max() == null) {
                specs.add(new FilterSpec(name, Op.NOTNULL, List.of("1"), path));
                return specs;
            }
            if (range.min() != null) {
                String v = bound(type, range.min(), true);
                if (v == null) {
                    return null;
                }
                specs.add(new FilterSpec(name, Op.GTE, List.of(v), path));
            }
            if (range.max() != null) {
                String v = bound(type, range.max(), false);
                if (v == null) {
                    return null;
                }
                specs.add(new FilterSpec(name, Op.LTE, List.of(v), path));
            }
            return specs;
        }
        if (rule instanceof Payload.OneOf set && !set.negated() && !set.withNull() && !set.values().isEmpty()) {
            List<String> values = new ArrayList<>();
            for (Object v : set.values()) {
                switch (type) {
                    case STRING -> {
                        if (v instanceof String s) {
                            values.add(s);
                        }
                    }
                    case INTEGER -> {
                        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < LONG_RANGE) {
                            values.add(Long.toString(d.longValue()));
                        }
                    }
                    case BOOLEAN -> {
                        if (v instanceof Boolean b) {
                            values.add(b.toString());
                        }
                    }
                    default -> {
                        return null;
                    }
                }
            }
            // A set none of whose members can match is left to the predicate (which rejects every row).
            return values.isEmpty() ? null : List.of(new FilterSpec(name, Op.IN, values, path));
        }
        return null;
    }

    /** The bound as the engine parses it: integers rounded inwards; null when out of range. */
    private static String bound(ColumnType type, double v, boolean lower) {
        if (!Double.isFinite(v) || Math.abs(v) >= LONG_RANGE && type == ColumnType.INTEGER) {
            return null;
        }
        if (type == ColumnType.INTEGER) {
            return Long.toString((long) (lower ? Math.ceil(v) : Math.floor(v)));
        }
        return Double.toString(v); // parses back to exactly v
    }
}
