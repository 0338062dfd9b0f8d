package org.dataexplorer.api.resources;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.core.UriInfo;

import org.dataexplorer.api.DataService;
import org.dataexplorer.api.json.Views.PageView;
import org.dataexplorer.api.json.Views.RejectView;
import org.dataexplorer.api.json.Views.RejectsView;
import org.dataexplorer.api.json.Views.SampleView;
import org.dataexplorer.api.json.Views.SchemaView;
import org.dataexplorer.api.problems.Problems;
import org.dataexplorer.ingest.RejectLog;
import org.dataexplorer.query.ColumnSummary;
import org.dataexplorer.query.RowPage;
import org.dataexplorer.query.StatisticsReader;
import org.dataexplorer.query.RowQuery;
import org.dataexplorer.query.RowResult;
import org.dataexplorer.query.filter.FilterSpec;
import org.dataexplorer.store.DatasetManifest;

/**
 * The read routes shared by the resource API ({@code /api/datasets/{id}/...}) and the seed's routes
 * ({@code /data/{id}}, {@code /schema/{id}}, ...): parameter checks and the views they answer with.
 */
public final class ReadRoutes {

    private final DataService service;
    private final DatasetViews views;

    public ReadRoutes(DataService service) {
        this.service = service;
        this.views = new DatasetViews(service);
    }

    public SchemaView schema(String id) {
        return views.schema(DatasetLookup.find(service.catalog(), id));
    }

    public PageView rows(String id, UriInfo uri, String page, String pageSize, String offset, String limit,
                         String columns, String shape) throws IOException {
        var params = uri.getQueryParameters();
        return rows(id, uri, page, pageSize, offset, limit, columns, shape, params.getFirst("sort"),
                params.getFirst("nulls"), params.getFirst("cursor"));
    }

    /**
     * A page of rows: filters are every parameter that is not reserved ({@link FilterParams#RESERVED}),
     * {@code sort=a,-b}, {@code nulls=first}, and a keyset {@code cursor} (empty for the first page) as
     * an alternative to page/offset.
     */
    public PageView rows(String id, UriInfo uri, String page, String pageSize, String offset, String limit,
                         String columns, String shape, String sort, String nulls, String cursor) throws IOException {
        return rows(id, uri.getQueryParameters(), replace -> link(uri, replace), page, pageSize, offset, limit,
                columns, shape, sort, nulls, cursor);
    }

    /** The link to the same route with some query parameters replaced (and the paging ones dropped). */
    public interface Linker {
        String link(Map<String, String> replace);
    }

    /** {@link #rows(String, UriInfo, String, String, String, String, String, String, String, String, String)} for any request form. */
    public PageView rows(String id, Map<String, List<String>> parameters, Linker linker) throws IOException {
        return rows(id, parameters, linker, first(parameters, "page"), first(parameters, "pageSize"),
                first(parameters, "offset"), first(parameters, "limit"), first(parameters, "columns"),
                first(parameters, "shape"), first(parameters, "sort"), first(parameters, "nulls"),
                first(parameters, "cursor"));
    }

