package org.dataexplorer.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A deterministic taxi-trip-like CSV for benchmarks: the same seed and size give the same bytes.
 *
 * <p>Columns: {@code trip_id} (1, 2, …), {@code vendor_id} (1–2), {@code pickup_at} and {@code dropoff_at}
 * ({@code yyyy-MM-dd HH:mm:ss}), {@code passengers} (0–6, ~2% empty), {@code distance} (2 decimals),
 * {@code rate_code} (1–6, ~10% empty), {@code store_flag} (Y/N), {@code payment} (5 strings),
 * {@code fare}, {@code tip} (~50% empty), {@code total} (2 decimals), {@code zone} (40 strings) and
 * {@code note} (free text, ~70% empty, some quoted with commas and doubled quotes).
 *
 * <p>Rows are written byte by byte (no String per row), so generating a gigabyte takes seconds.
 */
public final class TaxiCsv {

    public static final String HEADER = "trip_id,vendor_id,pickup_at,dropoff_at,passengers,distance,rate_code,"
            + "store_flag,payment,fare,tip,total,zone,note\n";
    public static final int COLUMNS = 14;

    private static final String[] PAYMENTS = {"card", "cash", "no charge", "dispute", "unknown"};
    private static final String[] ZONES = new String[40];
    private static final String[] NOTES = {
        "ok", "left umbrella", "driver was friendly, fast", "said \"thanks\"", "late pickup, waited 5 min",
        "route via \"Main St\", then highway", "ÀÉ unicode café", "airport run"
    };
    /** 2024-01-01T00:00:00Z in epoch seconds. */
    private static final long START_SECOND = 1_704_067_200L;

    static {
        String[] boroughs = {"Manhattan", "Brooklyn", "Queens", "Bronx", "Staten Island"};
        for (int i = 0; i < ZONES.length; i++) {
            ZONES[i] = boroughs[i % boroughs.length] + " zone " + (i / boroughs.length + 1);
        }
    }

    private final byte[] out = new byte[512];
    private int n;
    private long state;
    private long row;

    public TaxiCsv(long seed) {
        this.state = seed ^ 0x9E3779B97F4A7C15L;
    }

    /** Writes the header and rows until at least {@code targetBytes} were written; returns the row count. */
    public static long write(Path file, long targetBytes, long seed) throws IOException {
        try (OutputStream stream = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            return write(stream, targetBytes, seed);
        }
    }

    public static long write(OutputStream stream, long targetBytes, long seed) throws IOException {
        TaxiCsv csv = new TaxiCsv(seed);
        byte[] header = HEADER.getBytes(StandardCharsets.US_ASCII);
        stream.write(header);
        long written = header.length;
        long rows = 0;
        while (written < targetBytes) {
            int length = csv.nextRow();
            stream.write(csv.out, 0, length);
            written += length;
            rows++;
        }
        return rows;
    }

    /** Writes the header and exactly {@code rows} rows (the first rows of any larger file of the same seed). */
    public static void writeRows(Path file, long rows, long seed) throws IOException {
        try (OutputStream stream = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            TaxiCsv csv = new TaxiCsv(seed);
            stream.write(HEADER.getBytes(StandardCharsets.US_ASCII));
            for (long i = 0; i < rows; i++) {
                int length = csv.nextRow();
                stream.write(csv.out, 0, length);
            }
        }
    }

    /** A CSV of {@code rows} rows (header included) in memory, for tests. */
    public static byte[] rows(int rows, long seed) {
        TaxiCsv csv = new TaxiCsv(seed);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        bytes.writeBytes(HEADER.getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < rows; i++) {
            int length = csv.nextRow();
            bytes.write(csv.out, 0, length);
        }
        return bytes.toByteArray();
    }

    /** Formats the next row into the internal buffer; returns its length (line ending included). */
    int nextRow() {
        n = 0;
        row++;
        number(row);
        comma();
        number(1 + next(2));
        comma();
        long pickup = START_SECOND + row * 7 + next(600);
        timestamp(pickup);
        comma();
        timestamp(pickup + 60 + next(3600));
        comma();
        if (next(50) != 0) {
            number(next(7));
        }
        comma();
        long distanceCents = 10 + next(3000);
        decimal(distanceCents);
        comma();
        if (next(10) != 0) {
            number(1 + next(6));
        }
        comma();
        put(next(20) == 0 ? "Y" : "N");
        comma();
        put(PAYMENTS[next(100) < 60 ? 0 : next(PAYMENTS.length)]);
        comma();
        long fare = 250 + distanceCents * 3 + next(500);
        decimal(fare);
        comma();
        long tip = 0;
        if (next(2) == 0) {
            tip = next(fare / 4 + 1);
            decimal(tip);
        }
        comma();
        decimal(fare + tip + 50);
        comma();
        put(ZONES[next(ZONES.length)]);
        comma();
        if (next(10) < 3) {
            String note = NOTES[next(NOTES.length)];
            if (note.indexOf(',') >= 0 || note.indexOf('"') >= 0) {
                quoted(note);
            } else {
                put(note);
            }
        }
        out[n++] = '\n';
        return n;
    }

    private int next(long bound) {
        state += 0x9E3779B97F4A7C15L;
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (int) Math.floorMod(z, bound);
    }

    private void comma() {
        out[n++] = ',';
    }

    private void put(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, out, n, b.length);
        n += b.length;
    }

    private void quoted(String s) {
        out[n++] = '"';
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (byte c : b) {
            if (c == '"') {
                out[n++] = '"';
            }
            out[n++] = c;
        }
        out[n++] = '"';
    }

    private void number(long v) {
        if (v >= 10) {
            number(v / 10);
        }
        out[n++] = (byte) ('0' + v % 10);
    }

    private void decimal(long cents) {
        number(cents / 100);
        out[n++] = '.';
        out[n++] = (byte) ('0' + cents / 10 % 10);
        out[n++] = (byte) ('0' + cents % 10);
    }

    private void two(long v) {
        out[n++] = (byte) ('0' + v / 10);
        out[n++] = (byte) ('0' + v % 10);
    }

    private void timestamp(long epochSecond) {
        long day = Math.floorDiv(epochSecond, 86_400);
        long second = Math.floorMod(epochSecond, 86_400);
        java.time.LocalDate date = java.time.LocalDate.ofEpochDay(day);
        number(date.getYear());
        out[n++] = '-';
        two(date.getMonthValue());
        out[n++] = '-';
        two(date.getDayOfMonth());
        out[n++] = ' ';
        two(second / 3600);
        out[n++] = ':';
        two(second / 60 % 60);
        out[n++] = ':';
        two(second % 60);
    }
}
