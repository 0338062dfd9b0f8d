package org.dataexplorer.query.gw;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.dataexplorer.query.QueryException;
import org.dataexplorer.query.gw.Payload.Aggregate;
import org.dataexplorer.query.gw.Payload.Expression;
import org.dataexplorer.query.gw.Payload.Filter;
import org.dataexplorer.query.gw.Payload.FilterStep;
import org.dataexplorer.query.gw.Payload.Measure;
import org.dataexplorer.query.gw.Payload.OneOf;
import org.dataexplorer.query.gw.Payload.Param;
import org.dataexplorer.query.gw.Payload.Range;
import org.dataexplorer.query.gw.Payload.Raw;
import org.dataexplorer.query.gw.Payload.Regexp;
import org.dataexplorer.query.gw.Payload.Rule;
import org.dataexplorer.query.gw.Payload.SortStep;
import org.dataexplorer.query.gw.Payload.Step;
import org.dataexplorer.query.gw.Payload.TemporalRange;
import org.dataexplorer.query.gw.Payload.Transform;
import org.dataexplorer.query.gw.Payload.TransformStep;
import org.dataexplorer.query.gw.Payload.ViewQuery;
import org.dataexplorer.query.gw.Payload.ViewStep;

/**
 * Reads {@code IDataQueryPayload} JSON. Every mistake is a {@link QueryException} whose parameter is the
 * JSON path of the culprit ({@code workflow[1].filters[0].rule.value}). Members the protocol does not
 * define are ignored; unknown step types, rules, ops and aggregators are errors. {@code paint},
 * {@code fold} and view-level {@code bin} are refused as unsupported.
 */
public final class PayloadParser {

    static final Set<String> AGGREGATORS = Set.of("sum", "count", "max", "min", "mean", "median", "variance",
            "stdev", "distinctCount", "expr");
    static final Set<String> TRANSFORMS = Set.of("bin", "binCount", "log", "log2", "log10", "one", "dateTimeDrill",
            "dateTimeFeature", "expr");
    /** Nesting limit of expressions, so a hostile payload cannot exhaust the stack. */
    private static final int MAX_DEPTH = 32;

    private PayloadParser() {
    }

    public static Payload parse(String body) {
        try {
            return payload(read(body), "");
        } catch (NumberFormatException | ArithmeticException e) {
            throw new QueryException("body", "The body holds a number out of range: " + e.getMessage());
        }
    }

    /** {@code {queryList: [payload...]}}. */
    public static List<Payload> parseBatch(String body) {
        try {
            return batch(read(body));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new QueryException("body", "The body holds a number out of range: " + e.getMessage());
        }
    }

