package org.dataexplorer.query.gw;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.dataexplorer.query.DatasetReader;
import org.dataexplorer.query.StatisticsReader;
import org.dataexplorer.query.gw.GraphicWalkerFields.MutField;
import org.dataexplorer.store.ColumnType;
import org.dataexplorer.store.DatasetManifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code IMutField[]} of a real dataset, from its real column statistics. */
class GraphicWalkerFieldsTest {

    @TempDir
    static Path dir;
    static GwFixture fx;
    static DatasetManifest m;

    /** 20 rows: i16 takes 16 distinct integers, i17 17; then a float, a date, a timestamp, a boolean, a string. */
    @BeforeAll
    static void ingest() throws IOException {
        fx = new GwFixture(dir, 8);
        StringBuilder csv = new StringBuilder("i16,i17,x,d,ts,flag,s\n");
        for (int r = 0; r < 20; r++) {
            csv.append(r % 16).append(',').append(r % 17).append(',').append(r).append(".5,")
                    .append(String.format("2024-01-%02d", r + 1)).append(',')
                    .append(String.format("2024-01-01T%02d:30:00", r)).append(',').append(r % 2 == 0).append(',')
                    .append("name ").append(r).append('\n');
        }
        m = fx.dataset(csv.toString());
    }

    @AfterAll
    static void close() {
        fx.close();
    }

    @Test
    void columnsAreTheStoredTypesTheTestAssumes() {
        assertEquals(List.of(ColumnType.INTEGER, ColumnType.INTEGER, ColumnType.FLOAT, ColumnType.DATE,
                ColumnType.TIMESTAMP, ColumnType.BOOLEAN, ColumnType.STRING),
                m.columns().stream().map(c -> c.type()).toList());
    }

    @Test
    void typedAsPyGWalkerDoes() throws IOException {
        var statistics = new StatisticsReader(fx.catalog, new DatasetReader(fx.catalog)).statistics(m);
        assertEquals("profile", statistics.source());
        assertEquals(16L, statistics.columns().get(0).distinctCount());
        assertEquals(17L, statistics.columns().get(1).distinctCount());
        assertEquals(List.of(
                new MutField("i16", "i16", "nominal", "dimension"), // at most 16 distinct integers
                new MutField("i17", "i17", "quantitative", "measure"),
                new MutField("x", "x", "quantitative", "measure"),
                new MutField("d", "d", "temporal", "dimension"),
                new MutField("ts", "ts", "temporal", "dimension"),
                new MutField("flag", "flag", "nominal", "dimension"),
                new MutField("s", "s", "nominal", "dimension")),
                GraphicWalkerFields.of(m, statistics.columns()));
    }

    @Test
    void withoutDistinctCountsIntegersAreQuantitative() {
        List<MutField> fields = GraphicWalkerFields.of(m, null); // as while the dataset still ingests
        assertEquals(new MutField("i16", "i16", "quantitative", "measure"), fields.get(0));
        assertEquals(new MutField("flag", "flag", "nominal", "dimension"), fields.get(5));
    }
}
