package org.dataexplorer.query;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
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
    private final KeptPermutations kept;
    private final QueryLimits limits;

    public QueryEngine(Catalog catalog, DerivedCache cache, QueryLimits limits) {
        this(catalog, cache, DecodedCache.disabled(), limits);
    }

    public QueryEngine(Catalog catalog, DerivedCache cache, DecodedCache decoded, QueryLimits limits) {
        this(catalog, cache, decoded, KeptPermutations.disabled(), limits);
    }

    public QueryEngine(Catalog catalog, DerivedCache cache, DecodedCache decoded, KeptPermutations kept,
                       QueryLimits limits) {
        this.kept = kept;
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
        String previous = null;
        long position = q.offset();
        if (q.cursor() != null) {
            Cursor cursor = Cursor.parse(q.cursor());
            Page page = q.sort().isEmpty()
                    ? fileOrderPage(selection, cursor, q.limit())
                    : sortedCursorPage(manifest, q, selection, cursor, budget);
            rows = page.rows();
            next = page.next();
            previous = page.previous();
            position = page.position();
        } else if (q.sort().isEmpty()) {
            rows = selection.page(q.offset(), q.limit());
        } else {
            Sorter.Plan plan = Sorter.plan(manifest, q.sort(), q.nullsFirst());
            if (q.offset() >= selection.count()) {
                rows = new long[0];
            } else if (q.offset() + q.limit() <= limits.topKMax()) {
                rows = topPage(manifest, q, selection, plan, budget);
            } else {
                rows = sortedPage(manifest, q, selection, plan, budget);
            }
        }
        budget.checkTime();
        List<Object[]> values = fetcher.fetch(manifest, rows, columns);
        return new RowResult(selection.count(), columns.stream().map(ColumnSchema::name).toList(), values, next,
                previous, position);
    }

    /** The rows of a keyset page, the tokens of its neighbours, and how many selected rows precede it. */
    private record Page(long[] rows, String next, String previous, long position) {
    }

    private static Page fileOrderPage(Selection selection, Cursor cursor, int limit) {
        if (cursor.sorted()) {
            throw Cursor.invalid("it was made for a sorted query");
        }
        long[] rows;
        long position;
        String next = null;
        if (cursor.backward()) {
            rows = selection.pageBefore(cursor.row(), limit);
            position = cursor.position() < 0 ? -1 : Math.max(0, cursor.position() - rows.length);
            next = Cursor.forRow(false, cursor.row(), cursor.position());
        } else {
            long[] found = selection.pageFrom(cursor.row(), limit + 1);
            rows = Arrays.copyOf(found, Math.min(found.length, limit));
            position = cursor.position();
            if (found.length > limit) {
                next = Cursor.forRow(false, found[limit], position < 0 ? -1 : position + limit);
            }
        }
        String previous = rows.length > 0 && position != 0 && selection.pageBefore(rows[0], 1).length > 0
                ? Cursor.forRow(true, rows[0], position) : null;
        return new Page(rows, next, previous, position);
    }

    private Page sortedCursorPage(DatasetManifest manifest, RowQuery q, Selection selection, Cursor cursor,
                                  Budget budget) throws IOException {
        Sorter.Plan plan = Sorter.plan(manifest, q.sort(), q.nullsFirst());
        long hash = queryHash(q.filters(), q.sort(), q.nullsFirst());
        Keys point = null;
        if (cursor != Cursor.FIRST) {
            if (!cursor.sorted()) {
                throw Cursor.invalid("it was made for a query in file order");
            }
            try {
                point = Keys.fromToken(cursor.keys(), hash, plan.keys());
            } catch (IllegalArgumentException e) {
                throw Cursor.invalid(e.getMessage());
            }
        }
        int limit = q.limit();
        List<Keys> page;
        long position;
        boolean more;
        if (cursor.backward()) {
            List<Keys> before = sorter.lastBefore(manifest, selection, plan, point, limit + 1, budget);
            page = before.subList(Math.max(0, before.size() - limit), before.size());
            position = before.size() <= limit ? 0
                    : cursor.position() < 0 ? -1 : Math.max(1, cursor.position() - page.size());
            more = true;
        } else {
            List<Keys> top = sorter.top(manifest, selection, plan, point, limit + 1, budget);
            page = top.subList(0, Math.min(top.size(), limit));
            position = point == null ? 0 : cursor.position();
            more = top.size() > limit;
        }
        long[] rows = new long[page.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = page.get(i).row();
        }
        String next = null;
        String previous = null;
        if (!page.isEmpty()) {
            long after = position < 0 ? -1 : position + page.size();
            next = more ? Cursor.forKeys(false, page.get(page.size() - 1).toToken(hash), after) : null;
            previous = position == 0 ? null : Cursor.forKeys(true, page.get(0).toToken(hash), position);
        } else if (cursor.backward()) {
            next = "";
        }
        return new Page(rows, next, previous, position);
    }

    /**
     * A page within the first {@code query.topk.max} sorted rows. The leading rows are kept in the derived
     * cache, rounded up to a power of two (at least {@value #TOP_CACHED_MIN}), so the next pages of a
     * scrolling grid, and everyone else reading the same sorted view, do not scan the dataset again. A full
     * sorted permutation already cached for a deep page serves too.
     */
    private long[] topPage(DatasetManifest manifest, RowQuery q, Selection selection, Sorter.Plan plan,
                           Budget budget) throws IOException {
        String view = normalized(q.filters()) + "#" + normalizedSort(q.sort(), q.nullsFirst());
        int wanted = (int) (q.offset() + q.limit());
        int kept = Math.max(TOP_CACHED_MIN, Integer.highestOneBit(Math.max(1, wanted - 1)) << 1);
        for (int k = kept; k < 2 * limits.topKMax() && k > 0; k <<= 1) {
            byte[] cached = cache.get(key(manifest, "top" + Math.min(k, limits.topKMax()), view));
            if (cached != null) {
                return Permutation.rows(cached, q.offset(), q.limit());
            }
        }
        byte[] permutation = cache.get(key(manifest, "perm", view));
        if (permutation != null) {
            return Permutation.rows(permutation, q.offset(), q.limit());
        }
        // Without a cache to keep them in, only the rows this page needs.
        int k = cache.isEnabled() ? Math.min(kept, limits.topKMax()) : wanted;
        List<Keys> top = sorter.top(manifest, selection, plan, null, k, budget);
        long[] leading = new long[top.size()];
        for (int i = 0; i < leading.length; i++) {
            leading[i] = top.get(i).row();
        }
        byte[] bytes = Permutation.toBytes(leading);
        if (cache.isEnabled()) {
            cache.put(UUID.fromString(manifest.id()), key(manifest, "top" + k, view), bytes);
        }
        return Permutation.rows(bytes, q.offset(), q.limit());
    }

    private static final int TOP_CACHED_MIN = 1024;

    private long[] sortedPage(DatasetManifest manifest, RowQuery q, Selection selection, Sorter.Plan plan,
                              Budget budget) throws IOException {
        String key = key(manifest, "perm", normalized(q.filters()) + "#" + normalizedSort(q.sort(), q.nullsFirst()));
        byte[] cached = cache.get(key);
        if (cached != null) {
            return Permutation.rows(cached, q.offset(), q.limit());
        }
        Permutation spilled = kept.get(key);
        if (spilled != null) {
            try {
                return spilled.rows(q.offset(), q.limit());
            } catch (NoSuchFileException evictedMeanwhile) {
                kept.forget(key);
            }
        }
        try (Permutation permutation = sorter.sortAll(manifest, selection, plan, budget)) {
            long[] rows = permutation.rows(q.offset(), q.limit());
            if (permutation instanceof Permutation.InMemory inMemory) {
                cache.put(UUID.fromString(manifest.id()), key, Permutation.toBytes(inMemory.all()));
            } else if (permutation instanceof Permutation.Spilled file) {
                kept.keep(UUID.fromString(manifest.id()), key, file);
            }
            return rows;
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

    static String encode(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
