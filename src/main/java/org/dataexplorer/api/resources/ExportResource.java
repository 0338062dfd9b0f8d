package org.dataexplorer.api.resources;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPOutputStream;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;

import org.dataexplorer.api.DataService;
import org.dataexplorer.api.problems.Problem;
import org.dataexplorer.api.problems.Problems;
import org.dataexplorer.export.ExportFormat;
import org.dataexplorer.export.ExportJob;
import org.dataexplorer.export.ExportOptions;
import org.dataexplorer.export.ExportRequest;
import org.dataexplorer.export.ExportUnavailableException;
import org.dataexplorer.export.Exporter;
import org.dataexplorer.ingest.ReadPriority;
import org.dataexplorer.query.QueryException;
import org.dataexplorer.query.filter.FilterSpec;
import org.dataexplorer.query.sort.SortKey;
import org.dataexplorer.store.DatasetManifest;

/**
 * {@code GET|POST /api/datasets/{id}/export?format=csv|tsv|jsonl|json|parquet|arrow}: the rows of a view
 * (filters, sort, projection as for {@code /rows}, or a query body as for {@code /query}) streamed as a file
 * download. Rows are selected and sorted before the answer starts, so mistakes are problems; the body is
 * then written as it is produced, and a client that goes away stops the work at its next write.
 */
@Path("api/datasets/{id}/export")
public final class ExportResource {

    private static final Set<String> OPTIONS = Set.of("format", "compression", "delimiter", "header", "dates", "null",
            "safeExport");
    private static final Set<String> BODY_MEMBERS = Set.of("filters", "columns", "sort", "nulls", "format",
            "compression", "delimiter", "header", "dates", "null", "safeExport");

    private final DataService service;
    private final Exporter exporter;

    public ExportResource(DataService service) {
        this.service = service;
        // Exports are bulk work: like ingest, they let interactive reads go first.
        ReadPriority priority = service.ingest().readPriority();
        this.exporter = new Exporter(service.query(), priority::yieldToReads);
    }

