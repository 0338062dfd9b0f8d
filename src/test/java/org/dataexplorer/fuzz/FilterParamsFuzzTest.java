package org.dataexplorer.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import org.dataexplorer.api.resources.FilterParams;
import org.dataexplorer.ingest.IngestHarness;
import org.dataexplorer.query.Budget;
import org.dataexplorer.query.DerivedCache;
import org.dataexplorer.query.QueryEngine;
import org.dataexplorer.query.QueryException;
import org.dataexplorer.query.QueryLimits;
import org.dataexplorer.query.filter.FilterSpec;
import org.dataexplorer.query.filter.Selection;
import org.dataexplorer.store.DatasetManifest;

/**
 * Filter query parameters ({@code col__op=value}) from arbitrary text, parsed and then applied to a small
 * dataset of every column type: the only failure allowed is a {@link QueryException} (a 400 naming the
 * parameter), and a selection never holds more rows than the dataset.
 */
class FilterParamsFuzzTest {

    private static final String[] COLUMNS = {"id", "price", "flag", "day", "ts", "name", "nothing"};
    private static final String[] OPS = {"", "__exact", "__not", "__gt", "__gte", "__lt", "__lte", "__contains",
        "__icontains", "__startswith", "__endswith", "__regex", "__in", "__notin", "__between", "__isnull",
        "__notnull", "__bogus", "__"};
    private static final Data DATA = Data.create();

    /** One dataset for the whole run (a fuzz run calls the target millions of times). */
    private record Data(QueryEngine engine, DatasetManifest manifest) {
        static Data create() {
            try {
                Path root = Files.createTempDirectory("filter-fuzz");
                IngestHarness harness = new IngestHarness(root);
                StringBuilder csv = new StringBuilder("id,price,flag,day,ts,name\n");
                for (int i = 0; i < 40; i++) {
                    csv.append(i).append(',').append(i % 7 == 0 ? "" : String.valueOf(i * 1.5 - 20)).append(',')
                            .append(i % 5 == 0 ? "" : String.valueOf(i % 2 == 0)).append(',')
                            .append(i % 6 == 0 ? "" : "2024-01-" + String.format("%02d", 1 + i % 28)).append(',')
                            .append("2024-02-03T04:05:").append(String.format("%02d", i)).append(',')
                            .append(i % 4 == 0 ? "" : "näme-" + (i % 9)).append('\n');
                }
                DatasetManifest manifest = harness.ingest(csv.toString().getBytes(StandardCharsets.UTF_8));
                QueryEngine engine = new QueryEngine(harness.catalog(), DerivedCache.disabled(),
                        new QueryLimits(10_000, 64L << 20, 50, 10_000, root.resolve("spill")));
                return new Data(engine, manifest);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @FuzzTest(maxDuration = "5m")
    void filterParameters(FuzzedDataProvider data) throws IOException {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        int count = data.consumeInt(1, 4);
        for (int i = 0; i < count; i++) {
            String name = data.consumeBoolean()
                    ? COLUMNS[data.consumeInt(0, COLUMNS.length - 1)] + OPS[data.consumeInt(0, OPS.length - 1)]
                    : data.consumeString(30);
            parameters.computeIfAbsent(name, k -> new ArrayList<>()).add(data.consumeString(60));
        }
        try {
            List<FilterSpec> specs = FilterParams.filters(parameters, Set.of());
            Selection selection = DATA.engine().select(DATA.manifest(), specs, new Budget(10_000, 64L << 20));
            assertTrue(selection.count() >= 0 && selection.count() <= DATA.manifest().rowCount(),
                    () -> "selection of " + selection.count() + " rows");
            if (specs.isEmpty()) {
                assertEquals(DATA.manifest().rowCount(), selection.count());
            }
        } catch (QueryException expected) {
            assertTrue(expected.parameter() != null && !expected.getMessage().isBlank(),
                    () -> "a 400 must name its parameter: " + expected);
        }
    }
}
