package org.dataexplorer.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.dataexplorer.query.QueryFixture.Row;
import org.dataexplorer.query.filter.FilterSpec;
import org.dataexplorer.query.filter.Op;
import org.dataexplorer.query.sort.SortKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every operator, type and null case against a plain in-test evaluation over the same rows. */
class QueryEngineTest {

    static final String[] COLUMNS = {"id", "price", "qty", "flag", "day", "ts", "name", "note"};

    @TempDir
    static Path dir;
    static QueryFixture data;
    static QueryEngine engine;

    @BeforeAll
    static void ingest() throws IOException {
        data = new QueryFixture(dir.resolve("store"), 1500, 42);
        engine = new QueryEngine(data.catalog, DerivedCache.disabled(),
                new QueryLimits(60_000, 64L << 20, 50, 100_000, dir.resolve("spill")));
    }

    @AfterAll
    static void close() {
        data.close();
    }

    @Test
    void datasetHasSeveralChunksAndWidenedPrices() {
        assertTrue(data.manifest.chunks().size() > 10);
        assertEquals("float", data.manifest.columns().get(1).type().jsonName());
        assertEquals("integer", data.manifest.chunks().get(0).columns().get(1).type().jsonName());
    }

    // ---- filters ----

    @Test
    void everyOperatorOnEveryTypeMatchesTheReference() throws IOException {
        int checked = 0;
        for (String[] c : cases()) {
            String column = c[0];
            Op op = Op.parse(c[1]);
            List<String> values = c.length > 2 ? List.of(Arrays.copyOfRange(c, 2, c.length)) : List.of();
            FilterSpec spec = new FilterSpec(column, op, values, column + "__" + op.jsonName());
            List<Long> expected = data.rows.stream().filter(r -> matches(r.get(column), op, values))
                    .map(Row::id).toList();
            RowResult result = engine.rows(data.manifest, query(List.of(spec), List.of(), 0, 2000, null));
            assertEquals(expected, ids(result), Arrays.toString(c));
            assertEquals(expected.size(), result.count(), "count of " + Arrays.toString(c));
            checked += expected.size();
        }
        assertTrue(checked > 1000, "the cases select rows");
    }

    static List<String[]> cases() {
        List<String[]> cases = new ArrayList<>();
        String[][] operands = {
                {"id", "50", "10", "1499"},
                {"price", "3.5", "0", "-10", "12.25"},
                {"qty", "3", "0", "-5"},
                {"flag", "true", "false"},
                {"day", "2023-06-01", "2023-01-01", "2024-05-14"},
                {"ts", "2024-02-01T12:00:00", "2024-01-15T00:00:00"},
                {"name", "beta", "Épée", "zeta", "nope"},
                {"note", "common-prefix-b-tail", "common-prefix-2", "x5", "üñî3"},
        };
        for (String[] col : operands) {
            String column = col[0];
            for (int i = 1; i < col.length; i++) {
                for (String op : List.of("exact", "not", "gt", "gte", "lt", "lte")) {
                    cases.add(new String[] {column, op, col[i]});
                }
            }
            cases.add(new String[] {column, "in", col[1], col[2]});
            cases.add(new String[] {column, "notin", col[1], col[2]});
            cases.add(new String[] {column, "between", min(col[1], col[2]), max(col[1], col[2])});
            cases.add(new String[] {column, "isnull", "1"});
            cases.add(new String[] {column, "isnull", "0"});
            cases.add(new String[] {column, "notnull", "1"});
        }
        for (String column : List.of("name", "note")) {
            for (String needle : List.of("et", "prefix-1", "ÉP", "ép", "a", "ñ", "")) {
                for (String op : List.of("contains", "icontains", "startswith", "endswith")) {
                    cases.add(new String[] {column, op, needle});
                }
            }
            cases.add(new String[] {column, "regex", "^[ab].*a$"});
            cases.add(new String[] {column, "regex", "\\d+-tail"});
        }
        return cases;
    }

    private static String min(String a, String b) {
        return compareText(a, b) <= 0 ? a : b;
    }