    private static List<Payload> batch(JsonObject o) {
        JsonArray list = array(o.get("queryList"), "queryList");
        List<Payload> payloads = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            String path = "queryList[" + i + "]";
            payloads.add(payload(object(list.get(i), path), path + "."));
        }
        return payloads;
    }

    private static JsonObject read(String body) {
        if (body == null || body.isBlank()) {
            throw new QueryException("body", "The body is empty; a JSON object is expected");
        }
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
        } catch (JsonException | IllegalStateException | NumberFormatException | ArithmeticException e) {
            throw new QueryException("body", "The body is not a JSON object: " + e.getMessage());
        }
    }

    static Payload payload(JsonObject o, String prefix) {
        JsonArray steps = array(o.get("workflow"), prefix + "workflow");
        List<Step> workflow = new ArrayList<>(steps.size());
        for (int i = 0; i < steps.size(); i++) {
            workflow.add(step(steps.get(i), prefix + "workflow[" + i + "]"));
        }
        long offset = wholeNumber(o.get("offset"), prefix + "offset", 0);
        if (offset < 0) {
            throw new QueryException(prefix + "offset", "offset must not be negative, not " + offset);
        }
        long limit = wholeNumber(o.get("limit"), prefix + "limit", 0);
        return new Payload(workflow, offset, Math.max(0, limit));
    }

    private static Step step(JsonValue v, String path) {
        JsonObject o = object(v, path);
        String type = string(o.get("type"), path + ".type");
        return switch (type) {
            case "filter" -> {
                JsonArray items = array(o.get("filters"), path + ".filters");
                List<Filter> filters = new ArrayList<>();
                for (int i = 0; i < items.size(); i++) {
                    filters.add(filter(items.get(i), path + ".filters[" + i + "]"));
                }
                yield new FilterStep(path, filters);
            }
            case "transform" -> {
                JsonArray items = array(o.get("transform"), path + ".transform");
                List<Transform> transforms = new ArrayList<>();
                for (int i = 0; i < items.size(); i++) {
                    String p = path + ".transform[" + i + "]";
                    JsonObject t = object(items.get(i), p);
                    Expression e = expression(t.get("expression"), p + ".expression", 0);
                    String key = t.containsKey("key") && !t.isNull("key") ? string(t.get("key"), p + ".key") : e.as();
                    transforms.add(new Transform(p, key, e));
                }
                yield new TransformStep(path, transforms);
            }
            case "view" -> {
                JsonArray items = array(o.get("query"), path + ".query");
                List<ViewQuery> queries = new ArrayList<>();
                for (int i = 0; i < items.size(); i++) {
                    queries.add(viewQuery(items.get(i), path + ".query[" + i + "]"));
                }
                yield new ViewStep(path, queries);
            }
            case "sort" -> {
                String order = string(o.get("sort"), path + ".sort");
                if (!order.equals("ascending") && !order.equals("descending")) {
                    throw new QueryException(path + ".sort", "sort must be 'ascending' or 'descending', not '"
                            + order + "'");
                }
                yield new SortStep(path, order.equals("descending"), strings(o.get("by"), path + ".by"));
            }
            default -> throw new QueryException(path + ".type", "Unknown workflow step type '" + type
                    + "' (filter, transform, view or sort)");
        };
    }

    private static Filter filter(JsonValue v, String path) {
        JsonObject o = object(v, path);
        String fid = string(o.get("fid"), path + ".fid");
        String rp = path + ".rule";
        JsonObject r = object(o.get("rule"), rp);
        String type = string(r.get("type"), rp + ".type");
        Rule rule = switch (type) {
            case "range" -> {
                JsonArray bounds = pair(r.get("value"), rp + ".value");
                yield new Range(bound(bounds.get(0), rp + ".value[0]"), bound(bounds.get(1), rp + ".value[1]"));
            }
            case "temporal range" -> {
                JsonArray bounds = pair(r.get("value"), rp + ".value");
                yield new TemporalRange(bound(bounds.get(0), rp + ".value[0]"), bound(bounds.get(1), rp + ".value[1]"),
                        offset(r.get("offset"), rp + ".offset"));
            }
            case "one of", "not in" -> {
                JsonArray items = array(r.get("value"), rp + ".value");
                Set<Object> values = new HashSet<>();
                boolean withNull = false;
                for (JsonValue item : items) {
                    Object value = literal(item);
                    if (value == null) {
                        withNull = true;
                    } else {
                        values.add(value);
                    }
                }
                yield new OneOf(values, withNull, type.equals("not in"));
            }
            case "regexp" -> {
                JsonValue cs = r.get("caseSensitive");
                boolean caseSensitive = cs != null && cs.getValueType() == JsonValue.ValueType.TRUE;
                yield new Regexp(string(r.get("value"), rp + ".value"), caseSensitive);
            }
            default -> throw new QueryException(rp + ".type", "Unknown filter rule '" + type
                    + "' (range, temporal range, one of, not in, regexp)");
        };
        return new Filter(path, fid, rule);
    }

    /** A member of a one-of set: Double, String, Boolean, BinPair, or null; other shapes never match a row. */
    private static Object literal(JsonValue v) {
        return switch (v.getValueType()) {
            case NULL -> null;
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case NUMBER -> ((JsonNumber) v).doubleValue();
            case STRING -> ((JsonString) v).getString();
            case ARRAY -> {
                JsonArray a = v.asJsonArray();
                if (a.size() == 2 && a.get(0).getValueType() == JsonValue.ValueType.NUMBER
                        && a.get(1).getValueType() == JsonValue.ValueType.NUMBER) {
                    yield new BinPair(((JsonNumber) a.get(0)).doubleValue(), ((JsonNumber) a.get(1)).doubleValue());
                }
                yield new Unmatchable(v.toString());
            }
            case OBJECT -> new Unmatchable(v.toString());
        };
    }

    /** A set member no row value can equal (objects, odd arrays). */
    record Unmatchable(String json) {
    }

    static Expression expression(JsonValue v, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw new QueryException(path, "Expressions nest deeper than " + MAX_DEPTH + " levels");
        }
        JsonObject o = object(v, path);
        String op = string(o.get("op"), path + ".op");
        if (op.equals("paint")) {
            throw new QueryException(path + ".op", "The 'paint' transform is not supported by this service");
        }
        if (!TRANSFORMS.contains(op)) {
            throw new QueryException(path + ".op", "Unknown expression op '" + op + "' (" + String.join(", ",
                    new java.util.TreeSet<>(TRANSFORMS)) + ")");
        }
        String as = string(o.get("as"), path + ".as");
        Double num = null;
        JsonValue n = o.get("num");
        if (n != null && n.getValueType() != JsonValue.ValueType.NULL) {
            if (n.getValueType() != JsonValue.ValueType.NUMBER) {
                throw new QueryException(path + ".num", "num must be a number");
            }
            num = ((JsonNumber) n).doubleValue();
        }
        JsonArray items = o.containsKey("params") && !o.isNull("params") ? array(o.get("params"), path + ".params")
                : JsonValue.EMPTY_JSON_ARRAY;
        List<Param> params = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String p = path + ".params[" + i + "]";
            JsonObject param = object(items.get(i), p);
            String type = string(param.get("type"), p + ".type");
            JsonValue value = param.get("value");
            Object parsed = switch (type) {
                case "field", "sql", "format" -> string(value, p + ".value");
                case "offset", "displayOffset" -> (double) offset(value, p + ".value");
                case "expression" -> expression(value, p + ".value", depth + 1);
                case "value", "constant" -> plain(value);
                case "map", "newmap" -> throw new QueryException(p + ".type", "Paint maps are not supported");
                default -> throw new QueryException(p + ".type", "Unknown expression parameter type '" + type + "'");
            };
            params.add(new Param(type, parsed));
        }
        return new Expression(path, op, params, as, num);
    }

    private static Object plain(JsonValue v) {
        if (v == null) {
            return null;
        }
        return switch (v.getValueType()) {
            case NULL -> null;
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case NUMBER -> ((JsonNumber) v).doubleValue();
            case STRING -> ((JsonString) v).getString();
            default -> v.toString();
        };
    }

    private static ViewQuery viewQuery(JsonValue v, String path) {
        JsonObject o = object(v, path);
        String op = string(o.get("op"), path + ".op");
        return switch (op) {
            case "raw" -> new Raw(path, strings(o.get("fields"), path + ".fields"));
            case "aggregate" -> {
                List<String> groupBy = strings(o.get("groupBy"), path + ".groupBy");
                JsonArray items = array(o.get("measures"), path + ".measures");
                List<Measure> measures = new ArrayList<>();
                for (int i = 0; i < items.size(); i++) {
                    measures.add(measure(items.get(i), path + ".measures[" + i + "]"));
                }
                yield new Aggregate(path, groupBy, measures);
            }
            case "fold", "bin" -> throw new QueryException(path + ".op", "The view query '" + op
                    + "' is not supported by this service (Graphic Walker's toWorkflow does not emit it; "
                    + "use the transform-level bin)");
            default -> throw new QueryException(path + ".op", "Unknown view query op '" + op + "' (raw, aggregate)");
        };
    }

    private static Measure measure(JsonValue v, String path) {
        JsonObject o = object(v, path);
        String field = string(o.get("field"), path + ".field");
        String agg = string(o.get("agg"), path + ".agg");
        if (!AGGREGATORS.contains(agg)) {
            throw new QueryException(path + ".agg", "Unknown aggregator '" + agg + "' (" + String.join(", ",
                    new java.util.TreeSet<>(AGGREGATORS)) + ")");
        }
        String key;
        if (o.containsKey("asFieldKey") && !o.isNull("asFieldKey") && !string(o.get("asFieldKey"),
                path + ".asFieldKey").isEmpty()) {
            key = o.getString("asFieldKey");
        } else {
            key = agg.equals("expr") ? field : field + "_" + agg;
        }
        boolean temporal = o.containsKey("format") && !o.isNull("format");
        return new Measure(path, field, agg, key, temporal, offset(o.get("offset"), path + ".offset"));
    }

    // ---- JSON helpers, each naming the path on failure ----

    static JsonObject object(JsonValue v, String path) {
        if (v == null || v.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new QueryException(path, path + " must be an object" + found(v));
        }
        return v.asJsonObject();
    }

    static JsonArray array(JsonValue v, String path) {
        if (v == null || v.getValueType() != JsonValue.ValueType.ARRAY) {
            throw new QueryException(path, path + " must be an array" + found(v));
        }
        return v.asJsonArray();
    }

    static String string(JsonValue v, String path) {
        if (v == null || v.getValueType() != JsonValue.ValueType.STRING) {
            throw new QueryException(path, path + " must be a string" + found(v));
        }
        return ((JsonString) v).getString();
    }

    private static List<String> strings(JsonValue v, String path) {
        JsonArray items = array(v, path);
        List<String> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            out.add(string(items.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    private static JsonArray pair(JsonValue v, String path) {
        JsonArray a = array(v, path);
        if (a.size() != 2) {
            throw new QueryException(path, path + " must be [min, max], not " + a.size() + " values");
        }
        return a;
    }

    private static Double bound(JsonValue v, String path) {
        if (v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (v.getValueType() != JsonValue.ValueType.NUMBER) {
            throw new QueryException(path, path + " must be a number or null" + found(v));
        }
        return ((JsonNumber) v).doubleValue();
    }

    private static int offset(JsonValue v, String path) {
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return 0;
        }
        if (v.getValueType() != JsonValue.ValueType.NUMBER || !((JsonNumber) v).isIntegral()
                || Math.abs(((JsonNumber) v).longValue()) > 24 * 60) {
            throw new QueryException(path, path + " must be a whole number of minutes within ±1440" + found(v));
        }
        return ((JsonNumber) v).intValue();
    }

    private static long wholeNumber(JsonValue v, String path, long fallback) {
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return fallback;
        }
        if (v.getValueType() != JsonValue.ValueType.NUMBER || !((JsonNumber) v).isIntegral()) {
            throw new QueryException(path, path + " must be a whole number" + found(v));
        }
        try {
            return ((JsonNumber) v).longValueExact();
        } catch (ArithmeticException e) {
            throw new QueryException(path, path + " is out of range");
        }
    }

    private static String found(JsonValue v) {
        if (v == null) {
            return " (it is missing)";
        }
        String text = v.toString();
        return " (found " + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + ")";
    }
}
