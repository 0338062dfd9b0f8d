package org.dataexplorer.export;

import java.io.IOException;
import java.util.List;

import org.dataexplorer.query.Budget;
import org.dataexplorer.query.QueryEngine;
import org.dataexplorer.query.filter.Selection;
import org.dataexplorer.query.sort.Permutation;
import org.dataexplorer.query.sort.Sorter;
import org.dataexplorer.store.ColumnSchema;
import org.dataexplorer.store.DatasetManifest;

/**
 * Exports a view of a dataset (filters, sort, projection) in any {@link ExportFormat}, streaming with
 * constant memory: rows are walked chunk by chunk (file order) or through a sort permutation that spills
 * to disk when large, and written straight from the decoded column chunks.
 */
public final class Exporter {

    private final QueryEngine engine;
    private final Sorter sorter;
    private final Runnable pause;

    public Exporter(QueryEngine engine) {
        this(engine, () -> { });
    }

    /**
     * @param pause called every {@value RowCursor#PAUSE_EVERY_ROWS} rows written: an export is bulk work, and
     *              may be asked to wait there for interactive reads (ReadPriority)
     */
    public Exporter(QueryEngine engine, Runnable pause) {
        this.engine = engine;
        this.sorter = new Sorter(engine.reader(), engine.limits().spillDir());
        this.pause = pause;
    }

    /**
     * Checks the request and selects (and sorts) its rows, so that every client mistake is reported
     * before the first byte is written. The job must be closed (it may hold a spilled sort).
     *
     * @throws org.dataexplorer.query.QueryException for an unknown column or a bad filter value
     * @throws org.dataexplorer.query.QueryBudgetException when selecting or sorting exceeds the query budget
     */
    public ExportJob prepare(DatasetManifest manifest, ExportRequest request) throws IOException {
        List<ColumnSchema> columns = engine.project(manifest, request.columns());
        Budget budget = engine.budget();
        Selection selection = engine.select(manifest, request.filters(), budget);
        Permutation order = null;
        if (!request.sort().isEmpty()) {
            Sorter.Plan plan = Sorter.plan(manifest, request.sort(), request.nullsFirst());
            order = sorter.sortAll(manifest, selection, plan, budget);
        }
        return new ExportJob(manifest, engine.reader(), columns, selection, order, pause);
    }

    /** Fails when the format cannot be written in this JVM (see {@link ArrowRowWriter#unavailableReason()}). */
    public static void checkAvailable(ExportFormat format) {
        if (format == ExportFormat.ARROW) {
            String reason = ArrowRowWriter.unavailableReason();
            if (reason != null) {
                throw new ExportUnavailableException(reason);
            }
        }
    }
}
