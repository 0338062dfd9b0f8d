package org.dataexplorer.api.resources;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.dataexplorer.query.QueryException;
import org.dataexplorer.query.filter.FilterSpec;
import org.dataexplorer.query.filter.Op;
import org.dataexplorer.query.sort.SortKey;

/**
 * Reads Datasette-style filters ({@code col=v}, {@code col__op=v}) and {@code sort=a,-b} from query
 * parameters. Parameters named in {@link #RESERVED} are never filters: a column named like one is
 * filtered through {@code POST .../query}.
 */
public final class FilterParams {

    public static final Set<String> RESERVED = Set.of("page", "pageSize", "offset", "limit", "sort", "columns",
            "shape", "cursor", "nulls", "count");

    private FilterParams() {
    }

    /** Every non-reserved parameter as a filter; {@code extraReserved} are other parameters of the route. */
    public static List<FilterSpec> filters(Map<String, List<String>> parameters, Set<String> extraReserved) {
        List<FilterSpec> specs = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : parameters.entrySet()) {
            String name = e.getKey();
            if (RESERVED.contains(name) || extraReserved.contains(name)) {
                continue;
            }
            for (String value : e.getValue()) {
                specs.add(filter(name, value));
            }
        }
        return specs;
    }

    static FilterSpec filter(String parameter, String value) {
        String column = parameter;
        Op op = Op.EXACT;
        int split = parameter.lastIndexOf("__");
        if (split > 0) {
            Op named = Op.parse(parameter.substring(split + 2));
            if (named == null) {
                throw new QueryException(parameter, "Unknown filter operator '__" + parameter.substring(split + 2)
                        + "' (use exact, not, gt, gte, lt, lte, contains, icontains, startswith, endswith, in, "
                        + "notin, isnull, notnull, between, regex)");
            }
            op = named;
            column = parameter.substring(0, split);
        }
        return new FilterSpec(column, op, operands(op, value == null ? "" : value, parameter), parameter);
    }

    static List<String> operands(Op op, String value, String parameter) {
        return switch (op) {
            case IN, NOTIN -> value.trim().startsWith("[") ? jsonList(value, parameter) : split(value);
            case BETWEEN -> {
                List<String> parts = value.trim().startsWith("[") ? jsonList(value, parameter) : split(value);
                if (parts.size() != 2) {
                    throw new QueryException(parameter, "__between takes two values: a,b");
                }
                yield parts;
            }
            case ISNULL, NOTNULL -> value.isEmpty() ? List.of() : List.of(value);
            default -> List.of(value);
        };
    }

    private static List<String> split(String value) {
        return Arrays.stream(value.split(",", -1)).toList();
    }

    static List<String> jsonList(String value, String parameter) {
        try (JsonReader reader = Json.createReader(new StringReader(value))) {
            JsonArray array = reader.readArray();
            List<String> items = new ArrayList<>(array.size());
            for (JsonValue v : array) {
                items.add(text(v, parameter));
            }
            return items;
        } catch (JsonException | IllegalStateException e) {
            throw new QueryException(parameter, "'" + value + "' is not a JSON array");
        }
    }

    /** A JSON scalar as filter text. */
    static String text(JsonValue v, String parameter) {
        return switch (v.getValueType()) {
            case STRING -> ((JsonString) v).getString();
            case NUMBER -> ((JsonNumber) v).toString();
            case TRUE -> "true";
            case FALSE -> "false";
            default -> throw new QueryException(parameter, "filter values must be strings, numbers or booleans");
        };
    }

    public static List<SortKey> sort(String sort) {
        if (sort == null || sort.isBlank()) {
            return List.of();
        }
        List<SortKey> keys = new ArrayList<>();
        for (String part : sort.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            keys.add(p.startsWith("-") ? new SortKey(p.substring(1), true) : new SortKey(p, false));
        }
        return keys;
    }

    public static boolean nullsFirst(String nulls) {
        if (nulls == null || nulls.equals("last")) {
            return false;
        }
        if (nulls.equals("first")) {
            return true;
        }
        throw new QueryException("nulls", "nulls must be 'first' or 'last', not '" + nulls + "'");
    }
}
