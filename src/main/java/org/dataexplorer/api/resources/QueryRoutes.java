package org.dataexplorer.api.resources;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
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
import jakarta.ws.rs.core.UriInfo;

import org.dataexplorer.api.DataService;
import org.dataexplorer.api.json.Views.PageView;
import org.dataexplorer.query.QueryException;
import org.dataexplorer.query.RowPage;
import org.dataexplorer.query.RowQuery;
import org.dataexplorer.query.RowResult;
import org.dataexplorer.query.agg.AggregateSpec;
import org.dataexplorer.query.agg.Aggregator;
import org.dataexplorer.query.agg.GroupKey;
import org.dataexplorer.query.agg.GroupQuery;
import org.dataexplorer.query.agg.GroupResult;
import org.dataexplorer.query.filter.FilterSpec;
import org.dataexplorer.query.filter.Op;
import org.dataexplorer.query.sort.SortKey;
import org.dataexplorer.store.DatasetManifest;

/**
 * {@code POST .../query} (rows or group-by from a JSON body) and {@code GET .../facets/{column}}.
 *
 * <p>Body: {@code {filters:[{column, op, value | values}], columns:[...], sort:["a","-b" | {column, desc}],
 * nulls:"first"|"last", groupBy:["c" | {column, bucket}], aggregates:[{column, fn, as}],
 * having:[{column, op, value}], offset, limit, cursor, shape}}. With {@code groupBy} or
 * {@code aggregates} the answer is groups, otherwise a page of rows like {@code GET .../rows}.
 */
public final class QueryRoutes {

    private static final Set<String> MEMBERS = Set.of("filters", "columns", "sort", "nulls", "groupBy",
            "aggregates", "having", "offset", "limit", "cursor", "shape");

    /** The groups of a group-by: {@code count} rows kept by the filters, {@code groups} after having. */
    public record GroupView(long count, long groups, long offset, int limit, List<String> columns, List<?> rows) {
    }

    public record FacetValue(Object value, long count) {
    }

    public record FacetsView(String column, long count, long distinct, List<FacetValue> values) {
    }

    private final DataService service;

    public QueryRoutes(DataService service) {
        this.service = service;
    }

    public Object query(String id, String body) throws IOException {
        DatasetManifest m = DatasetLookup.readable(service.catalog(), id);
        JsonObject q = parse(body);
        for (String key : q.keySet()) {
            if (!MEMBERS.contains(key)) {
                throw new QueryException(key, "Unknown query member '" + key + "' (allowed: " + MEMBERS + ")");
            }
        }
        int maxPage = service.config().maxPageSize();
        List<FilterSpec> filters = filters(q, "filters");
        List<SortKey> sort = sort(q);
        boolean nullsFirst = FilterParams.nullsFirst(string(q, "nulls"));
        long offset = number(q, "offset", 0, 0, Long.MAX_VALUE);
        int limit = (int) number(q, "limit", service.config().defaultPageSize(), 1, maxPage);
        boolean objects = ReadRoutes.parseShape(string(q, "shape"));
        if (q.containsKey("groupBy") || q.containsKey("aggregates")) {
            GroupQuery group = new GroupQuery(filters, groupBy(q), aggregates(q), filters(q, "having"), sort,
                    nullsFirst, offset, limit);
            GroupResult r = service.aggregator().group(m, group);
            return new GroupView(r.rowCount(), r.groups(), offset, limit, r.columns(),
                    objects ? ReadRoutes.asObjects(new RowPage(r.columns(), r.rows())) : r.rows());
        }
        List<String> columns = new ArrayList<>();
        for (JsonValue v : array(q, "columns")) {
            columns.add(text(v, "columns"));
        }
        String cursor = q.containsKey("cursor") && !q.isNull("cursor") ? string(q, "cursor") : null;
        RowResult r = service.query().rows(m, new RowQuery(filters, sort, nullsFirst, columns, offset, limit, cursor));
        long totalPages = Math.max(1, (r.count() + limit - 1) / limit);
        RowPage page = new RowPage(r.columns(), r.rows());
        return new PageView(r.count(), r.position() < 0 ? 0 : r.position() / limit + 1, limit, totalPages,
                r.nextCursor(), r.previousCursor(),
                r.columns(), objects ? ReadRoutes.asObjects(page) : r.rows());
    }

    public FacetsView facets(String id, String column, UriInfo uri, String limit) throws IOException {
        DatasetManifest m = DatasetLookup.readable(service.catalog(), id);
        int n = (int) ReadRoutes.number("limit", limit, 10, 1, service.config().maxPageSize());
        List<FilterSpec> filters = FilterParams.filters(uri.getQueryParameters(), Set.of());
        Aggregator.Facets f = service.aggregator().facets(m, column, filters, n);
        List<FacetValue> values = f.values().stream().map(v -> new FacetValue(v[0], (Long) v[1])).toList();
        return new FacetsView(column, f.rowCount(), f.distinct(), values);
    }

