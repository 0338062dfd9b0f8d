package org.dataexplorer.it;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A deterministic three-column CSV ({@code n,word,amount}) whose row {@code i} (0-based) can be
 * recomputed at any time: n = i + 1, a word from a fixed list, an amount with two decimals.
 */
final class SimpleCsv {

    static final String HEADER = "n,word,amount\n";
    private static final String[] WORDS = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf"};

    private SimpleCsv() {
    }

    private static long cents(long i) {
        return (i * 37 + 11) % 100_000;
    }

    static String row(long i) {
        long cents = cents(i);
        return (i + 1) + "," + WORDS[(int) (i % WORDS.length)] + "," + cents / 100 + "."
                + (cents % 100 < 10 ? "0" : "") + cents % 100 + "\n";
    }

    static List<Object> expected(long i) {
        return Cells.row(i + 1, WORDS[(int) (i % WORDS.length)], BigDecimal.valueOf(cents(i), 2));
    }

    static void writeHeader(OutputStream out) throws IOException {
        out.write(HEADER.getBytes(StandardCharsets.US_ASCII));
    }

    /** Writes rows {@code from} (inclusive) to {@code to} (exclusive); returns the bytes written. */
    static long writeRows(OutputStream out, long from, long to) throws IOException {
        long bytes = 0;
        for (long i = from; i < to; i++) {
            byte[] row = row(i).getBytes(StandardCharsets.US_ASCII);
            out.write(row);
            bytes += row.length;
        }
        return bytes;
    }

    /** Writes rows from {@code from} until at least {@code minBytes}; returns the next row index. */
    static long writeAtLeast(OutputStream out, long from, long minBytes) throws IOException {
        long bytes = 0;
        long i = from;
        while (bytes < minBytes) {
            byte[] row = row(i++).getBytes(StandardCharsets.US_ASCII);
            out.write(row);
            bytes += row.length;
        }
        return i;
    }

    /** Writes the header and rows, cut to exactly {@code total} bytes (the last row may be partial). */
    static void writeExactly(OutputStream out, long total) throws IOException {
        byte[] header = HEADER.getBytes(StandardCharsets.US_ASCII);
        long remaining = total;
        out.write(header, 0, (int) Math.min(header.length, remaining));
        remaining -= Math.min(header.length, remaining);
        for (long i = 0; remaining > 0; i++) {
            byte[] row = row(i).getBytes(StandardCharsets.US_ASCII);
            int n = (int) Math.min(row.length, remaining);
            out.write(row, 0, n);
            remaining -= n;
        }
    }

    /**
     * Uploads rows to {@code POST /data/api/datasets?name=...} on the loopback, chunked, {@code rowsPerWrite} rows
     * then a pause of {@code pauseMs}, until the connection dies (the server stops or is killed).
     */
    static void uploadUntilCut(int port, String name, int chunkBytes, long rowsPerWrite, long pauseMs) {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port
                    + "/data/api/datasets?name=" + name).openConnection();
            c.setDoOutput(true);
            c.setRequestMethod("POST");
            c.setRequestProperty("Content-Type", "text/csv");
            c.setChunkedStreamingMode(chunkBytes);
            try (OutputStream out = c.getOutputStream()) {
                writeHeader(out);
                for (long from = 0; ; from += rowsPerWrite) {
                    writeRows(out, from, from + rowsPerWrite);
                    out.flush();
                    Thread.sleep(pauseMs);
                }
            }
        } catch (IOException | InterruptedException expected) {
            // the server went away
        }
    }
}
