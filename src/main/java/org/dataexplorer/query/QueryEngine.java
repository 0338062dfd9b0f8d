package org.dataexplorer.query;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.dataexplorer.query.filter.FilterSpec;
import org.dataexplorer.query.filter.RowFilter;
import org.dataexplorer.query.filter.Selection;
import org.dataexplorer.query.sort.Keys;
import org.dataexplorer.query.sort.Permutation;
import org.dataexplorer.query.sort.SortKey;
import org.dataexplorer.query.sort.Sorter;
import org.dataexplorer.store.ColumnSchema;
import org.dataexplorer.store.DatasetManifest;
import org.dataexplorer.store.catalog.Catalog;

/**
 * Answers row queries (filters, sort, projection, offset or keyset paging, exact counts) within a
 * per-request time and memory budget, caching filtered row sets and sort permutations.
 */
public final class QueryEngine {

    private final ColumnReader reader;
    private final RowFetcher fetcher;
    private final Sorter sorter;
    private final DerivedCache cache;
    private final QueryLimits limits;

    public QueryEngine(Catalog catalog, DerivedCache cache, QueryLimits limits) {
        this(catalog, cache, DecodedCache.disabled(), limits);
    }

    public QueryEngine(Catalog catalog, DerivedCache cache, DecodedCache decoded, QueryLimits limits) {
        this.reader = new ColumnReader(catalog, decoded);
        this.fetcher = new RowFetcher(reader);
        this.sorter = new Sorter(reader, limits.spillDir());
        this.cache = cache;
        this.limits = limits;
    }

    public QueryLimits limits() {
        return limits;
    }

    public ColumnReader reader() {
        return reader;
    }

    public Budget budget() {
        return new Budget(limits.timeoutMs(), limits.memoryBytes());
    }

    public RowResult rows(DatasetManifest manifest, RowQuery q) throws IOException {
        Budget budget = budget();
        List<ColumnSchema> columns = project(manifest, q.columns());
        Selection selection = select(manifest, q.filters(), budget);
        long[] rows;
        String next = null;
        if (q.sort().isEmpty()) {
            if (q.cursor() != null) {
                long from = q.cursor().isEmpty() ? 0 : fileOrderCursor(q.cursor());
                long[] found = selection.pageFrom(from, q.limit() + 1);
                rows = java.util.Arrays.copyOf(found, Math.min(found.length, q.limit()));
                if (found.length > q.limit()) {
                    next = "r" + found[q.limit()];
                }
            } else {
                rows = selection.page(q.offset(), q.limit());
            }
        } else {
            Sorter.Plan plan = Sorter.plan(manifest, q.sort(), q.nullsFirst());
            long hash = queryHash(q.filters(), q.sort(), q.nullsFirst());
            if (q.cursor() != null) {
                Keys after = null;
                if (!q.cursor().isEmpty()) {
                    try {
                        if (!q.cursor().startsWith("k")) {
                            throw new IllegalArgumentException("not a sorted-query cursor");
                        }
                        after = Keys.fromToken(q.cursor().substring(1), hash, plan.keys());
                    } catch (IllegalArgumentException e) {
                        throw new QueryException("cursor", "The cursor is not valid for this query: " + e.getMessage());
                    }
                }
                List<Keys> top = sorter.top(manifest, selection, plan, after, q.limit() + 1, budget);
                int n = Math.min(top.size(), q.limit());
                rows = new long[n];
                for (int i = 0; i < n; i++) {
                    rows[i] = top.get(i).row();
                }
                if (top.size() > q.limit()) {
                    next = "k" + top.get(n - 1).toToken(hash);
                }
            } else if (q.offset() >= selection.count()) {
                rows = new long[0];
            } else if (q.offset() + q.limit() <= limits.topKMax()) {
                List<Keys> top = sorter.top(manifest, selection, plan, null, (int) (q.offset() + q.limit()), budget);
                int from = (int) Math.min(q.offset(), top.size());
                rows = new long[top.size() - from];
                for (int i = from; i < top.size(); i++) {
                    rows[i - from] = top.get(i).row();
                }
            } else {
                rows = sortedPage(manifest, q, selection, plan, budget);
            }
        }
        budget.checkTime();
        List<Object[]> values = fetcher.fetch(manifest, rows, columns);
        return new RowResult(selection.count(), columns.stream().map(ColumnSchema::name).toList(), values, next);
    }