    @GET
    public Response get(@PathParam("id") String id, @Context UriInfo uri) throws IOException {
        MultivaluedMap<String, String> params = uri.getQueryParameters();
        List<FilterSpec> filters = FilterParams.filters(params, OPTIONS);
        ExportRequest request = new ExportRequest(filters, FilterParams.sort(params.getFirst("sort")),
                FilterParams.nullsFirst(params.getFirst("nulls")), ReadRoutes.columnList(params.getFirst("columns")));
        return export(id, request, name -> params.getFirst(name));
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.WILDCARD})
    public Response post(@PathParam("id") String id, @Context UriInfo uri, String body) throws IOException {
        JsonObject q = QueryRoutes.parse(body);
        for (String key : q.keySet()) {
            if (!BODY_MEMBERS.contains(key)) {
                throw new QueryException(key, "Unknown export member '" + key + "' (allowed: " + BODY_MEMBERS + ")");
            }
        }
        List<String> columns = new ArrayList<>();
        if (q.containsKey("columns") && !q.isNull("columns")) {
            if (q.get("columns").getValueType() != JsonValue.ValueType.ARRAY) {
                throw new QueryException("columns", "columns must be an array of names");
            }
            for (JsonValue v : q.getJsonArray("columns")) {
                columns.add(text(v, "columns"));
            }
        }
        List<SortKey> sort = QueryRoutes.sort(q);
        ExportRequest request = new ExportRequest(QueryRoutes.filters(q, "filters"), sort,
                FilterParams.nullsFirst(member(q, "nulls")), columns);
        MultivaluedMap<String, String> params = uri.getQueryParameters();
        return export(id, request, name -> q.containsKey(name) && !q.isNull(name) ? member(q, name)
                : params.getFirst(name));
    }

    private Response export(String id, ExportRequest request, UnaryOperator<String> option)
            throws IOException {
        DatasetManifest m = DatasetLookup.readable(service.catalog(), id);
        String formatName = option.apply("format");
        ExportFormat format = formatName == null || formatName.isBlank() ? ExportFormat.CSV : ExportFormat.parse(formatName);
        if (format == null) {
            throw new QueryException("format", "format must be csv, tsv, jsonl, json, parquet or arrow, not '"
                    + formatName + "'");
        }
        boolean gzip = gzip(option.apply("compression"));
        ExportOptions options = options(option);
        try {
            Exporter.checkAvailable(format);
        } catch (ExportUnavailableException e) {
            throw DatasetLookup.problem(Problem.of(501, "Export format unavailable", e.getMessage())
                    .withParameter("format"));
        }
        ExportJob job = exporter.prepare(m, request);
        StreamingOutput body = out -> write(job, format, options, gzip, out);
        String file = fileName(m.name()) + "." + format.extension() + (gzip ? ".gz" : "");
        return Response.ok(body, gzip ? "application/gzip" : format.mediaType())
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + ascii(file) + "\"; filename*=UTF-8''"
                        + URLEncoder.encode(file, StandardCharsets.UTF_8).replace("+", "%20"))
                .header("X-Row-Count", job.rowCount())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build();
    }

    private static void write(ExportJob job, ExportFormat format, ExportOptions options, boolean gzip,
                              OutputStream out) throws IOException {
        try (job) {
            if (gzip) {
                GZIPOutputStream zip = new GZIPOutputStream(out, 1 << 16);
                job.writeTo(format, options, zip);
                zip.finish();
                zip.flush();
            } else {
                job.writeTo(format, options, out);
            }
        }
    }

    private static ExportOptions options(UnaryOperator<String> option) {
        String delimiter = option.apply("delimiter");
        char d = ',';
        if (delimiter != null && !delimiter.isEmpty()) {
            d = switch (delimiter.toLowerCase(Locale.ROOT)) {
                case "tab", "\\t" -> '\t';
                case "comma" -> ',';
                case "semicolon" -> ';';
                case "pipe" -> '|';
                default -> {
                    if (delimiter.length() != 1 || delimiter.charAt(0) > 0x7e) {
                        throw new QueryException("delimiter", "delimiter must be one ASCII character (or tab, comma, "
                                + "semicolon, pipe), not '" + delimiter + "'");
                    }
                    yield delimiter.charAt(0);
                }
            };
        }
        boolean header = bool("header", option.apply("header"), true);
        String dates = option.apply("dates");
        boolean iso;
        if (dates == null || dates.isEmpty() || dates.equals("source")) {
            iso = false;
        } else if (dates.equals("iso")) {
            iso = true;
        } else {
            throw new QueryException("dates", "dates must be 'source' (the layout they were detected in) or 'iso', not '"
                    + dates + "'");
        }
        try {
            return new ExportOptions(d, header, iso, option.apply("null"), bool("safeExport", option.apply("safeExport"), false));
        } catch (IllegalArgumentException e) {
            throw new QueryException(d == ',' ? "null" : "delimiter", e.getMessage());
        }
    }

    private static boolean gzip(String compression) {
        if (compression == null || compression.isEmpty() || compression.equals("none")) {
            return false;
        }
        if (compression.equals("gzip")) {
            return true;
        }
        throw DatasetLookup.problem(Problems.badParameter("compression",
                "compression must be 'gzip' or 'none', not '" + compression + "'"));
    }

    private static boolean bool(String name, String value, boolean fallback) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new QueryException(name, name + " must be true or false, not '" + value + "'");
        };
    }

    /** A string member, or a boolean/number given as JSON, as text. */
    private static String member(JsonObject q, String name) {
        if (!q.containsKey(name) || q.isNull(name)) {
            return null;
        }
        JsonValue v = q.get(name);
        return switch (v.getValueType()) {
            case STRING -> ((JsonString) v).getString();
            case TRUE -> "true";
            case FALSE -> "false";
            case NUMBER -> v.toString();
            default -> throw new QueryException(name, name + " must be a string");
        };
    }

    private static String text(JsonValue v, String parameter) {
        if (v.getValueType() != JsonValue.ValueType.STRING) {
            throw new QueryException(parameter, parameter + " must hold strings");
        }
        return ((JsonString) v).getString();
    }

    /** The dataset's name without its upload extensions, or "export". */
    static String fileName(String name) {
        String base = name == null ? "" : name.trim();
        int slash = Math.max(base.lastIndexOf('/'), base.lastIndexOf('\\'));
        base = base.substring(slash + 1);
        String lower = base.toLowerCase(Locale.ROOT);
        for (String ext : List.of(".gz", ".csv", ".tsv", ".txt", ".tab")) {
            if (lower.endsWith(ext)) {
                base = base.substring(0, base.length() - ext.length());
                lower = lower.substring(0, lower.length() - ext.length());
            }
        }
        return base.isBlank() ? "export" : base;
    }

    private static String ascii(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '_');
        }
        return b.toString();
    }
}
