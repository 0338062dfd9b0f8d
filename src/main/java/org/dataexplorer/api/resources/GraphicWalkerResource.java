package org.dataexplorer.api.resources;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.dataexplorer.api.DataService;
import org.dataexplorer.api.json.JsonWriter;
import org.dataexplorer.api.problems.Problem;
import org.dataexplorer.query.StatisticsReader;
import org.dataexplorer.query.gw.BinPair;
import org.dataexplorer.query.gw.GraphicWalkerEngine;
import org.dataexplorer.query.gw.GraphicWalkerEngine.Result;
import org.dataexplorer.query.gw.GraphicWalkerEngine.TooManyRowsException;
import org.dataexplorer.query.gw.GraphicWalkerFields;
import org.dataexplorer.query.gw.Payload;
import org.dataexplorer.query.gw.PayloadParser;
import org.dataexplorer.store.DatasetManifest;

/**
 * Graphic Walker's computation backend: {@code fields} ({@code IMutField[]}), {@code query} (one
 * {@code IDataQueryPayload} → {@code IRow[]}) and {@code batch} ({@code {queryList}} → {@code {datas}}).
 * A thin adapter over {@link GraphicWalkerEngine}; answers are computed before the first byte is written,
 * so every failure is still a problem.
 */
@Path("api/datasets/{id}/graphic-walker")
@Produces(MediaType.APPLICATION_JSON)
public final class GraphicWalkerResource {

    /** Most payloads in one batch. */
    static final int MAX_BATCH = 64;
    private static final JsonGeneratorFactory JSON = Json.createGeneratorFactory(Map.of());

    private final DataService service;
    private final GraphicWalkerEngine engine;

    public GraphicWalkerResource(DataService service) {
        this.service = service;
        this.engine = new GraphicWalkerEngine(service.query(), service.config().gwMaxRows());
    }

    @GET
    @Path("fields")
    public Response fields(@PathParam("id") String id) throws IOException {
        DatasetManifest m = DatasetLookup.readable(service.catalog(), id);
        var statistics = new StatisticsReader(service.catalog(), service.reader()).statistics(m);
        List<GraphicWalkerFields.MutField> fields = GraphicWalkerFields.of(m, statistics.columns());
        return Response.ok((StreamingOutput) out -> JsonWriter.write(fields, out)).build();
    }

    @POST
    @Path("query")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.WILDCARD})
    public Response query(@PathParam("id") String id, String body) throws IOException {
        DatasetManifest m = DatasetLookup.readable(service.catalog(), id);
        Payload payload = PayloadParser.parse(body);
        Result result = run(m, payload, "");
        return Response.ok((StreamingOutput) out -> {
            try (JsonGenerator g = JSON.createGenerator(out)) {
                rows(g, result);
            }
        }).build();
    }

    @POST
    @Path("batch")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.WILDCARD})
    public Response batch(@PathParam("id") String id, String body) throws IOException {
        DatasetManifest m = DatasetLookup.readable(service.catalog(), id);
        List<Payload> payloads = PayloadParser.parseBatch(body);
        if (payloads.size() > MAX_BATCH) {
            throw DatasetLookup.problem(Problem.of(400, "Invalid parameter", "A batch holds at most " + MAX_BATCH
                    + " payloads, not " + payloads.size()).withParameter("queryList"));
        }
        List<Result> results = new ArrayList<>(payloads.size());
        long total = 0;
        for (int i = 0; i < payloads.size(); i++) {
            Result r = run(m, payloads.get(i), "queryList[" + i + "]: ");
            total += r.rows().size();
            if (total > engine.maxRows()) {
                throw tooMany("queryList[" + i + "]: the batch's answers together hold more than " + engine.maxRows()
                        + " rows (gw.max.rows)");
            }
            results.add(r);
        }
        return Response.ok((StreamingOutput) out -> {
            try (JsonGenerator g = JSON.createGenerator(out)) {
                g.writeStartObject();
                g.writeStartArray("datas");
                for (Result r : results) {
                    rows(g, r);
                }
                g.writeEnd();
                g.writeEnd();
            }
        }).build();
    }

    private Result run(DatasetManifest m, Payload payload, String prefix) throws IOException {
        try {
            return engine.query(m, payload);
        } catch (TooManyRowsException e) {
            throw tooMany(prefix + e.getMessage());
        }
    }

    private static RuntimeException tooMany(String detail) {
        return DatasetLookup.problem(Problem.of(422, "Too many rows", detail));
    }

    private static void rows(JsonGenerator g, Result result) {
        List<String> names = result.fields();
        g.writeStartArray();
        for (Object[] row : result.rows()) {
            g.writeStartObject();
            for (int c = 0; c < row.length; c++) {
                value(g, names.get(c), row[c]);
            }
            g.writeEnd();
        }
        g.writeEnd();
    }

    private static void value(JsonGenerator g, String name, Object v) {
        if (v == null) {
            g.writeNull(name);
        } else if (v instanceof Long l) {
            g.write(name, l);
        } else if (v instanceof Double d) {
            if (Double.isFinite(d)) {
                g.write(name, d);
            } else {
                g.writeNull(name);
            }
        } else if (v instanceof Boolean b) {
            g.write(name, b);
        } else if (v instanceof BinPair bin) {
            g.writeStartArray(name);
            number(g, bin.lo());
            number(g, bin.hi());
            g.writeEnd();
        } else {
            g.write(name, v.toString());
        }
    }

    private static void number(JsonGenerator g, double d) {
        if (!Double.isFinite(d)) {
            g.writeNull();
        } else if (d == Math.rint(d) && Math.abs(d) <= 9.007199254740992E15) {
            g.write((long) d);
        } else {
            g.write(d);
        }
    }
}
