package org.dataexplorer.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.dataexplorer.ingest.IngestHarness;
import org.dataexplorer.query.DerivedCache;
import org.dataexplorer.query.QueryEngine;
import org.dataexplorer.query.QueryLimits;
import org.dataexplorer.store.ColumnChunk;
import org.dataexplorer.store.ColumnSchema;
import org.dataexplorer.store.DatasetManifest;

/** The ingest engine, a query engine and an exporter on a temporary root, and a seeded CSV of every type. */
final class ExportFixture implements AutoCloseable {

    static final String HEADER = "id,qty,price,flag,day,at,seen,label\n";

    final IngestHarness ingest;
    final QueryEngine engine;
    final Exporter exporter;

    ExportFixture(Path dir, long memoryBytes) throws IOException {
        ingest = new IngestHarness(dir.resolve("store"));
        engine = new QueryEngine(ingest.catalog(), DerivedCache.disabled(),
                new QueryLimits(600_000, memoryBytes, 50, 10_000, dir.resolve("spill")));
        exporter = new Exporter(engine);
    }

    /**
     * {@code rows} seeded rows: id, qty (integer, extremes), price (float: integral, tiny, huge, negative
     * zero), flag, day ({@code dd/MM/yyyy}), at ({@code MM/dd/yyyy HH:mm:ss} with fractions), seen (ISO with
     * offsets), label (quotes, delimiters, line breaks, spaces, unicode). Every column but id has nulls.
     */
    static byte[] csv(int rows, long seed) {
        Random random = new Random(seed);
        StringBuilder b = new StringBuilder(HEADER);
        String[] labels = {"plain", "with, comma", "with \"quotes\"", "two\nlines", " padded ", "Épée ✓", "tab\there",
            "semi;colon", "NA-like", "007"};
        for (int i = 0; i < rows; i++) {
            b.append(i).append(',');
            if (random.nextInt(10) > 0) {
                b.append(switch (random.nextInt(20)) {
                    // Not Long.MAX_VALUE/MIN_VALUE: the column profiler's histogram cannot take a range past 2^63 yet.
                    case 0 -> 4_000_000_000_000_000_001L;
                    case 1 -> -4_000_000_000_000_000_003L;
                    default -> (long) random.nextInt(2_000_000) - 1_000_000;
                });
            }
            b.append(',');
            if (random.nextInt(10) > 0) {
                b.append(switch (random.nextInt(8)) {
                    case 0 -> "2.0";
                    case 1 -> "1e-7";
                    case 2 -> "-0.0";
                    case 3 -> "1.7976931348623157E308";
                    case 4 -> String.valueOf(random.nextInt(1000));
                    default -> String.valueOf(Math.round(random.nextGaussian() * 1e6) / 1000.0);
                });
            }
            b.append(',');
            if (random.nextInt(10) > 0) {
                b.append(random.nextBoolean());
            }
            b.append(',');
            if (random.nextInt(10) > 0) {
                b.append(String.format("%02d/%02d/%04d", 1 + random.nextInt(28), 1 + random.nextInt(12),
                        1900 + random.nextInt(200)));
            }
            b.append(',');
            if (random.nextInt(10) > 0) {
                b.append(String.format("%02d/%02d/%04d %02d:%02d:%02d", 1 + random.nextInt(12), 1 + random.nextInt(28),
                        1990 + random.nextInt(40), random.nextInt(24), random.nextInt(60), random.nextInt(60)));
                if (random.nextBoolean()) {
                    b.append('.').append(String.format("%03d", random.nextInt(1000)));
                }
            }
            b.append(',');
            if (random.nextInt(10) > 0) {
                b.append(String.format("2024-%02d-%02dT%02d:%02d:%02d%s", 1 + random.nextInt(12), 1 + random.nextInt(28),
                        random.nextInt(24), random.nextInt(60), random.nextInt(60),
                        random.nextBoolean() ? "Z" : "+0" + random.nextInt(10) + ":30"));
            }
            b.append(',');
            if (random.nextInt(10) > 0) {
                String label = labels[random.nextInt(labels.length)];
                b.append('"').append(label.replace("\"", "\"\"")).append('"');
            }
            b.append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    DatasetManifest ingest(byte[] csv) throws IOException {
        return ingest.ingest(csv);
    }

    byte[] export(DatasetManifest m, ExportRequest request, ExportFormat format, ExportOptions options)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ExportJob job = exporter.prepare(m, request)) {
            job.writeTo(format, options, out);
        }
        return out.toByteArray();
    }

    /**
     * Every row as stored: Long for integers, dates (epoch days) and timestamps (epoch micros), Double,
     * Boolean, String, null.
     */
    List<Object[]> stored(DatasetManifest m, ExportRequest request) throws IOException {
        List<Object[]> rows = new ArrayList<>();
        try (ExportJob job = exporter.prepare(m, request)) {
            RowCursor cursor = new RowCursor(m, engine.reader(), job.columns(), engine.select(m, request.filters(),
                    engine.budget()), null, () -> { });
            List<ColumnSchema> columns = job.columns();
            while (cursor.next()) {
                Object[] row = new Object[columns.size()];
                for (int c = 0; c < row.length; c++) {
                    ColumnChunk chunk = cursor.column(c);
                    int r = cursor.row();
                    row[c] = chunk.isNull(r) ? null : switch (columns.get(c).type()) {
                        case INTEGER, DATE, TIMESTAMP -> chunk.getLong(r);
                        case FLOAT -> chunk.getDouble(r);
                        case BOOLEAN -> chunk.getBoolean(r);
                        case STRING -> chunk.getString(r);
                    };
                }
                rows.add(row);
            }
        }
        return rows;
    }

    @Override
    public void close() {
        ingest.close();
    }
}
