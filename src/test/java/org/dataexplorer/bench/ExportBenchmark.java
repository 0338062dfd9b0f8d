package org.dataexplorer.bench;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

import org.dataexplorer.export.ExportFormat;
import org.dataexplorer.export.ExportJob;
import org.dataexplorer.export.ExportOptions;
import org.dataexplorer.export.ExportRequest;
import org.dataexplorer.export.Exporter;
import org.dataexplorer.ingest.IngestListener;
import org.dataexplorer.ingest.IngestService;
import org.dataexplorer.ingest.IngestSettings;
import org.dataexplorer.query.DerivedCache;
import org.dataexplorer.query.QueryEngine;
import org.dataexplorer.query.QueryLimits;
import org.dataexplorer.store.ChunkCache;
import org.dataexplorer.store.DatasetManifest;
import org.dataexplorer.store.DatasetStatus;
import org.dataexplorer.store.catalog.Catalog;

/**
 * Exports a taxi-like dataset ({@link TaxiCsv}) to CSV and Parquet through the engine (no HTTP), next to
 * DuckDB's {@code COPY ... TO} of the same rows in the same run:
 * {@code java -cp … org.dataexplorer.bench.ExportBenchmark workDir [rows] [runs]}.
 */
public final class ExportBenchmark {

    private ExportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long rows = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000L;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Files.createDirectories(dir);
        Path source = dir.resolve("taxi-" + rows + ".csv");
        if (!Files.exists(source)) {
            System.out.printf("writing %,d rows to %s%n", rows, source);
            TaxiCsv.writeRows(source, rows, 42);
        }
        Path storage = dir.resolve("storage");
        IngestSettings settings = new IngestSettings(1L << 40, 4, Runtime.getRuntime().availableProcessors(), 10_000,
                8 << 20, 16 << 20, 65_536, 4 << 20, 8 << 20, true, List.of("NA", "N/A", "NULL", "null", "NaN"), 10_000);
        Files.createDirectories(storage);
        try (Catalog catalog = new Catalog(storage, ChunkCache.disabled());
             IngestService service = new IngestService(catalog, settings, IngestListener.NONE)) {
            // A dataset ingested by an earlier run of the same size is reused (the benchmark is about export).
            DatasetManifest m = catalog.recover().stream()
                    .filter(d -> d.status() == DatasetStatus.READY && d.rowCount() == rows).findFirst().orElse(null);
            if (m == null) {
                long started = System.nanoTime();
                m = InProcess.ingest(service, source, "bench");
                System.out.printf("ingest: %.2f s, %,d rows, %d columns (source %.0f MB)%n", seconds(started),
                        m.rowCount(), m.columns().size(), Files.size(source) / 1e6);
            }
            QueryEngine engine = new QueryEngine(catalog, DerivedCache.disabled(),
                    new QueryLimits(3_600_000, 256L << 20, 50, 10_000, dir.resolve("spill")));
            Exporter exporter = new Exporter(engine);
            try (Connection db = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("bench.duckdb"));
                 Statement st = db.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS loaded_rows (n BIGINT)");
                long have;
                try (var rs = st.executeQuery("SELECT coalesce(max(n), 0) FROM loaded_rows")) {
                    rs.next();
                    have = rs.getLong(1);
                }
                if (have != rows) {
                    st.execute("DROP TABLE IF EXISTS taxi");
                    long loaded = System.nanoTime();
                    st.execute("CREATE TABLE taxi AS SELECT * FROM read_csv('" + sql(source) + "')");
                    st.execute("DELETE FROM loaded_rows");
                    st.execute("INSERT INTO loaded_rows VALUES (" + rows + ")");
                    System.out.printf("duckdb load: %.2f s%n", seconds(loaded));
                }
                System.out.println("| run | what | seconds | MB written | rows/s |");
                System.out.println("|---|---|---|---|---|");
                for (int run = 0; run < runs; run++) {
                    for (ExportFormat format : List.of(ExportFormat.CSV, ExportFormat.PARQUET)) {
                        Path out = dir.resolve("export." + format.extension());
                        long t = System.nanoTime();
                        try (ExportJob job = exporter.prepare(m, ExportRequest.all());
                             OutputStream stream = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
                            job.writeTo(format, ExportOptions.defaults(), stream);
                        }
                        report(run, "data service " + format.extension(), t, out, m.rowCount());
                        Path peer = dir.resolve("duckdb." + format.extension());
                        Files.deleteIfExists(peer);
                        t = System.nanoTime();
                        st.execute("COPY taxi TO '" + sql(peer) + "' " + (format == ExportFormat.CSV
                                ? "(HEADER, DELIMITER ',')" : "(FORMAT parquet)"));
                        report(run, "duckdb COPY " + format.extension(), t, peer, m.rowCount());
                    }
                }
            }
            System.out.printf("max heap %d MB, %d cores%n", Runtime.getRuntime().maxMemory() >> 20,
                    Runtime.getRuntime().availableProcessors());
        }
    }

    private static void report(int run, String what, long started, Path file, long rows) throws Exception {
        double s = seconds(started);
        System.out.printf("| %d | %s | %.2f | %.0f | %,.0f |%n", run, what, s, Files.size(file) / 1e6, rows / s);
    }

    private static double seconds(long started) {
        return (System.nanoTime() - started) / 1e9;
    }

    private static String sql(Path p) {
        return p.toAbsolutePath().toString().replace("'", "''");
    }
}
