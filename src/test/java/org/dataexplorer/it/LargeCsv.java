package org.dataexplorer.it;

import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * A deterministic CSV generated while it is read, never held in memory: rows are produced until
 * at least {@code minBytes} have been emitted. Row {@code i} (0-based) is a pure function of
 * {@code i}, so any row can be recomputed to check what the server returns.
 *
 * <p>Columns: {@code id} (i + 1), {@code qty} (int, empty in ~1/17 of rows), {@code price} (two
 * decimals), {@code day} (ISO date), {@code ts} ({@code yyyy-MM-dd HH:mm:ss}), {@code category}
 * (12 values), {@code comment} (free text: empty, plain, quoted with commas, or with doubled quotes).
 */
final class LargeCsv extends InputStream {

    static final String HEADER = "id,qty,price,day,ts,category,comment\n";
    static final String[] COLUMNS = {"id", "qty", "price", "day", "ts", "category", "comment"};

    private static final long SEED = 0x5EEDL;
    private static final String[] CATEGORIES = {"books", "music", "garden", "tools", "toys", "food",
        "health", "sports", "auto", "baby", "office", "pets"};
    private static final String[] WORDS = {"lorem", "ipsum", "dolor", "sit", "amet", "consectetur",
        "adipiscing", "elit", "sed", "tempor", "magna", "aliqua"};
    private static final long EPOCH_DAY_2000 = LocalDate.of(2000, 1, 1).toEpochDay();
    private static final long EPOCH_SECOND_2020 = LocalDateTime.of(2020, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);

    private final long minBytes;
    private byte[] current = HEADER.getBytes(StandardCharsets.US_ASCII);
    private int pos;
    private long bytes;
    private long rows;
    private final StringBuilder line = new StringBuilder(160);

    LargeCsv(long minBytes) {
        this.minBytes = minBytes;
    }

    /** Rows emitted so far (all of them once the stream is exhausted). */
    long rows() {
        return rows;
    }

    /** Bytes emitted so far. */
    long bytes() {
        return bytes;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        int n = 0;
        while (n < len) {
            if (pos == current.length) {
                if (bytes >= minBytes) {
                    break;
                }
                line.setLength(0);
                appendRow(line, rows++);
                current = line.toString().getBytes(StandardCharsets.US_ASCII);
                pos = 0;
            }
            int take = Math.min(len - n, current.length - pos);
            System.arraycopy(current, pos, b, off + n, take);
            pos += take;
            n += take;
            bytes += take;
        }
        return n == 0 ? -1 : n;
    }

    static long mix(long i) {
        long z = SEED + i * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The parsed values of row {@code i}: id, qty (null when empty), price, day, ts, category, comment. */
    record Row(long id, Long qty, BigDecimal price, LocalDate day, LocalDateTime ts, String category, String comment) {
    }

    static Row expected(long i) {
        long h = mix(i);
        Long qty = Math.floorMod(h, 17) == 0 ? null : Math.floorMod(h >>> 8, 100_000L) - 50_000L;
        BigDecimal price = BigDecimal.valueOf(Math.floorMod(h >>> 20, 10_000_000L), 2);
        LocalDate day = LocalDate.ofEpochDay(EPOCH_DAY_2000 + Math.floorMod(h >>> 32, 9000L));
        LocalDateTime ts = LocalDateTime.ofEpochSecond(EPOCH_SECOND_2020 + Math.floorMod(h >>> 11, 94_608_000L), 0,
                ZoneOffset.UTC);
        String category = CATEGORIES[(int) Math.floorMod(h >>> 40, (long) CATEGORIES.length)];
        return new Row(i + 1, qty, price, day, ts, category, comment(h));
    }

    /** The comment as a value (null for an empty cell). */
    private static String comment(long h) {
        int kind = (int) Math.floorMod(h >>> 48, 20L);
        String w1 = WORDS[(int) Math.floorMod(h >>> 5, (long) WORDS.length)];
        String w2 = WORDS[(int) Math.floorMod(h >>> 9, (long) WORDS.length)];
        String w3 = WORDS[(int) Math.floorMod(h >>> 13, (long) WORDS.length)];
        if (kind == 0) {
            return null;
        } else if (kind <= 5) {
            return w1 + ", " + w2 + " and " + w3;
        } else if (kind == 6) {
            return "say \"" + w1 + "\", then " + w2;
        }
        return w1 + " " + w2;
    }

    private static void appendRow(StringBuilder out, long i) {
        Row row = expected(i);
        out.append(row.id()).append(',');
        if (row.qty() != null) {
            out.append(row.qty().longValue());
        }
        out.append(',').append(row.price().toPlainString()).append(',');
        out.append(row.day()).append(',');
        LocalDateTime ts = row.ts();
        out.append(ts.toLocalDate()).append(' ');
        two(out, ts.getHour()).append(':');
        two(out, ts.getMinute()).append(':');
        two(out, ts.getSecond()).append(',');
        out.append(row.category()).append(',');
        String comment = row.comment();
        if (comment != null) {
            if (comment.indexOf(',') >= 0 || comment.indexOf('"') >= 0) {
                out.append('"').append(comment.replace("\"", "\"\"")).append('"');
            } else {
                out.append(comment);
            }
        }
        out.append('\n');
    }

    private static StringBuilder two(StringBuilder out, int value) {
        if (value < 10) {
            out.append('0');
        }
        return out.append(value);
    }
}