    private static String first(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private PageView rows(String id, Map<String, List<String>> parameters, Linker uri, String page, String pageSize,
                          String offset, String limit, String columns, String shape, String sort, String nulls,
                          String cursor) throws IOException {
        DatasetManifest m = DatasetLookup.readable(service.catalog(), id);
        int maxPage = service.config().maxPageSize();
        boolean objects = parseShape(shape);
        List<FilterSpec> filters = FilterParams.filters(parameters, Set.of());
        int size;
        long start;
        long pageNumber;
        if (cursor != null) {
            if (page != null || offset != null) {
                throw DatasetLookup.problem(Problems.badParameter("cursor",
                        "Use either a cursor or page/offset, not both"));
            }
            size = (int) number(limit != null ? "limit" : "pageSize", limit != null ? limit : pageSize,
                    service.config().defaultPageSize(), 1, maxPage);
            start = 0;
            pageNumber = 0;
        } else if (offset != null || limit != null) {
            if (page != null || pageSize != null) {
                throw DatasetLookup.problem(Problems.badParameter("offset",
                        "Use either page/pageSize or offset/limit, not both"));
            }
            size = (int) number("limit", limit, service.config().defaultPageSize(), 1, maxPage);
            start = number("offset", offset, 0, 0, Long.MAX_VALUE);
            pageNumber = start / size + 1;
        } else {
            size = (int) number("pageSize", pageSize, service.config().defaultPageSize(), 1, maxPage);
            pageNumber = number("page", page, 1, 1, Long.MAX_VALUE / maxPage);
            start = (pageNumber - 1) * size;
        }
        RowQuery query = new RowQuery(filters, FilterParams.sort(sort), FilterParams.nullsFirst(nulls),
                columnList(columns), start, size, cursor);
        RowResult result = service.query().rows(m, query);
        RowPage rows = new RowPage(result.columns(), result.rows());
        long count = result.count();
        long totalPages = Math.max(1, (count + size - 1) / size);
        String next = null;
        String previous = null;
        if (cursor != null) {
            if (result.nextCursor() != null) {
                next = uri.link(Map.of("cursor", result.nextCursor(), "limit", String.valueOf(size)));
            }
            if (result.previousCursor() != null) {
                previous = uri.link(Map.of("cursor", result.previousCursor(), "limit", String.valueOf(size)));
            }
            pageNumber = result.position() < 0 ? 0 : result.position() / size + 1;
        } else if (offset != null || limit != null) {
            if (start + size < count) {
                next = uri.link(Map.of("offset", String.valueOf(start + size), "limit", String.valueOf(size)));
            }
            if (start > 0) {
                previous = uri.link(Map.of("offset", String.valueOf(Math.max(0, start - size)), "limit", String.valueOf(size)));
            }
        } else {
            if (pageNumber < totalPages) {
                next = uri.link(Map.of("page", String.valueOf(pageNumber + 1), "pageSize", String.valueOf(size)));
            }
            if (pageNumber > 1) {
                previous = uri.link(Map.of("page", String.valueOf(Math.min(pageNumber - 1, totalPages)),
                        "pageSize", String.valueOf(size)));
            }
        }
        return new PageView(count, pageNumber, size, totalPages, next, previous, rows.columns(),
                objects ? asObjects(rows) : rows.rows());
    }

    public SampleView sample(String id, String rows, String mode, String seed, String columns, String shape)
            throws IOException {
        DatasetManifest m = DatasetLookup.readable(service.catalog(), id);
        int n = (int) number("rows", rows, 10, 1, service.config().maxSampleRows());
        boolean objects = parseShape(shape);
        RowPage page;
        String m0 = mode == null ? "head" : mode;
        switch (m0) {
            case "head", "first" -> page = service.reader().rows(m, 0, n, columnList(columns));
            case "random" -> page = service.reader().randomSample(m, n,
                    number("seed", seed, 0, Long.MIN_VALUE, Long.MAX_VALUE), columnList(columns));
            default -> throw DatasetLookup.problem(Problems.badParameter("mode",
                    "mode must be 'head' or 'random', not '" + mode + "'"));
        }
        return new SampleView(page.columns(), objects ? asObjects(page) : page.rows());
    }

    /** Full statistics of the columns ({@code source: profile}), or while ingesting what chunk metadata says ({@code chunks}). */
    public FullStatsView stats(String id) throws IOException {
        DatasetManifest m = DatasetLookup.readable(service.catalog(), id);
        StatisticsReader.Statistics s = new StatisticsReader(service.catalog(), service.reader()).statistics(m);
        return new FullStatsView(m.id(), service.reader().rowCount(m), m.status().jsonName(), s.source(), s.columns());
    }

    /** The answer of {@code /stats}. */
    public record FullStatsView(String id, long rowCount, String status, String source, List<ColumnSummary> columns) {
    }

    public RejectsView rejects(String id, String offset, String limit) throws IOException {
        DatasetManifest m = DatasetLookup.find(service.catalog(), id);
        long from = number("offset", offset, 0, 0, Long.MAX_VALUE);
        int max = (int) number("limit", limit, 100, 1, service.config().maxPageSize());
        List<RejectView> rejects = RejectLog.read(service.catalog().rejectsFile(DatasetLookup.parse(id)), from, max)
                .stream()
                .map(r -> new RejectView(r.line(), r.byteOffset(), r.column(), r.reason()))
                .toList();
        return new RejectsView(m.rejectCount(), rejects);
    }

    static long number(String name, String value, long fallback, long min, long max) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value.trim());
            if (n < min || n > max) {
                throw DatasetLookup.problem(Problems.badParameter(name,
                        name + " must be between " + min + " and " + max + ", not " + value));
            }
            return n;
        } catch (NumberFormatException e) {
            throw DatasetLookup.problem(Problems.badParameter(name, name + " must be a whole number, not '" + value + "'"));
        }
    }

    static boolean parseShape(String shape) {
        if (shape == null || shape.equals("arrays")) {
            return false;
        }
        if (shape.equals("objects")) {
            return true;
        }
        throw DatasetLookup.problem(Problems.badParameter("shape", "shape must be 'arrays' or 'objects', not '" + shape + "'"));
    }

    static List<String> columnList(String columns) {
        if (columns == null || columns.isBlank()) {
            return List.of();
        }
        return Arrays.stream(columns.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    static List<Map<String, Object>> asObjects(RowPage page) {
        List<Map<String, Object>> rows = new ArrayList<>(page.rows().size());
        for (Object[] values : page.rows()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int c = 0; c < values.length; c++) {
                row.put(page.columns().get(c), values[c]);
            }
            rows.add(row);
        }
        return rows;
    }

    /** The same route and parameters with some replaced, as an absolute path (so it works behind a proxy). */
    private static String link(UriInfo uri, Map<String, String> replace) {
        var builder = uri.getRequestUriBuilder();
        for (String key : List.of("page", "pageSize", "offset", "limit", "cursor")) {
            builder.replaceQueryParam(key);
        }
        replace.forEach((k, v) -> builder.replaceQueryParam(k, v));
        URI built = builder.build();
        return built.getRawPath() + (built.getRawQuery() == null ? "" : "?" + built.getRawQuery());
    }
}
