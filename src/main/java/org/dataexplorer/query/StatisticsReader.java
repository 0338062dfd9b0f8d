package org.dataexplorer.query;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.dataexplorer.store.ColumnSchema;
import org.dataexplorer.store.ColumnType;
import org.dataexplorer.store.DatasetManifest;
import org.dataexplorer.store.DatasetStatus;
import org.dataexplorer.store.catalog.Catalog;
import org.dataexplorer.store.stats.ColumnProfile;
import org.dataexplorer.store.stats.StatsFile;

/**
 * Column statistics for the API: the profile ingest wrote ({@code stats.json}) for a READY dataset,
 * else what chunk metadata tells (count, nulls, min, max) for one still ingesting.
 */
public final class StatisticsReader {

    /** Where the statistics came from: {@code profile} (complete) or {@code chunks} (partial, while ingesting). */
    public record Statistics(String source, List<ColumnSummary> columns) {
    }

    private final Catalog catalog;
    private final DatasetReader reader;

    public StatisticsReader(Catalog catalog, DatasetReader reader) {
        this.catalog = catalog;
        this.reader = reader;
    }

    public Statistics statistics(DatasetManifest manifest) throws IOException {
        if (manifest.status() == DatasetStatus.READY) {
            List<ColumnProfile> profiles = StatsFile.read(
                    catalog.datasetDir(UUID.fromString(manifest.id())).resolve(StatsFile.NAME));
            if (profiles != null && profiles.size() == manifest.columns().size()) {
                List<ColumnSummary> columns = new ArrayList<>();
                for (int c = 0; c < profiles.size(); c++) {
                    columns.add(summary(manifest.columns().get(c), profiles.get(c)));
                }
                return new Statistics("profile", columns);
            }
        }
        List<ColumnSummary> columns = new ArrayList<>();
        for (ColumnStatistics s : reader.statistics(manifest)) {
            columns.add(new ColumnSummary(s.name(), s.type(), s.count(), s.nullCount(), null, null, s.min(), s.max(),
                    null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                    null));
        }
        return new Statistics("chunks", columns);
    }

    static ColumnSummary summary(ColumnSchema column, ColumnProfile p) {
        ValueRenderer renderer = new ValueRenderer(column);
        ColumnType type = column.type();
        Object min = p.minString() != null ? p.minString() : p.minDouble() != null ? p.minDouble()
                : p.minLong() != null ? renderer.bound(type, p.minLong(), 0, null) : null;
        Object max = p.maxString() != null ? p.maxString() : p.maxDouble() != null ? p.maxDouble()
                : p.maxLong() != null ? renderer.bound(type, p.maxLong(), 0, null) : null;
        Map<String, Object> percentiles = null;
        if (p.p5() != null) {
            percentiles = new LinkedHashMap<>();
            percentiles.put("p5", point(renderer, type, p.p5()));
            percentiles.put("p25", point(renderer, type, p.q1()));
            percentiles.put("p50", point(renderer, type, p.median()));
            percentiles.put("p75", point(renderer, type, p.q3()));
            percentiles.put("p95", point(renderer, type, p.p95()));
        }
        List<ColumnSummary.ValueCount> top = p.topValues().stream()
                .map(t -> new ColumnSummary.ValueCount(value(renderer, type, t.value()), t.count())).toList();
        List<ColumnSummary.HistogramBin> bins = p.histogram().stream()
                .map(b -> new ColumnSummary.HistogramBin(point(renderer, type, b.low()), point(renderer, type, b.high()),
                        b.count())).toList();
        return new ColumnSummary(column.name(), type.jsonName(), p.count(), p.nullCount(), p.distinct(),
                p.distinctApproximate(), min, max, p.sum(), p.mean(), p.stddev(), p.variance(),
                point(renderer, type, p.q1()), point(renderer, type, p.median()), point(renderer, type, p.q3()),
                percentiles, p.minLength(), p.maxLength(), p.meanLength(), p.zeros(), p.negatives(), top,
                p.topApproximate(), bins.isEmpty() ? null : bins, p.sortOrder());
    }

    /** A quantile or bin edge: a number, or for dates and timestamps the instant it falls on. */
    private static Object point(ValueRenderer renderer, ColumnType type, Double v) {
        if (v == null) {
            return null;
        }
        if (type == ColumnType.DATE || type == ColumnType.TIMESTAMP) {
            return renderer.bound(type, (long) Math.floor(v), 0, null);
        }
        return v;
    }

    private static Object value(ValueRenderer renderer, ColumnType type, Object raw) {
        if (raw instanceof Long l && type != ColumnType.FLOAT) {
            return renderer.bound(type, l, 0, null);
        }
        return raw;
    }
}
