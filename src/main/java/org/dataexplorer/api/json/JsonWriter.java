package org.dataexplorer.api.json;

import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.json.Json;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;

/**
 * Writes response bodies: records as objects with their members in declaration order (a record
 * component annotated {@link JsonbProperty} takes that name), lists and arrays as arrays, maps as
 * objects, nulls as {@code null}. Streams straight to the output, so a page of rows is never built
 * as a string first.
 */
public final class JsonWriter {

    private static final JsonGeneratorFactory FACTORY = Json.createGeneratorFactory(Map.of());
    private static final Map<Class<?>, Member[]> MEMBERS = new ConcurrentHashMap<>();

    private record Member(String name, RecordComponent component) {
    }

    private JsonWriter() {
    }

    public static void write(Object value, OutputStream out) {
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            value(generator, null, value);
        }
    }

    public static String toJson(Object value) {
        var out = new java.io.ByteArrayOutputStream();
        write(value, out);
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void value(JsonGenerator g, String name, Object v) {
        if (v == null) {
            if (name == null) {
                g.writeNull();
            } else {
                g.writeNull(name);
            }
        } else if (v instanceof String s) {
            if (name == null) {
                g.write(s);
            } else {
                g.write(name, s);
            }
        } else if (v instanceof Boolean b) {
            if (name == null) {
                g.write(b);
            } else {
                g.write(name, b);
            }
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            long l = ((Number) v).longValue();
            if (name == null) {
                g.write(l);
            } else {
                g.write(name, l);
            }
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (!Double.isFinite(d)) {
                value(g, name, null);
            } else if (name == null) {
                g.write(d);
            } else {
                g.write(name, d);
            }
        } else if (v instanceof BigDecimal || v instanceof BigInteger) {
            BigDecimal d = v instanceof BigInteger i ? new BigDecimal(i) : (BigDecimal) v;
            if (name == null) {
                g.write(d);
            } else {
                g.write(name, d);
            }
        } else if (v instanceof Record record) {
            start(g, name, true);
            for (Member member : members(record.getClass())) {
                value(g, member.name(), read(member.component(), record));
            }
            g.writeEnd();
        } else if (v instanceof Map<?, ?> map) {
            start(g, name, true);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                value(g, String.valueOf(e.getKey()), e.getValue());
            }
            g.writeEnd();
        } else if (v instanceof Iterable<?> items) {
            start(g, name, false);
            for (Object item : items) {
                value(g, null, item);
            }
            g.writeEnd();
        } else if (v instanceof Object[] items) {
            start(g, name, false);
            for (Object item : items) {
                value(g, null, item);
            }
            g.writeEnd();
        } else if (v instanceof Enum<?> e) {
            value(g, name, e.name().toLowerCase(java.util.Locale.ROOT));
        } else {
            value(g, name, v.toString());
        }
    }

    private static void start(JsonGenerator g, String name, boolean object) {
        if (object) {
            if (name == null) {
                g.writeStartObject();
            } else {
                g.writeStartObject(name);
            }
        } else if (name == null) {
            g.writeStartArray();
        } else {
            g.writeStartArray(name);
        }
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
