package org.dataexplorer.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.dataexplorer.query.agg.AggregateSpec;
import org.dataexplorer.query.agg.Aggregator;
import org.dataexplorer.query.agg.GroupKey;
import org.dataexplorer.query.agg.GroupQuery;
import org.dataexplorer.query.filter.FilterSpec;
import org.dataexplorer.query.filter.Op;
import org.dataexplorer.query.sort.SortKey;
import org.dataexplorer.store.ChunkCache;
import org.dataexplorer.store.catalog.Catalog;
import org.dataexplorer.store.catalog.CatalogListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Derived results in the shipped Ehcache configuration: hits give the same answers; deletes evict. */
class DerivedCacheTest {

    @TempDir
    Path dir;

    @Test
    void cachedSelectionsPermutationsAndGroupsAnswerTheSameAndDeleteEvictsThem() throws Exception {
        try (ChunkCache chunks = ChunkCache.open(Path.of("conf/ehcache.xml").toUri().toURL(), dir.resolve("cache"))) {
            DerivedCache derived = new DerivedCache(chunks.companion(DerivedCache.CACHE_NAME), 64 << 20);
            assertTrue(derived.isEnabled());
            Catalog catalog = new Catalog(dir.resolve("store"), chunks, new CatalogListener() {
                @Override
                public void deleted(UUID id) {
                    derived.evictDataset(id);
                }
            });
            try (QueryFixture data = new QueryFixture(catalog, 800, 9)) {
                DecodedCache decoded = new DecodedCache(2 << 20);
                QueryEngine engine = new QueryEngine(catalog, derived, decoded,
                        new QueryLimits(60_000, 64L << 20, 20, 10_000, dir.resolve("spill")));
                Aggregator aggregator = new Aggregator(engine, derived);
                List<FilterSpec> filters = List.of(new FilterSpec("qty", Op.GTE, List.of("0"), "qty__gte"));
                RowQuery deep = new RowQuery(filters, List.of(new SortKey("note", false)), false, List.of("id"), 300, 50, null);
                GroupQuery group = new GroupQuery(filters, List.of(new GroupKey("name", null)),
                        List.of(new AggregateSpec("price", AggregateSpec.Fn.MEAN, null)), List.of(), List.of(), false, 0, 10);

                RowResult cold = engine.rows(data.manifest, deep);
                var coldGroups = aggregator.group(data.manifest, group);
                String selKey = QueryEngine.key(data.manifest, "sel", QueryEngine.normalized(filters));
                assertNotNull(derived.get(selKey), "the filtered row set is cached");
                RowResult warm = engine.rows(data.manifest, deep);
                var warmGroups = aggregator.group(data.manifest, group);
                assertEquals(QueryEngineTest.ids(cold), QueryEngineTest.ids(warm));
                assertEquals(cold.count(), warm.count());
                assertEquals(coldGroups.rows().size(), warmGroups.rows().size());
                for (int i = 0; i < coldGroups.rows().size(); i++) {
                    assertEquals(java.util.Arrays.asList(coldGroups.rows().get(i)), java.util.Arrays.asList(warmGroups.rows().get(i)));
                }
                assertTrue(chunks.stats(DerivedCache.CACHE_NAME).hits() >= 3, "permutation, selection and group hits");

                assertTrue(decoded.bytes() > 0 && decoded.bytes() <= 2 << 20, "decoded chunks are kept, within bounds");
                QueryEngine uncached = new QueryEngine(catalog, DerivedCache.disabled(),
                        new QueryLimits(60_000, 64L << 20, 20, 10_000, dir.resolve("spill")));
                assertEquals(QueryEngineTest.ids(uncached.rows(data.manifest, deep)), QueryEngineTest.ids(warm));

                catalog.delete(UUID.fromString(data.manifest.id()));
                decoded.evictDataset(UUID.fromString(data.manifest.id()));
                assertNull(derived.get(selKey), "deleting the dataset evicts its derived results");
                assertEquals(0, decoded.bytes());
            }
        }
    }

    @Test
    void theLeadingRowsOfASortedViewServeItsNextPagesFromTheCache() throws Exception {
        try (ChunkCache chunks = ChunkCache.open(Path.of("conf/ehcache.xml").toUri().toURL(), dir.resolve("cache"))) {
            DerivedCache derived = new DerivedCache(chunks.companion(DerivedCache.CACHE_NAME), 64 << 20);
            Catalog catalog = new Catalog(dir.resolve("store"), chunks, new CatalogListener() { });
            try (QueryFixture data = new QueryFixture(catalog, 3_000, 5)) {
                QueryLimits limits = new QueryLimits(60_000, 64L << 20, 2_000, 10_000, dir.resolve("spill"));
                QueryEngine engine = new QueryEngine(catalog, derived, new DecodedCache(2 << 20), limits);
                QueryEngine uncached = new QueryEngine(catalog, DerivedCache.disabled(), limits);
                List<SortKey> sort = List.of(new SortKey("price", true), new SortKey("name", false));
                String view = QueryEngine.normalized(List.of()) + "#" + QueryEngine.normalizedSort(sort, false);
                String top1024 = QueryEngine.key(data.manifest, "top1024", view);

                RowQuery first = new RowQuery(List.of(), sort, false, List.of("id"), 0, 100, null);
                assertEquals(QueryEngineTest.ids(uncached.rows(data.manifest, first)),
                        QueryEngineTest.ids(engine.rows(data.manifest, first)));
                assertNotNull(derived.get(top1024), "the first 1,024 rows of the view are kept");
                long hits = chunks.stats(DerivedCache.CACHE_NAME).hits();
                for (long offset : new long[] {100, 900, 924}) {
                    RowQuery next = new RowQuery(List.of(), sort, false, List.of("id"), offset, 100, null);
                    assertEquals(QueryEngineTest.ids(uncached.rows(data.manifest, next)),
                            QueryEngineTest.ids(engine.rows(data.manifest, next)), "offset " + offset);
                }
                assertTrue(chunks.stats(DerivedCache.CACHE_NAME).hits() >= hits + 3, "the next pages are cache hits");

                // Past the first 1,024 rows: the next power of two (capped at query.topk.max) is kept.
                RowQuery later = new RowQuery(List.of(), sort, false, List.of("id"), 1_500, 100, null);
                assertEquals(QueryEngineTest.ids(uncached.rows(data.manifest, later)),
                        QueryEngineTest.ids(engine.rows(data.manifest, later)));
                assertNotNull(derived.get(QueryEngine.key(data.manifest, "top2000", view)));
            }
        }
    }
}