    private static String max(String a, String b) {
        return compareText(a, b) <= 0 ? b : a;
    }

    private static int compareText(String a, String b) {
        try {
            return Double.compare(Double.parseDouble(a), Double.parseDouble(b));
        } catch (NumberFormatException e) {
            return a.compareTo(b);
        }
    }

    /** The reference: nulls match only isnull; strings compare by code point. */
    static boolean matches(Object v, Op op, List<String> operands) {
        if (op == Op.ISNULL || op == Op.NOTNULL) {
            boolean flag = operands.isEmpty() || operands.get(0).equals("1");
            return (v == null) == ((op == Op.ISNULL) == flag);
        }
        if (v == null) {
            return false;
        }
        return switch (op) {
            case EXACT -> compare(v, operands.get(0)) == 0;
            case NOT -> compare(v, operands.get(0)) != 0;
            case GT -> compare(v, operands.get(0)) > 0;
            case GTE -> compare(v, operands.get(0)) >= 0;
            case LT -> compare(v, operands.get(0)) < 0;
            case LTE -> compare(v, operands.get(0)) <= 0;
            case IN -> operands.stream().anyMatch(o -> compare(v, o) == 0);
            case NOTIN -> operands.stream().noneMatch(o -> compare(v, o) == 0);
            case BETWEEN -> compare(v, operands.get(0)) >= 0 && compare(v, operands.get(1)) <= 0;
            case CONTAINS -> ((String) v).contains(operands.get(0));
            case ICONTAINS -> ((String) v).toLowerCase(Locale.ROOT).contains(operands.get(0).toLowerCase(Locale.ROOT));
            case STARTSWITH -> ((String) v).startsWith(operands.get(0));
            case ENDSWITH -> ((String) v).endsWith(operands.get(0));
            case REGEX -> Pattern.compile(operands.get(0)).matcher((String) v).find();
            default -> throw new IllegalArgumentException(op.name());
        };
    }

