package org.dataexplorer.store.stats;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.stream.JsonGenerator;

import org.dataexplorer.store.ColumnType;
import org.dataexplorer.store.format.DurableFiles;

/** {@code stats.json} in a dataset directory: the column profiles, written durably before READY. */
public final class StatsFile {

    public static final String NAME = "stats.json";
    private static final int VERSION = 1;

    private StatsFile() {
    }

    public static void write(Path file, List<ColumnProfile> profiles) throws IOException {
        JsonArrayBuilder columns = Json.createArrayBuilder();
        for (ColumnProfile p : profiles) {
            columns.add(toJson(p));
        }
        JsonObject root = Json.createObjectBuilder().add("version", VERSION).add("columns", columns).build();
        Path tmp = DurableFiles.tempFor(file);
        try (OutputStream out = Files.newOutputStream(tmp);
             JsonWriter writer = Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, false)).createWriter(out)) {
            writer.writeObject(root);
        }
        try (var channel = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        DurableFiles.atomicMove(tmp, file);
    }

    /** The profiles, or null when the file does not exist (a dataset ingested before statistics existed). */
    public static List<ColumnProfile> read(Path file) throws IOException {
        JsonObject root;
        try (InputStream in = Files.newInputStream(file); JsonReader reader = Json.createReader(in)) {
            root = reader.readObject();
        } catch (NoSuchFileException e) {
            return null;
        } catch (JsonException | IllegalStateException | ClassCastException e) {
            throw new IOException(file + " is not a statistics file: " + e.getMessage(), e);
        }
        List<ColumnProfile> profiles = new ArrayList<>();
        for (JsonValue v : root.getJsonArray("columns")) {
            profiles.add(fromJson(v.asJsonObject()));
        }
        return profiles;
    }

    private static JsonObject toJson(ColumnProfile p) {
        JsonObjectBuilder b = Json.createObjectBuilder()
                .add("name", p.name()).add("type", p.type().jsonName()).add("count", p.count())
                .add("nullCount", p.nullCount()).add("distinct", p.distinct())
                .add("distinctApproximate", p.distinctApproximate());
        put(b, "minLong", p.minLong());
        put(b, "maxLong", p.maxLong());
        put(b, "minDouble", p.minDouble());
        put(b, "maxDouble", p.maxDouble());
        put(b, "minString", p.minString());
        put(b, "maxString", p.maxString());
        put(b, "sum", p.sum());
        put(b, "mean", p.mean());
        put(b, "stddev", p.stddev());
        put(b, "variance", p.variance());
        put(b, "p5", p.p5());
        put(b, "q1", p.q1());
        put(b, "median", p.median());
        put(b, "q3", p.q3());
        put(b, "p95", p.p95());
        put(b, "minLength", p.minLength() == null ? null : (long) p.minLength());
        put(b, "maxLength", p.maxLength() == null ? null : (long) p.maxLength());
        put(b, "meanLength", p.meanLength());
        put(b, "zeros", p.zeros());
        put(b, "negatives", p.negatives());
        JsonArrayBuilder top = Json.createArrayBuilder();
        for (ColumnProfile.TopValue t : p.topValues()) {
            JsonObjectBuilder o = Json.createObjectBuilder();
            if (t.value() instanceof Long l) {
                o.add("value", l);
            } else if (t.value() instanceof Double d) {
                o.add("value", number(d));
            } else {
                o.add("value", String.valueOf(t.value()));
            }
            top.add(o.add("count", t.count()));
        }
        b.add("topValues", top).add("topApproximate", p.topApproximate());
        JsonArrayBuilder bins = Json.createArrayBuilder();
        for (ColumnProfile.Bin bin : p.histogram()) {
            bins.add(Json.createArrayBuilder().add(number(bin.low())).add(number(bin.high())).add(bin.count()));
        }
        return b.add("histogram", bins).add("sortOrder", p.sortOrder()).build();
    }

    private static void put(JsonObjectBuilder b, String name, Object v) {
        if (v == null) {
            b.addNull(name);
        } else if (v instanceof Long l) {
            b.add(name, l);
        } else if (v instanceof Double d) {
            b.add(name, number(d));
        } else {
            b.add(name, v.toString());
        }
    }

    /** JSON numbers cannot be infinite or NaN: those are written as the strings Java prints for them. */
    private static JsonValue number(double d) {
        return Double.isFinite(d) ? Json.createValue(d) : Json.createValue(Double.toString(d));
    }

    private static double number(JsonValue v) {
        return v.getValueType() == JsonValue.ValueType.STRING
                ? Double.parseDouble(((JsonString) v).getString())
                : ((JsonNumber) v).doubleValue();
    }

    private static ColumnProfile fromJson(JsonObject o) {
        ColumnType type = ColumnType.fromJsonName(o.getString("type"));
        List<ColumnProfile.TopValue> top = new ArrayList<>();
        for (JsonValue v : o.getJsonArray("topValues")) {
            JsonObject t = v.asJsonObject();
            JsonValue value = t.get("value");
            Object raw = type == ColumnType.FLOAT ? (Object) number(value)
                    : value.getValueType() == JsonValue.ValueType.STRING ? t.getString("value")
                    : (Object) ((JsonNumber) value).longValue();
            top.add(new ColumnProfile.TopValue(raw, t.getJsonNumber("count").longValue()));
        }
        List<ColumnProfile.Bin> bins = new ArrayList<>();
        for (JsonValue v : o.getJsonArray("histogram")) {
            JsonArray a = v.asJsonArray();
            bins.add(new ColumnProfile.Bin(number(a.get(0)), number(a.get(1)), a.getJsonNumber(2).longValue()));
        }
        Long minLength = longOrNull(o, "minLength");
        Long maxLength = longOrNull(o, "maxLength");
        return new ColumnProfile(o.getString("name"), type, o.getJsonNumber("count").longValue(),
                o.getJsonNumber("nullCount").longValue(), o.getJsonNumber("distinct").longValue(),
                o.getBoolean("distinctApproximate"), longOrNull(o, "minLong"), longOrNull(o, "maxLong"),
                doubleOrNull(o, "minDouble"), doubleOrNull(o, "maxDouble"), stringOrNull(o, "minString"),
                stringOrNull(o, "maxString"), doubleOrNull(o, "sum"), doubleOrNull(o, "mean"),
                doubleOrNull(o, "stddev"), doubleOrNull(o, "variance"), doubleOrNull(o, "p5"), doubleOrNull(o, "q1"),
                doubleOrNull(o, "median"), doubleOrNull(o, "q3"), doubleOrNull(o, "p95"),
                minLength == null ? null : minLength.intValue(), maxLength == null ? null : maxLength.intValue(),
                doubleOrNull(o, "meanLength"), longOrNull(o, "zeros"), longOrNull(o, "negatives"), top,
                o.getBoolean("topApproximate"), bins, o.getString("sortOrder"));
    }

    private static Long longOrNull(JsonObject o, String name) {
        return o.containsKey(name) && !o.isNull(name) ? o.getJsonNumber(name).longValue() : null;
    }

    private static Double doubleOrNull(JsonObject o, String name) {
        return o.containsKey(name) && !o.isNull(name) ? number(o.get(name)) : null;
    }

    private static String stringOrNull(JsonObject o, String name) {
        return o.containsKey(name) && !o.isNull(name) ? o.getString(name) : null;
    }
}
