package org.dataexplorer.query.gw;

import java.util.ArrayList;
import java.util.List;

import org.dataexplorer.query.ColumnSummary;
import org.dataexplorer.store.ColumnSchema;
import org.dataexplorer.store.ColumnType;
import org.dataexplorer.store.DatasetManifest;

/**
 * A dataset's columns as Graphic Walker's {@code IMutField[]}, typed as PyGWalker does: numbers are
 * quantitative measures, dates and timestamps temporal dimensions, everything else nominal dimensions;
 * an integer column with at most {@value #NOMINAL_INTEGER_MAX} distinct values is a nominal dimension.
 */
public final class GraphicWalkerFields {

    public static final int NOMINAL_INTEGER_MAX = 16;

    /** An {@code IMutField}. */
    public record MutField(String fid, String name, String semanticType, String analyticType) {
    }

    private GraphicWalkerFields() {
    }

    /**
     * @param statistics the dataset's column statistics in column order (may be partial or null while it
     *                   ingests: then an integer column counts as quantitative)
     */
    public static List<MutField> of(DatasetManifest manifest, List<ColumnSummary> statistics) {
        List<MutField> fields = new ArrayList<>();
        for (ColumnSchema c : manifest.columns()) {
            ColumnSummary s = statistics != null && c.index() < statistics.size()
                    && statistics.get(c.index()).name().equals(c.name()) ? statistics.get(c.index()) : null;
            fields.add(field(c, s));
        }
        return fields;
    }

    static MutField field(ColumnSchema c, ColumnSummary s) {
        ColumnType t = c.type();
        if (t == ColumnType.INTEGER && s != null && s.distinctCount() != null
                && s.distinctCount() <= NOMINAL_INTEGER_MAX) {
            return new MutField(c.name(), c.name(), "nominal", "dimension");
        }
        return switch (t) {
            case INTEGER, FLOAT -> new MutField(c.name(), c.name(), "quantitative", "measure");
            case DATE, TIMESTAMP -> new MutField(c.name(), c.name(), "temporal", "dimension");
            default -> new MutField(c.name(), c.name(), "nominal", "dimension");
        };
    }
}
