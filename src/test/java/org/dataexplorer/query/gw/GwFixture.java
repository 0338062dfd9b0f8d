package org.dataexplorer.query.gw;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import org.dataexplorer.ingest.IngestListener;
import org.dataexplorer.ingest.IngestOptions;
import org.dataexplorer.ingest.IngestService;
import org.dataexplorer.ingest.IngestSettings;
import org.dataexplorer.ingest.Upload;
import org.dataexplorer.query.DerivedCache;
import org.dataexplorer.query.QueryEngine;
import org.dataexplorer.query.QueryLimits;
import org.dataexplorer.store.ChunkCache;
import org.dataexplorer.store.DatasetManifest;
import org.dataexplorer.store.catalog.Catalog;

/** Small CSV datasets ingested for real (tiny chunks), and payloads run against them; results as JSON. */
final class GwFixture implements AutoCloseable {

    final Catalog catalog;
    final IngestService ingest;
    final QueryEngine engine;

    GwFixture(Path root, int chunkRows) throws IOException {
        catalog = new Catalog(root.resolve("store"), ChunkCache.disabled());
        catalog.recover();
        ingest = new IngestService(catalog, new IngestSettings(1L << 34, 4, 1, 1000, 1 << 20, 1 << 22, chunkRows,
                1 << 22, 1 << 26, true, List.of("NA", "NULL"), 100), IngestListener.NONE);
        engine = new QueryEngine(catalog, DerivedCache.disabled(),
                new QueryLimits(60_000, 64L << 20, 50, 1000, root.resolve("spill")));
    }

    DatasetManifest dataset(String csv) throws IOException {
        byte[] body = csv.getBytes(StandardCharsets.UTF_8);
        Upload upload = ingest.begin(IngestOptions.defaults("gw"), null);
        upload.write(body, 0, body.length);
        upload.endOfInput();
        try {
            return upload.result().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("ingest failed", e);
        }
    }

    GraphicWalkerEngine gw(long maxRows) {
        return new GraphicWalkerEngine(engine, maxRows);
    }

    /** Runs a payload (JSON text; single quotes stand for double quotes) and answers the rows as JSON. */
    JsonArray run(DatasetManifest m, String payload) throws IOException {
        return json(gw(50_000).query(m, PayloadParser.parse(quotes(payload))));
    }

    static String quotes(String text) {
        return text.replace('\'', '"');
    }

    static JsonArray json(GraphicWalkerEngine.Result result) {
        JsonArrayBuilder rows = Json.createArrayBuilder();
        for (Object[] row : result.rows()) {
            JsonObjectBuilder o = Json.createObjectBuilder();
            for (int c = 0; c < row.length; c++) {
                String name = result.fields().get(c);
                Object v = row[c];
                if (v == null) {
                    o.addNull(name);
                } else if (v instanceof Long l) {
                    o.add(name, l);
                } else if (v instanceof Double d) {
                    o.add(name, d);
                } else if (v instanceof Boolean b) {
                    o.add(name, b);
                } else if (v instanceof BinPair bin) {
                    o.add(name, Json.createArrayBuilder().add(bin.lo()).add(bin.hi()));
                } else {
                    o.add(name, v.toString());
                }
            }
            rows.add(o);
        }
        return rows.build();
    }

    static JsonArray parse(String json) {
        return Json.createReader(new StringReader(quotes(json))).readArray();
    }

    /** Structural equality, numbers within 1e-9 (the spec's tolerance), member order ignored. */
    static boolean same(JsonValue a, JsonValue b) {
        if (a.getValueType() == JsonValue.ValueType.NUMBER && b.getValueType() == JsonValue.ValueType.NUMBER) {
            return Math.abs(((JsonNumber) a).doubleValue() - ((JsonNumber) b).doubleValue()) <= 1e-9;
        }
        if (a.getValueType() != b.getValueType()) {
            return false;
        }
        if (a instanceof JsonArray x) {
            JsonArray y = (JsonArray) b;
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof JsonObject x) {
            JsonObject y = (JsonObject) b;
            if (!x.keySet().equals(y.keySet())) {
                return false;
            }
            for (String k : x.keySet()) {
                if (!same(x.get(k), y.get(k))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    @Override
    public void close() {
        ingest.close();
        catalog.close();
    }
}
