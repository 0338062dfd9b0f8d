package org.dataexplorer.query;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.dataexplorer.ingest.IngestListener;
import org.dataexplorer.ingest.IngestOptions;
import org.dataexplorer.ingest.IngestService;
import org.dataexplorer.ingest.IngestSettings;
import org.dataexplorer.ingest.Upload;
import org.dataexplorer.store.ChunkCache;
import org.dataexplorer.store.DatasetManifest;
import org.dataexplorer.store.catalog.Catalog;

/**
 * A seeded dataset of every type with nulls, ingested with small chunks, and the same rows as plain
 * Java values for reference evaluations. Column {@code id} is the 0-based row number.
 */
final class QueryFixture implements AutoCloseable {

    static final String[] NAMES = {"alpha", "beta", "gamma", "delta", "Épée", "zeta"};
    static final int CHUNK_ROWS = 97;

    /** One row: id, price (first chunk integers only), qty, flag, day, ts, name, note. */
    record Row(long id, Double price, Long qty, Boolean flag, LocalDate day, LocalDateTime ts, String name,
               String note) {
        Object get(String column) {
            return switch (column) {
                case "id" -> id;
                case "price" -> price;
                case "qty" -> qty;
                case "flag" -> flag;
                case "day" -> day;
                case "ts" -> ts;
                case "name" -> name;
                case "note" -> note;
                default -> throw new IllegalArgumentException(column);
            };
        }
    }

    final Catalog catalog;
    final IngestService ingest;
    final List<Row> rows;
    final DatasetManifest manifest;

    QueryFixture(Path root, int rowCount, long seed) throws IOException {
        this(new Catalog(root, ChunkCache.disabled()), rowCount, seed);
    }

    QueryFixture(Catalog catalog, int rowCount, long seed) throws IOException {
        this.catalog = catalog;
        catalog.recover();
        ingest = new IngestService(catalog, new IngestSettings(1L << 34, 4, 1, 1000, 1 << 20, 1 << 22, CHUNK_ROWS,
                1 << 22, 1 << 26, true, List.of("NA", "NULL"), 100), IngestListener.NONE);
        rows = generate(rowCount, seed);
        manifest = ingest(csv(rows));
    }

    static List<Row> generate(int n, long seed) {
        Random random = new Random(seed);
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Double price = random.nextInt(12) == 0 ? null
                    : i < CHUNK_ROWS ? (double) (random.nextInt(200) - 50) : Math.round(random.nextGaussian() * 5000) / 100.0;
            Long qty = random.nextInt(10) == 0 ? null : (long) random.nextInt(20) - 5;
            Boolean flag = random.nextInt(8) == 0 ? null : random.nextBoolean();
            LocalDate day = random.nextInt(9) == 0 ? null : LocalDate.of(2023, 1, 1).plusDays(random.nextInt(500));
            LocalDateTime ts = random.nextInt(9) == 0 ? null
                    : LocalDateTime.of(2024, 1, 1, 0, 0).plusSeconds(random.nextInt(90 * 86400));
            String name = random.nextInt(7) == 0 ? null : NAMES[random.nextInt(NAMES.length)];
            String note = random.nextInt(6) == 0 ? null : note(random);
            rows.add(new Row(i, price, qty, flag, day, ts, name, note));
        }
        return rows;
    }

    /** Long strings sharing prefixes (their sort needs more than the 8-byte key), short ones, unicode. */
    private static String note(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> "common-prefix-" + random.nextInt(50);
            case 1 -> "common-prefix-" + (char) ('a' + random.nextInt(3)) + "-tail";
            case 2 -> "x" + random.nextInt(10);
            default -> "üñî" + random.nextInt(5);
        };
    }

    static byte[] csv(List<Row> rows) {
        StringBuilder b = new StringBuilder("id,price,qty,flag,day,ts,name,note\n");
        for (Row r : rows) {
            b.append(r.id()).append(',')
                    .append(r.price() == null ? "" : r.price() == Math.rint(r.price()) && r.id() < CHUNK_ROWS
                            ? String.valueOf(r.price().longValue()) : String.valueOf(r.price())).append(',')
                    .append(r.qty() == null ? "" : r.qty()).append(',')
                    .append(r.flag() == null ? "" : r.flag()).append(',')
                    .append(r.day() == null ? "" : r.day()).append(',')
                    .append(r.ts() == null ? "" : r.ts()).append(',')
                    .append(r.name() == null ? "" : r.name()).append(',')
                    .append(r.note() == null ? "" : r.note()).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    DatasetManifest ingest(byte[] body) throws IOException {
        Upload upload = ingest.begin(IngestOptions.defaults("fixture"), null);
        upload.write(body, 0, body.length);
        upload.endOfInput();
        try {
            return upload.result().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("ingest failed", e);
        }
    }

    @Override
    public void close() {
        ingest.close();
        catalog.close();
    }
}