    static JsonObject parse(String body) {
        if (body == null || body.isBlank()) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new QueryException("body", "The body is not a JSON object: " + e.getMessage());
        }
    }

    static List<FilterSpec> filters(JsonObject q, String member) {
        List<FilterSpec> specs = new ArrayList<>();
        JsonArray items = array(q, member);
        for (int i = 0; i < items.size(); i++) {
            String parameter = member + "[" + i + "]";
            JsonObject f = object(items.get(i), parameter);
            String column = requiredString(f, "column", parameter);
            String opName = f.containsKey("op") ? requiredString(f, "op", parameter) : "exact";
            Op op = Op.parse(opName.startsWith("__") ? opName.substring(2) : opName);
            if (op == null) {
                throw new QueryException(parameter, "Unknown filter operator '" + opName + "'");
            }
            List<String> values = new ArrayList<>();
            if (f.containsKey("values")) {
                for (JsonValue v : array(f, "values")) {
                    values.add(FilterParams.text(v, parameter));
                }
            } else if (f.containsKey("value") && !f.isNull("value")) {
                JsonValue v = f.get("value");
                if (v.getValueType() == JsonValue.ValueType.ARRAY) {
                    for (JsonValue item : v.asJsonArray()) {
                        values.add(FilterParams.text(item, parameter));
                    }
                } else {
                    values.addAll(FilterParams.operands(op, FilterParams.text(v, parameter), parameter));
                }
            }
            specs.add(new FilterSpec(column, op, values, parameter));
        }
        return specs;
    }

    static List<SortKey> sort(JsonObject q) {
        List<SortKey> keys = new ArrayList<>();
        if (q.containsKey("sort") && q.get("sort").getValueType() == JsonValue.ValueType.STRING) {
            return FilterParams.sort(q.getString("sort"));
        }
        for (JsonValue v : array(q, "sort")) {
            if (v.getValueType() == JsonValue.ValueType.STRING) {
                keys.addAll(FilterParams.sort(((JsonString) v).getString()));
            } else {
                JsonObject o = object(v, "sort");
                boolean desc = o.getBoolean("desc", false) || "desc".equalsIgnoreCase(o.getString("order", "asc"));
                keys.add(new SortKey(requiredString(o, "column", "sort"), desc));
            }
        }
        return keys;
    }

    private static List<GroupKey> groupBy(JsonObject q) {
        List<GroupKey> keys = new ArrayList<>();
        for (JsonValue v : array(q, "groupBy")) {
            if (v.getValueType() == JsonValue.ValueType.STRING) {
                keys.add(new GroupKey(((JsonString) v).getString(), null));
            } else {
                JsonObject o = object(v, "groupBy");
                String bucketName = o.containsKey("bucket") && !o.isNull("bucket") ? o.getString("bucket", null) : null;
                GroupKey.Bucket bucket = GroupKey.Bucket.parse(bucketName);
                if (bucketName != null && bucket == null) {
                    throw new QueryException("groupBy", "bucket must be year, quarter, month, week, day or hour, not '"
                            + bucketName + "'");
                }
                keys.add(new GroupKey(requiredString(o, "column", "groupBy"), bucket));
            }
        }
        return keys;
    }

    private static List<AggregateSpec> aggregates(JsonObject q) {
        List<AggregateSpec> specs = new ArrayList<>();
        JsonArray items = array(q, "aggregates");
        for (int i = 0; i < items.size(); i++) {
            String parameter = "aggregates[" + i + "]";
            JsonObject a = object(items.get(i), parameter);
            String fnName = requiredString(a, "fn", parameter);
            AggregateSpec.Fn fn = AggregateSpec.Fn.parse(fnName);
            if (fn == null) {
                throw new QueryException(parameter, "Unknown aggregate '" + fnName + "' (use count, count_distinct, "
                        + "sum, mean, min, max, median, stddev, variance, first, last)");
            }
            String column = a.containsKey("column") && !a.isNull("column") ? requiredString(a, "column", parameter) : null;
            String as = a.containsKey("as") && !a.isNull("as") ? requiredString(a, "as", parameter) : null;
            specs.add(new AggregateSpec(column, fn, as));
        }
        return specs;
    }

    private static JsonArray array(JsonObject o, String member) {
        if (!o.containsKey(member) || o.isNull(member)) {
            return JsonValue.EMPTY_JSON_ARRAY;
        }
        JsonValue v = o.get(member);
        if (v.getValueType() != JsonValue.ValueType.ARRAY) {
            throw new QueryException(member, member + " must be an array");
        }
        return v.asJsonArray();
    }

    private static JsonObject object(JsonValue v, String parameter) {
        if (v.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new QueryException(parameter, parameter + " must be an object");
        }
        return v.asJsonObject();
    }

    private static String requiredString(JsonObject o, String member, String parameter) {
        JsonValue v = o.get(member);
        if (v == null || v.getValueType() != JsonValue.ValueType.STRING) {
            throw new QueryException(parameter, parameter + "." + member + " must be a string");
        }
        return ((JsonString) v).getString();
    }

    private static String string(JsonObject o, String member) {
        if (!o.containsKey(member) || o.isNull(member)) {
            return null;
        }
        return requiredString(o, member, member);
    }

    private static String text(JsonValue v, String parameter) {
        if (v.getValueType() != JsonValue.ValueType.STRING) {
            throw new QueryException(parameter, parameter + " must hold strings");
        }
        return ((JsonString) v).getString();
    }

    private static long number(JsonObject o, String member, long fallback, long min, long max) {
        if (!o.containsKey(member) || o.isNull(member)) {
            return fallback;
        }
        JsonValue v = o.get(member);
        if (v.getValueType() != JsonValue.ValueType.NUMBER || !((JsonNumber) v).isIntegral()) {
            throw new QueryException(member, member + " must be a whole number");
        }
        long n = ((JsonNumber) v).longValue();
        if (n < min || n > max) {
            throw new QueryException(member, member + " must be between " + min + " and " + max + ", not " + n);
        }
        return n;
    }
}