    static int compare(Object v, String operand) {
        if (v instanceof Long l) {
            return Long.compare(l, Long.parseLong(operand));
        }
        if (v instanceof Double d) {
            return Double.compare(d, Double.parseDouble(operand));
        }
        if (v instanceof Boolean b) {
            return Boolean.compare(b, Boolean.parseBoolean(operand));
        }
        if (v instanceof LocalDate d) {
            return d.compareTo(LocalDate.parse(operand));
        }
        if (v instanceof LocalDateTime t) {
            return t.compareTo(LocalDateTime.parse(operand));
        }
        return Arrays.compareUnsigned(((String) v).getBytes(StandardCharsets.UTF_8), operand.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void filtersAndTogether() throws IOException {
        List<FilterSpec> specs = List.of(spec("price", Op.GT, "0"), spec("name", Op.IN, "alpha", "beta"),
                spec("flag", Op.EXACT, "true"));
        List<Long> expected = data.rows.stream().filter(r -> matches(r.price(), Op.GT, List.of("0"))
                && matches(r.name(), Op.IN, List.of("alpha", "beta")) && Boolean.TRUE.equals(r.flag()))
                .map(Row::id).toList();
        RowResult result = engine.rows(data.manifest, query(specs, List.of(), 0, 2000, null));
        assertEquals(expected, ids(result));
        assertTrue(expected.size() > 20);
    }

    @Test
    void badValuesUnknownColumnsAndOperatorsNameTheParameter() {
        assertEquals("qty__gt", assertThrows(QueryException.class, () -> engine.rows(data.manifest,
                query(List.of(spec("qty", Op.GT, "3.5")), List.of(), 0, 10, null))).parameter());
        assertEquals("day__gt", assertThrows(QueryException.class, () -> engine.rows(data.manifest,
                query(List.of(spec("day", Op.GT, "yesterday")), List.of(), 0, 10, null))).parameter());
        assertEquals("nope__exact", assertThrows(QueryException.class, () -> engine.rows(data.manifest,
                query(List.of(spec("nope", Op.EXACT, "1")), List.of(), 0, 10, null))).parameter());
        assertEquals("qty__contains", assertThrows(QueryException.class, () -> engine.rows(data.manifest,
                query(List.of(spec("qty", Op.CONTAINS, "1")), List.of(), 0, 10, null))).parameter());
        assertEquals("name__regex", assertThrows(QueryException.class, () -> engine.rows(data.manifest,
                query(List.of(spec("name", Op.REGEX, "(")), List.of(), 0, 10, null))).parameter());
        assertEquals("sort", assertThrows(QueryException.class, () -> engine.rows(data.manifest,
                query(List.of(), List.of(new SortKey("nope", false)), 0, 10, null))).parameter());
        assertEquals("columns", assertThrows(QueryException.class, () -> engine.rows(data.manifest,
                new RowQuery(List.of(), List.of(), false, List.of("nope"), 0, 10, null))).parameter());
    }

    // ---- sorting and paging ----

    @Test
    void sortsMatchTheReferenceAtEveryDepthAndThroughCursors() throws IOException {
        Random random = new Random(7);
        for (int round = 0; round < 40; round++) {
            int keys = 1 + random.nextInt(3);
            List<SortKey> sort = new ArrayList<>();
            for (int k = 0; k < keys; k++) {
                sort.add(new SortKey(COLUMNS[1 + random.nextInt(COLUMNS.length - 1)], random.nextBoolean()));
            }
            boolean nullsFirst = random.nextInt(3) == 0;
            List<FilterSpec> filters = random.nextBoolean() ? List.of() : List.of(spec("qty", Op.GTE, "0"));
            List<Long> expected = reference(filters, sort, nullsFirst);
            String label = sort + " nullsFirst=" + nullsFirst + " " + filters;

            int offset = random.nextInt(expected.size());
            int limit = 1 + random.nextInt(60);
            RowResult page = engine.rows(data.manifest, new RowQuery(filters, sort, nullsFirst, List.of("id"),
                    offset, limit, null));
            assertEquals(expected.subList(offset, Math.min(expected.size(), offset + limit)), ids(page), label);
            RowResult first = engine.rows(data.manifest, new RowQuery(filters, sort, nullsFirst, List.of("id"), 0, 7, null));
            assertEquals(expected.subList(0, 7), ids(first), "top-K " + label);

            if (round % 8 == 0) {
                assertEquals(expected, walk(filters, sort, nullsFirst, 1 + random.nextInt(300)), "cursor " + label);
            }
        }
    }

    @Test
    void fileOrderPagesAtAnyOffsetOfAFilteredSet() throws IOException {
        Random random = new Random(3);
        for (List<FilterSpec> filters : List.of(List.<FilterSpec>of(), List.of(spec("name", Op.NOT, "beta")),
                List.of(spec("qty", Op.GTE, "0")))) {
            List<Long> expected = reference(filters, List.of(), false);
            for (int round = 0; round < 30; round++) {
                int offset = random.nextInt(expected.size() + 5);
                int limit = 1 + random.nextInt(200);
                RowResult page = engine.rows(data.manifest, query(filters, List.of(), offset, limit, null));
                assertEquals(expected.subList(Math.min(offset, expected.size()), Math.min(expected.size(), offset + limit)),
                        ids(page), filters + " offset " + offset);
            }
        }
    }

    @Test
    void fileOrderCursorsWalkTheFilteredRows() throws IOException {
        List<FilterSpec> filters = List.of(spec("name", Op.NOT, "beta"));
        List<Long> expected = reference(filters, List.of(), false);
        assertEquals(expected, walk(filters, List.of(), false, 64));
        assertEquals("cursor", assertThrows(QueryException.class, () -> engine.rows(data.manifest,
                query(filters, List.of(), 0, 10, "garbage"))).parameter());
        assertEquals("cursor", assertThrows(QueryException.class, () -> engine.rows(data.manifest,
                query(filters, List.of(new SortKey("qty", false)), 0, 10, "kAAAA"))).parameter());
    }

    @Test
    void sortsSpillToDiskUnderASmallMemoryBudget() throws IOException {
        QueryEngine small = new QueryEngine(data.catalog, DerivedCache.disabled(),
                new QueryLimits(60_000, 48 * 1024, 10, 100_000, dir.resolve("spill-small")));
        List<SortKey> sort = List.of(new SortKey("note", true), new SortKey("price", false));
        List<Long> expected = reference(List.of(), sort, false);
        RowResult page = small.rows(data.manifest, new RowQuery(List.of(), sort, false, List.of("id"), 700, 100, null));
        assertEquals(expected.subList(700, 800), ids(page));
        try (var files = java.nio.file.Files.list(dir.resolve("spill-small"))) {
            assertEquals(0, files.count(), "runs and permutation files are removed");
        }
    }

    @Test
    void spilledPermutationsAreKeptForTheNextPagesWithinTheirBudget() throws IOException {
        Path spill = dir.resolve("spill-kept");
        List<SortKey> byNote = List.of(new SortKey("note", true), new SortKey("price", false));
        List<SortKey> byPrice = List.of(new SortKey("price", true));
        long oneOrder = data.rows.size() * 8L;
        KeptPermutations kept = new KeptPermutations(spill, oneOrder + oneOrder / 2);
        QueryEngine small = new QueryEngine(data.catalog, DerivedCache.disabled(), DecodedCache.disabled(), kept,
                new QueryLimits(60_000, 48 * 1024, 10, 100_000, spill));

        List<Long> expected = reference(List.of(), byNote, false);
        RowResult page = small.rows(data.manifest, new RowQuery(List.of(), byNote, false, List.of("id"), 700, 100, null));
        assertEquals(expected.subList(700, 800), ids(page));
        assertEquals(List.of(KeptPermutations.PREFIX + "1.bin"), spillFiles(spill), "the order is kept, runs are gone");

        page = small.rows(data.manifest, new RowQuery(List.of(), byNote, false, List.of("id"), 800, 100, null));
        assertEquals(expected.subList(800, 900), ids(page));
        assertEquals(List.of(KeptPermutations.PREFIX + "1.bin"), spillFiles(spill), "the next page reads the kept order");

        List<Long> byPriceExpected = reference(List.of(), byPrice, false);
        page = small.rows(data.manifest, new RowQuery(List.of(), byPrice, false, List.of("id"), 500, 50, null));
        assertEquals(byPriceExpected.subList(500, 550), ids(page));
        assertEquals(List.of(KeptPermutations.PREFIX + "2.bin"), spillFiles(spill), "over budget: the older order goes");

        java.nio.file.Files.delete(spill.resolve(KeptPermutations.PREFIX + "2.bin"));
        page = small.rows(data.manifest, new RowQuery(List.of(), byPrice, false, List.of("id"), 550, 50, null));
        assertEquals(byPriceExpected.subList(550, 600), ids(page), "a vanished file is a miss, not an error");

        kept.evictDataset(java.util.UUID.fromString(data.manifest.id()));
        assertEquals(List.of(), spillFiles(spill));
        assertEquals(0, kept.bytes());
    }

    private static List<String> spillFiles(Path spill) throws IOException {
        try (var files = java.nio.file.Files.list(spill)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void budgetsStopARequestWithTheLimitNamed() {
        QueryEngine late = new QueryEngine(data.catalog, DerivedCache.disabled(),
                new QueryLimits(0, 64L << 20, 50, 100_000, dir.resolve("spill")));
        QueryBudgetException time = assertThrows(QueryBudgetException.class, () -> late.rows(data.manifest,
                query(List.of(spec("qty", Op.GT, "1")), List.of(), 0, 10, null)));
        assertEquals(QueryBudgetException.Limit.TIME, time.limit());
        assertTrue(time.getMessage().contains("query.timeout.ms"));

        QueryEngine tight = new QueryEngine(data.catalog, DerivedCache.disabled(),
                new QueryLimits(60_000, 1 << 16, 1_000_000, 100_000, dir.resolve("spill")));
        QueryBudgetException memory = assertThrows(QueryBudgetException.class, () -> tight.rows(data.manifest,
                query(List.of(), List.of(new SortKey("qty", false)), 0, 1000, null)));
        assertEquals(QueryBudgetException.Limit.MEMORY, memory.limit());
        assertTrue(memory.getMessage().contains("query.memory.bytes"));
    }

    @Test
    void projectionAndTypedValues() throws IOException {
        RowResult r = engine.rows(data.manifest, new RowQuery(List.of(spec("id", Op.EXACT, "3")), List.of(), false,
                List.of("note", "price", "day", "ts", "flag"), 0, 10, null));
        Row row = data.rows.get(3);
        assertEquals(List.of("note", "price", "day", "ts", "flag"), r.columns());
        Object[] values = r.rows().get(0);
        assertEquals(row.note(), values[0]);
        assertEquals(row.price(), values[1]);
        assertEquals(row.day() == null ? null : row.day().toString(), values[2]);
        assertEquals(row.flag(), values[4]);
        assertNull(r.nextCursor());
    }

    // ---- helpers ----

    /**
     * Follows {@code next} from the first page to the last, checking each page's position, then
     * {@code previous} back to the first, checking it retraces the same pages.
     */
    private List<Long> walk(List<FilterSpec> filters, List<SortKey> sort, boolean nullsFirst, int pageSize)
            throws IOException {
        List<List<Long>> pages = new ArrayList<>();
        String cursor = "";
        RowResult page = null;
        while (cursor != null) {
            page = engine.rows(data.manifest, new RowQuery(filters, sort, nullsFirst, List.of("id"), 0,
                    pageSize, cursor));
            assertEquals((long) pages.size() * pageSize, page.position(), "position of page " + pages.size());
            assertEquals(pages.isEmpty(), page.previousCursor() == null, "previous of page " + pages.size());
            pages.add(ids(page));
            cursor = page.nextCursor();
            assertTrue(pages.size() < 10_000);
        }
        for (int i = pages.size() - 2; i >= 0; i--) {
            page = engine.rows(data.manifest, new RowQuery(filters, sort, nullsFirst, List.of("id"), 0,
                    pageSize, page.previousCursor()));
            assertEquals(pages.get(i), ids(page), "page " + i + " walking back");
            assertEquals((long) i * pageSize, page.position(), "position of page " + i + " walking back");
            assertEquals(i == 0, page.previousCursor() == null, "previous of page " + i + " walking back");
            RowResult forward = engine.rows(data.manifest, new RowQuery(filters, sort, nullsFirst, List.of("id"), 0,
                    pageSize, page.nextCursor()));
            assertEquals(pages.get(i + 1), ids(forward), "next of page " + i + " reached walking back");
        }
        return pages.stream().flatMap(List::stream).toList();
    }

    static List<Long> reference(List<FilterSpec> filters, List<SortKey> sort, boolean nullsFirst) {
        Predicate<Row> keep = r -> filters.stream().allMatch(f -> matches(r.get(f.column()), f.op(), f.values()));
        Comparator<Row> order = (a, b) -> 0;
        for (SortKey key : sort) {
            order = order.thenComparing((a, b) -> {
                Object x = a.get(key.column());
                Object y = b.get(key.column());
                if (x == null || y == null) {
                    return x == y ? 0 : (x == null) == nullsFirst ? -1 : 1;
                }
                int c = compareValues(x, y);
                return key.descending() ? -c : c;
            });
        }
        order = order.thenComparingLong(Row::id);
        return data.rows.stream().filter(keep).sorted(order).map(Row::id).toList();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compareValues(Object x, Object y) {
        if (x instanceof String a) {
            return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), ((String) y).getBytes(StandardCharsets.UTF_8));
        }
        return ((Comparable) x).compareTo(y);
    }

    static FilterSpec spec(String column, Op op, String... values) {
        return new FilterSpec(column, op, List.of(values), column + "__" + op.jsonName());
    }

    static RowQuery query(List<FilterSpec> filters, List<SortKey> sort, long offset, int limit, String cursor) {
        return new RowQuery(filters, sort, false, List.of("id"), offset, limit, cursor);
    }

    static List<Long> ids(RowResult result) {
        int index = result.columns().indexOf("id");
        return result.rows().stream().map(r -> (Long) r[index]).toList();
    }
}
