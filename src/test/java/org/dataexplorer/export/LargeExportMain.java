package org.dataexplorer.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.dataexplorer.ingest.IngestHarness;
import org.dataexplorer.ingest.Upload;
import org.dataexplorer.query.DerivedCache;
import org.dataexplorer.query.QueryEngine;
import org.dataexplorer.query.QueryLimits;
import org.dataexplorer.query.sort.SortKey;
import org.dataexplorer.store.DatasetManifest;

/**
 * Run by {@link LargeExportSmallHeapTest} in a JVM with a small heap: ingests {@code rows} generated rows
 * (streamed, never held whole), then exports them to CSV (checked line by line), to CSV sorted by id
 * descending with a sort budget that forces a spill (checked for order), to Arrow (counted) and to a Parquet
 * file that the parent test reads with DuckDB. Prints {@code OK} on success.
 */
public final class LargeExportMain {

    private LargeExportMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int rows = Integer.parseInt(args[1]);
        try (IngestHarness harness = new IngestHarness(dir.resolve("store"))) {
            DatasetManifest m = ingest(harness, rows);
            check(m.rowCount() == rows, "ingested " + m.rowCount());
            QueryEngine engine = new QueryEngine(harness.catalog(), DerivedCache.disabled(),
                    new QueryLimits(600_000, 8L << 20, 50, 10_000, dir.resolve("spill")));
            Exporter exporter = new Exporter(engine);

            LineChecker plain = new LineChecker(false);
            try (ExportJob job = exporter.prepare(m, ExportRequest.all())) {
                job.writeTo(ExportFormat.CSV, ExportOptions.defaults(), plain);
            }
            check(plain.lines == rows + 1L, "csv lines " + plain.lines);

            LineChecker sorted = new LineChecker(true);
            ExportRequest byIdDesc = new ExportRequest(List.of(), List.of(new SortKey("id", true)), false, List.of());
            try (ExportJob job = exporter.prepare(m, byIdDesc)) {
                job.writeTo(ExportFormat.CSV, ExportOptions.defaults(), sorted);
            }
            check(sorted.lines == rows + 1L, "sorted csv lines " + sorted.lines);

            long[] arrowBytes = new long[1];
            try (ExportJob job = exporter.prepare(m, ExportRequest.all())) {
                job.writeTo(ExportFormat.ARROW, ExportOptions.defaults(), new OutputStream() {
                    @Override
                    public void write(int b) {
                        arrowBytes[0]++;
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        arrowBytes[0] += len;
                    }
                });
            }
            check(arrowBytes[0] > rows * 8L, "arrow bytes " + arrowBytes[0]);

            try (ExportJob job = exporter.prepare(m, ExportRequest.all());
                 OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve("large.parquet")))) {
                job.writeTo(ExportFormat.PARQUET, ExportOptions.defaults(), out);
            }
            System.out.println("OK maxHeap=" + Runtime.getRuntime().maxMemory());
        }
    }

    private static DatasetManifest ingest(IngestHarness harness, int rows) throws IOException {
        Upload upload = harness.service().begin(IngestHarness.options(), null);
        StringBuilder b = new StringBuilder(1 << 16);
        b.append("id,amount,day,label\n");
        String[] labels = {"red", "green", "blue, or \"navy\"", "Épée"};
        for (int i = 0; i < rows; i++) {
            b.append(i).append(',').append(i % 7 == 0 ? "" : String.valueOf(i * 0.25)).append(',')
                    .append(2000 + i % 30).append("-0").append(1 + i % 9).append('-').append(10 + i % 18).append(',');
            String label = labels[i % labels.length];
            b.append(label.indexOf(',') >= 0 ? "\"" + label.replace("\"", "\"\"") + "\"" : label).append('\n');
            if (b.length() > 60_000) {
                byte[] piece = b.toString().getBytes(StandardCharsets.UTF_8);
                upload.write(piece, 0, piece.length);
                b.setLength(0);
            }
        }
        byte[] piece = b.toString().getBytes(StandardCharsets.UTF_8);
        upload.write(piece, 0, piece.length);
        upload.endOfInput();
        return IngestHarness.await(upload);
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("check failed: " + what);
        }
    }

    /** Counts lines; with {@code descending}, checks that the first field (an id) decreases by one each line. */
    private static final class LineChecker extends OutputStream {
        private final boolean descending;
        private long lines;
        private long current;
        private long previous = Long.MAX_VALUE;
        private boolean inFirstField = true;

        LineChecker(boolean descending) {
            this.descending = descending;
        }

        @Override
        public void write(int b) {
            if (b == '\n') {
                if (descending && lines > 0) {
                    check(previous == Long.MAX_VALUE || current == previous - 1, "order at line " + lines);
                    previous = current;
                }
                lines++;
                current = 0;
                inFirstField = true;
            } else if (b == ',') {
                inFirstField = false;
            } else if (inFirstField && b >= '0' && b <= '9') {
                current = current * 10 + (b - '0');
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }
    }
}
