package org.dataexplorer.query.gw;

import java.util.List;

/**
 * A Graphic Walker {@code IDataQueryPayload}, parsed and checked. Every part keeps the JSON path it came
 * from ({@code workflow[2].query[0].measures[1]}) so that an error can name it.
 *
 * @param limit 0 when absent, zero or negative: no upper bound (the spec's {@code limit > 0} rule)
 */
public record Payload(List<Step> workflow, long offset, long limit) {

    public Payload {
        workflow = List.copyOf(workflow);
    }

    public sealed interface Step permits FilterStep, TransformStep, ViewStep, SortStep {
        String path();
    }

    public record FilterStep(String path, List<Filter> filters) implements Step {
    }

    public record TransformStep(String path, List<Transform> transforms) implements Step {
    }

    public record ViewStep(String path, List<ViewQuery> queries) implements Step {
    }

    public record SortStep(String path, boolean descending, List<String> by) implements Step {
    }

    public record Filter(String path, String fid, Rule rule) {
    }

    /** An {@code IFilterRule}. */
    public sealed interface Rule permits Range, TemporalRange, OneOf, Regexp {
    }

    /** {@code range}: null bounds are open. */
    public record Range(Double min, Double max) implements Rule {
    }

    /** {@code temporal range}: epoch milliseconds, the row value parsed at {@code offset} minutes. */
    public record TemporalRange(Double min, Double max, int offset) implements Rule {
    }

    /**
     * {@code one of} ({@code negated = false}) and {@code not in}. Members are Double (numbers), String,
     * Boolean or {@link BinPair} (two-number arrays); a null member sets {@code withNull}.
     */
    public record OneOf(java.util.Set<Object> values, boolean withNull, boolean negated) implements Rule {
        public OneOf {
            values = java.util.Set.copyOf(values);
        }
    }

    public record Regexp(String pattern, boolean caseSensitive) implements Rule {
    }

    /** An {@code IFieldTransform}: the field {@code key} gets the value of {@code expression}. */
    public record Transform(String path, String key, Expression expression) {
    }

    /**
     * An {@code IExpression}.
     *
     * @param op     bin, binCount, log, log2, log10, one, dateTimeDrill, dateTimeFeature, expr, paint
     * @param params in payload order
     * @param num    the {@code num} member, or null
     */
    public record Expression(String path, String op, List<Param> params, String as, Double num) {
    }

    /** An {@code IExpParameter}: {@code value} is a String, Double, Boolean, null, a List or an Expression. */
    public record Param(String type, Object value) {
    }

    public sealed interface ViewQuery permits Aggregate, Raw {
        String path();
    }

    public record Aggregate(String path, List<String> groupBy, List<Measure> measures) implements ViewQuery {
    }

    /**
     * @param field    the measured field; for {@code agg: expr} the SQL expression itself
     * @param key      the output key: {@code asFieldKey}, else {@code <field>_<agg>} (the field for expr)
     * @param offset   with {@code format}: temporal values are measured as epoch ms parsed at this offset
     */
    public record Measure(String path, String field, String agg, String key, boolean temporal, int offset) {
    }

    public record Raw(String path, List<String> fields) implements ViewQuery {
    }
}
