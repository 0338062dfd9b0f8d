package org.dataexplorer.api.json;

import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.json.bind.annotation.JsonbProperty;

import org.dataexplorer.query.RowBlock;

/**
 * Writes response bodies: records as objects with their members in declaration order (a record
 * component annotated {@link JsonbProperty} takes that name), lists and arrays as arrays, maps as
 * objects, nulls as {@code null}, non-finite doubles as {@code null}. Streams straight to the output
 * as UTF-8 bytes, so a page of rows is never built as a string first.
 */
public final class JsonWriter {

    private static final Map<Class<?>, Member[]> MEMBERS = new ConcurrentHashMap<>();

    private record Member(String name, RecordComponent component) {
    }

    private JsonWriter() {
    }

    public static void write(Object value, OutputStream out) {
        try (Utf8JsonOutput json = new Utf8JsonOutput(out)) {
            value(json, value);
        }
    }

    public static String toJson(Object value) {
        var out = new java.io.ByteArrayOutputStream();
        write(value, out);
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void value(Utf8JsonOutput g, Object v) {
        if (v == null) {
            g.nul();
        } else if (v instanceof String s) {
            g.string(s);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            g.number(((Number) v).longValue());
        } else if (v instanceof Double || v instanceof Float) {
            g.number(((Number) v).doubleValue());
        } else if (v instanceof Boolean b) {
            g.bool(b);
        } else if (v instanceof BigDecimal d) {
            g.number(d);
        } else if (v instanceof BigInteger i) {
            g.number(new BigDecimal(i));
        } else if (v instanceof RowBlock rows) {
            rows(g, rows);
        } else if (v instanceof Object[] items) {
            g.startArray();
            for (Object item : items) {
                value(g, item);
            }
            g.endArray();
        } else if (v instanceof Record record) {
            g.startObject();
            for (Member member : members(record.getClass())) {
                g.name(member.name());
                value(g, read(member.component(), record));
            }
            g.endObject();
        } else if (v instanceof Map<?, ?> map) {
            g.startObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.name(String.valueOf(e.getKey()));
                value(g, e.getValue());
            }
            g.endObject();
        } else if (v instanceof Iterable<?> items) {
            g.startArray();
            for (Object item : items) {
                value(g, item);
            }
            g.endArray();
        } else if (v instanceof Enum<?> e) {
            g.string(e.name().toLowerCase(java.util.Locale.ROOT));
        } else {
            g.string(v.toString());
        }
    }

    private static void rows(Utf8JsonOutput g, RowBlock rows) {
        g.startArray();
        for (int i = 0; i < rows.size(); i++) {
            g.startArray();
            rows.write(i, g);
            g.endArray();
        }
        g.endArray();
    }

    private static Member[] members(Class<?> type) {
        return MEMBERS.computeIfAbsent(type, t -> {
            RecordComponent[] components = t.getRecordComponents();
            Member[] members = new Member[components.length];
            for (int i = 0; i < components.length; i++) {
                JsonbProperty rename = components[i].getAnnotation(JsonbProperty.class);
                if (rename == null) {
                    rename = components[i].getAccessor().getAnnotation(JsonbProperty.class);
                }
                components[i].getAccessor().setAccessible(true);
                members[i] = new Member(rename != null ? rename.value() : components[i].getName(), components[i]);
            }
            return members;
        });
    }

    private static Object read(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("Cannot read " + component, e);
        }
    }
}