    private long[] sortedPage(DatasetManifest manifest, RowQuery q, Selection selection, Sorter.Plan plan,
                              Budget budget) throws IOException {
        String key = key(manifest, "perm", normalized(q.filters()) + "#" + normalizedSort(q.sort(), q.nullsFirst()));
        byte[] cached = cache.get(key);
        if (cached != null) {
            return Permutation.fromBytes(cached).rows(q.offset(), q.limit());
        }
        try (Permutation permutation = sorter.sortAll(manifest, selection, plan, budget)) {
            if (permutation instanceof Permutation.InMemory inMemory) {
                cache.put(UUID.fromString(manifest.id()), key, Permutation.toBytes(inMemory.all()));
            }
            return permutation.rows(q.offset(), q.limit());
        }
    }

    /** The rows the filters keep, from the cache when it has them. */
    public Selection select(DatasetManifest manifest, List<FilterSpec> filters, Budget budget) throws IOException {
        RowFilter filter = RowFilter.compile(manifest, filters);
        if (filter.isEmpty()) {
            return Selection.all(manifest.chunks());
        }
        String key = key(manifest, "sel", normalized(filters));
        byte[] cached = cache.get(key);
        if (cached != null) {
            return Selection.fromBytes(cached);
        }
        Selection selection = filter.select(manifest, reader, budget);
        cache.put(UUID.fromString(manifest.id()), key, selection.toBytes());
        return selection;
    }

    /** Renders the given dataset rows, in the given order. */
    public List<Object[]> fetch(DatasetManifest manifest, long[] rows, List<ColumnSchema> columns) throws IOException {
        return fetcher.fetch(manifest, rows, columns);
    }

    public List<ColumnSchema> project(DatasetManifest manifest, List<String> names) {
        if (names.isEmpty()) {
            return manifest.columns();
        }
        List<ColumnSchema> selected = new ArrayList<>(names.size());
        for (String name : names) {
            selected.add(RowFilter.column(manifest, name, "columns"));
        }
        return selected;
    }

    /** A cache key that changes whenever the dataset's chunks do (new chunk sealed, re-typed, committed). */
    public static String key(DatasetManifest m, String kind, String normalized) {
        return m.id() + "/" + m.status().jsonName() + "." + m.chunks().size() + "." + m.rowCount() + "."
                + m.updatedAt().toEpochMilli() + "/" + kind + "/" + normalized;
    }

    public static String normalized(List<FilterSpec> filters) {
        return filters.stream().map(FilterSpec::normalized).sorted().reduce("", (a, b) -> a + "&" + b);
    }

    public static String normalizedSort(List<SortKey> sort, boolean nullsFirst) {
        StringBuilder b = new StringBuilder(nullsFirst ? "nf" : "nl");
        for (SortKey k : sort) {
            b.append(',').append(k.normalized());
        }
        return b.toString();
    }

    private static long queryHash(List<FilterSpec> filters, List<SortKey> sort, boolean nullsFirst) {
        byte[] text = (normalized(filters) + "#" + normalizedSort(sort, nullsFirst)).getBytes(StandardCharsets.UTF_8);
        long h = 1125899906842597L;
        for (byte b : text) {
            h = 31 * h + b;
        }
        return h;
    }

    private static long fileOrderCursor(String cursor) {
        try {
            if (cursor.startsWith("r")) {
                long row = Long.parseLong(cursor.substring(1));
                if (row >= 0) {
                    return row;
                }
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw new QueryException("cursor", "The cursor is not valid for this query");
    }

    static String encode(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
