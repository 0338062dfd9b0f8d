package org.dataexplorer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.dataexplorer.store.DatasetManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code safeExport=true}: text cells a spreadsheet would run as formulas get a leading quote. */
class SafeExportTest {

    @TempDir
    Path dir;

    private static final String CSV = "label,n\n"
            + "=HYPERLINK(\"http://x\"),1\n"
            + "+1+2,-3\n"
            + "-cmd,4\n"
            + "@SUM(A1),5\n"
            + "\"\tTAB\",6\n"
            + "\"\rCR\",7\n"
            + "plain,8\n"
            + "a=b,9\n";

    private String export(ExportFormat format, boolean safe) throws Exception {
        try (ExportFixture fx = new ExportFixture(dir.resolve(format + "-" + safe), 64L << 20)) {
            DatasetManifest m = fx.ingest(CSV.getBytes(StandardCharsets.UTF_8));
            char delimiter = format == ExportFormat.TSV ? '\t' : ',';
            return new String(fx.export(m, ExportRequest.all(), format, new ExportOptions(delimiter, true, false, "", safe)),
                    StandardCharsets.UTF_8);
        }
    }

    @Test
    void csvCellsStartingAFormulaAreQuoted() throws Exception {
        assertEquals("label,n\n"
                + "\"'=HYPERLINK(\"\"http://x\"\")\",1\n"
                + "'+1+2,-3\n"
                + "'-cmd,4\n"
                + "'@SUM(A1),5\n"
                + "\"'\tTAB\",6\n"
                + "\"'\rCR\",7\n"
                + "plain,8\n"
                + "a=b,9\n", export(ExportFormat.CSV, true), "numbers (-3) stay numbers");
    }

    @Test
    void offByDefault() throws Exception {
        String csv = export(ExportFormat.CSV, false);
        assertEquals(true, csv.contains("\n-cmd,4\n"), csv);
        assertEquals(true, csv.contains("\n@SUM(A1),5\n"), csv);
    }

    @Test
    void tsvToo() throws Exception {
        String tsv = export(ExportFormat.TSV, true);
        assertEquals(true, tsv.contains("\n'-cmd\t4\n"), tsv);
        assertEquals(true, tsv.contains("\n'@SUM(A1)\t5\n"), tsv);
    }
}
