package org.dataexplorer.store.stats;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import java.util.Objects;

import org.dataexplorer.store.ChunkColumnInfo;
import org.dataexplorer.store.ChunkInfo;
import org.dataexplorer.store.ColumnChunk;
import org.dataexplorer.store.ColumnSchema;
import org.dataexplorer.store.DatasetManifest;

/**
 * Profiles a dataset while it is ingested: {@link #accept} is fed every sealed chunk's columns, and
 * {@link #finish} re-profiles, from the chunk files, the columns whose chunks were sealed with a
 * type other than the final one (the first chunks of a column widened later), then returns the
 * statistics. Not thread-safe: one per upload.
 */
public final class DatasetProfiler {

    /** Distinct values counted exactly before HyperLogLog takes over, unless configured. */
    public static final int DEFAULT_EXACT_DISTINCT = 10_000;

    /** Reads one column of one chunk of the finished dataset in its final type. */
    @FunctionalInterface
    public interface ColumnSource {
        ColumnChunk read(int chunkIndex, int column) throws IOException;
    }

    private final int exactMax;
    private final List<ColumnProfiler> columns = new ArrayList<>();
    private final List<Boolean> stale = new ArrayList<>();
    private final List<ChunkInfo> accepted = new ArrayList<>();
    private final ColumnProfiler.Scratch scratch = new ColumnProfiler.Scratch();

    public DatasetProfiler(int exactMax) {
        this.exactMax = exactMax;
    }

    /** One sealed chunk, column by column (types as sealed), in chunk order. */
    public void accept(ChunkInfo info, List<ColumnChunk> chunk) {
        accepted.add(info);
        for (int c = 0; c < chunk.size(); c++) {
            ColumnChunk values = chunk.get(c);
            if (c == columns.size()) {
                columns.add(new ColumnProfiler("", values.type(), exactMax));
                stale.add(false);
            }
            if (stale.get(c)) {
                continue;
            }
            if (columns.get(c).type() != values.type()) {
                stale.set(c, true); // re-profiled from the files at the end
                continue;
            }
            columns.get(c).accept(values, scratch);
        }
    }

    /** The statistics of the finished dataset; reads again only the columns whose type changed. */
    public List<ColumnProfile> finish(DatasetManifest ready, ColumnSource source) throws IOException {
        List<ColumnProfile> profiles = new ArrayList<>(ready.columns().size());
        for (ColumnSchema column : ready.columns()) {
            int c = column.index();
            ColumnProfiler profiler = c < columns.size() && !stale.get(c) && columns.get(c).type() == column.type()
                    && !reencoded(ready, c) ? columns.get(c) : null;
            if (profiler == null) {
                profiler = new ColumnProfiler(column.name(), column.type(), exactMax);
                for (int chunk = 0; chunk < ready.chunks().size(); chunk++) {
                    profiler.accept(source.read(chunk, c), scratch);
                }
            }
            ColumnProfile p = profiler.finish();
            profiles.add(new ColumnProfile(column.name(), p.type(), p.count(), p.nullCount(), p.distinct(),
                    p.distinctApproximate(), p.minLong(), p.maxLong(), p.minDouble(), p.maxDouble(), p.minString(),
                    p.maxString(), p.sum(), p.mean(), p.stddev(), p.variance(), p.p5(), p.q1(), p.median(), p.q3(),
                    p.p95(), p.minLength(), p.maxLength(), p.meanLength(), p.zeros(), p.negatives(), p.topValues(),
                    p.topApproximate(), p.histogram(), p.sortOrder()));
        }
        return profiles;
    }

    /** Whether a chunk of column {@code c} was re-encoded (type or date layout) after it was profiled. */
    private boolean reencoded(DatasetManifest ready, int c) {
        if (accepted.size() != ready.chunks().size()) {
            return true;
        }
        for (int i = 0; i < accepted.size(); i++) {
            ChunkColumnInfo before = accepted.get(i).columns().get(c);
            ChunkColumnInfo after = ready.chunks().get(i).columns().get(c);
            if (before.type() != after.type() || !Objects.equals(before.format(), after.format())) {
                return true;
            }
        }
        return false;
    }
}
