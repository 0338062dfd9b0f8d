package org.dataexplorer.ingest.parse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.dataexplorer.store.ColumnChunk;
import org.dataexplorer.store.ColumnType;

/**
 * Collects the records of one chunk as text, then types and encodes them when the chunk is sealed.
 * Decides what is null, repairs ragged records (missing fields are null, extra ones dropped) and
 * invalid UTF-8 (replaced by U+FFFD), reporting each repair to a {@link RejectSink}.
 */
public final class ChunkAssembler {

    private final int columnCount;
    private final byte[][] nullTokens;
    private final int maxRows;
    private final int maxBytes;
    private final TextColumn[] columns;
    private long[] lines = new long[1024];
    private long[] offsets = new long[1024];
    private int rows;
    /** Bytes of text held by all columns (what {@link #isFull()} weighs against maxBytes). */
    private long textBytes;
    private long endOffset;
    private byte[] scratch = new byte[256];
    /** Reused by {@link #observe}, one column at a time. */
    /** Columns {@link #observe} decoded in the chunk's own types (null where it did not), and those types. */
    private ColumnChunk[] speculative;
    private ColumnTyping[] speculativeTyping;
    /** Bit {@code n} set when some null token is {@code n} bytes long (n < 64): most cells are ruled out by length. */
    private final long nullTokenLengths;
    /** Bit {@code b & 63} set when some null token starts with byte {@code b}. */
    private final long nullTokenFirstBytes;

    public ChunkAssembler(int columnCount, List<String> nullTokens, int maxRows, int maxBytes) {
        this.columnCount = columnCount;
        this.nullTokens = nullTokens.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        long lengths = 0;
        long firstBytes = 0;
        for (byte[] token : this.nullTokens) {
            lengths |= token.length < 64 ? 1L << token.length : 1L << 63;
            firstBytes |= token.length > 0 ? 1L << (token[0] & 63) : -1L;
        }
        this.nullTokenLengths = lengths;
        this.nullTokenFirstBytes = firstBytes;
        this.maxRows = maxRows;
        this.maxBytes = maxBytes;
        this.columns = new TextColumn[columnCount];
        for (int i = 0; i < columnCount; i++) {
            columns[i] = new TextColumn();
        }
    }

    public int columnCount() {
        return columnCount;
    }

    public int rows() {
        return rows;
    }

    public boolean isEmpty() {
        return rows == 0;
    }

    public boolean isFull() {
        if (rows >= maxRows) {
            return true;
        }
        return textBytes >= maxBytes;
    }

    public long firstLine() {
        return lines[0];
    }

    public long startOffset() {
        return offsets[0];
    }

    public long endOffset() {
        return endOffset;
    }

    public void add(CsvRecord record, RejectSink rejects) throws IOException {
        if (rows == lines.length) {
            lines = Arrays.copyOf(lines, rows * 2);
            offsets = Arrays.copyOf(offsets, rows * 2);
        }
        lines[rows] = record.line();
        offsets[rows] = record.byteOffset();
        endOffset = record.byteEnd();
        int fields = record.fieldCount();
        if (record.defect() != null) {
            rejects.reject(record.line(), record.byteOffset(), record.defectField() + 1,
                    record.defect() + "; the field keeps the text as read");
        }
        if (fields < columnCount) {
            rejects.reject(record.line(), record.byteOffset(), fields + 1,
                    "expected " + columnCount + " fields but found " + fields + "; the missing ones are null");
        } else if (fields > columnCount) {
            rejects.reject(record.line(), record.byteOffset(), columnCount + 1,
                    "expected " + columnCount + " fields but found " + fields + "; the extra ones were dropped");
        }
        byte[] data = record.data();
        boolean ascii = isAscii(data, record.start(0), record.fieldCount() == 0 ? 0 : record.start(fields - 1)
                + record.length(fields - 1));
        for (int c = 0; c < columnCount; c++) {
            TextColumn column = columns[c];
            if (c >= fields) {
                column.appendNull();
                continue;
            }
            int start = record.start(c);
            int length = record.length(c);
            if (isNull(data, start, length, record.isQuoted(c))) {
                column.appendNull();
                continue;
            }
            int invalid = ascii ? -1 : Utf8.firstInvalid(data, start, length);
            if (invalid >= 0) {
                rejects.reject(record.line(), record.byteOffset(), c + 1,
                        "invalid UTF-8 byte 0x" + Integer.toHexString(data[invalid] & 0xFF)
                                + "; replaced by U+FFFD");
                if (scratch.length < length * 3) {
                    scratch = new byte[length * 3];
                }
                int n = Utf8.sanitize(data, start, length, scratch);
                column.append(scratch, 0, n);
                textBytes += n;
            } else {
                column.append(data, start, length);
                textBytes += length;
            }
        }
        rows++;
    }

    /** Whether {@code data[start, end)} is all ASCII (then no field can hold invalid UTF-8). */
    private static boolean isAscii(byte[] data, int start, int end) {
        long high = 0;
        int i = start;
        for (; i <= end - Long.BYTES; i += Long.BYTES) {
            high |= Swar.word(data, i);
        }
        for (; i < end; i++) {
            high |= data[i];
        }
        return (high & 0x8080808080808080L) == 0;
    }

    /** For {@link BlockTokenizer}: every column becomes a view of {@code block} (until {@link #clear}). */
    void viewBlock(byte[] block) {
        for (TextColumn column : columns) {
            column.viewOf(block);
        }
    }

    TextColumn column(int c) {
        return columns[c];
    }

    /** For {@link BlockTokenizer}: a record starts; its values are then pointed at column by column. */
    void startRow(long line, long offset) {
        if (rows == lines.length) {
            lines = Arrays.copyOf(lines, rows * 2);
            offsets = Arrays.copyOf(offsets, rows * 2);
        }
        lines[rows] = line;
        offsets[rows] = offset;
    }

    /** For {@link BlockTokenizer}: the record started last holds {@code valueBytes} of text and ends at {@code end}. */
    void finishRow(long end, int valueBytes) {
        endOffset = end;
        textBytes += valueBytes;
        rows++;
    }

    boolean isNull(byte[] data, int start, int length, boolean quoted) {
        if (length == 0) {
            return !quoted;
        }
        if ((nullTokenLengths & (length < 64 ? 1L << length : 1L << 63)) == 0
                || (nullTokenFirstBytes & (1L << (data[start] & 63))) == 0) {
            return false;
        }
        for (byte[] token : nullTokens) {
            if (token.length == length && Arrays.equals(token, 0, length, data, start, start + length)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Feeds every non-empty value of the chunk to the column's inference and, in the same pass, decodes
     * the values of INTEGER, FLOAT, DATE and TIMESTAMP columns in the chunk's own types: when the
     * typing {@link #encode} is given agrees (it nearly always does), those columns are not parsed again.
     */
    public void observe(TypeInference[] inference) {
        speculative = new ColumnChunk[columnCount];
        speculativeTyping = new ColumnTyping[columnCount];
        Decoding[] decoding = new Decoding[columnCount];
        for (int c = 0; c < columnCount; c++) {
            if (inference[c] != null) {
                decoding[c] = new Decoding(columns[c], inference[c], rows);
            }
        }
        // Tiles of rows, each read by every column in turn: the source text under a tile stays in the CPU's cache
        // from one column to the next, where a column's whole chunk would not.
        for (int from = 0; from < rows; from += TILE_ROWS) {
            int to = Math.min(rows, from + TILE_ROWS);
            for (Decoding column : decoding) {
                if (column != null) {
                    column.decode(from, to);
                }
            }
        }
        for (int c = 0; c < columnCount; c++) {
            ColumnChunk decoded = decoding[c] == null ? null : decoding[c].result();
            if (decoded != null) {
                speculative[c] = decoded;
                speculativeTyping[c] = new ColumnTyping(inference[c].type(), inference[c].format());
            }
        }
    }

    /** Rows {@link #observe} takes at a time: about 100 KB of a typical file's text. */
    private static final int TILE_ROWS = 1024;

    private static final int NO_VALUE_YET = 0;
    private static final int AS_LONGS = 1;
    private static final int AS_DOUBLES = 2;
    private static final int AS_TEMPORAL = 3;
    /** Observe only; the column is encoded from text by {@link #encode} (strings, booleans, rare type changes). */
    private static final int AS_TEXT = 4;

    /**
     * One column, a range of rows at a time: plain values of the current type are checked and decoded in one scan
     * (see {@link ValueParsers#plainLong}, {@link ValueParsers#plainDouble}, a settled date layout); any other
     * value goes through {@link TypeInference#observe} and the column follows its type. {@link #result} is the
     * column decoded in the chunk's inferred type, or null when it is left to {@link #encode}.
     */
    private static final class Decoding {
        private final TextColumn text;
        private final TypeInference inference;
        private final int rows;
        private long[] longs;
        private double[] doubles;
        private long[] nulls;
        private int mode = NO_VALUE_YET;
        private TemporalLayout layout;
        private boolean settled;

        Decoding(TextColumn text, TypeInference inference, int rows) {
            this.text = text;
            this.inference = inference;
            this.rows = rows;
        }

        void decode(int fromRow, int toRow) {
            byte[] bytes = text.bytes();
            for (int r = fromRow; r < toRow; r++) {
                int from = text.start(r);
                int end = text.end(r);
                if (end == from || text.isNull(r)) {
                    if (mode != AS_TEXT) {
                        if (nulls == null) {
                            nulls = new long[ColumnChunk.wordCount(rows)];
                        }
                        nulls[r >>> 6] |= 1L << r;
                    }
                    continue;
                }
                if (mode == AS_LONGS) {
                    long v = ValueParsers.plainLong(bytes, from, end);
                    if (v != ValueParsers.NO_LONG) {
                        inference.observeSame();
                        longs[r] = v;
                        continue;
                    }
                } else if (mode == AS_DOUBLES) {
                    double v = ValueParsers.plainDouble(bytes, from, end);
                    if (!Double.isNaN(v)) {
                        inference.observeSame();
                        doubles[r] = v;
                        continue;
                    }
                } else if (mode == AS_TEMPORAL && settled) {
                    long v = layout.valueOrNoMatch(bytes, from, end - from);
                    if (v != TemporalSyntax.NO_MATCH) {
                        inference.observeSame();
                        longs[r] = v;
                        continue;
                    }
                } else if (mode == AS_TEXT) {
                    inference.observe(bytes, from, end - from);
                    continue;
                }
                inference.observe(bytes, from, end - from);
                switch (inference.type()) {
                    case INTEGER -> {
                        longs()[r] = ValueParsers.parseLong(bytes, from, end - from);
                        mode = AS_LONGS;
                    }
                    case FLOAT -> {
                        if (doubles == null) {
                            doubles = new double[rows];
                        }
                        if (mode == AS_LONGS) {
                            // Parsed again from the text, not widened: "-0" is 0 as an integer but -0.0 as a float.
                            for (int i = 0; i < r; i++) {
                                int s = text.start(i);
                                int e = text.end(i);
                                doubles[i] = e == s || text.isNull(i) ? 0 : ValueParsers.parseDouble(bytes, s, e - s);
                            }
                        }
                        doubles[r] = ValueParsers.parseDouble(bytes, from, end - from);
                        mode = AS_DOUBLES;
                    }
                    case DATE, TIMESTAMP -> {
                        TemporalLayout now = inference.layout();
                        if (mode == NO_VALUE_YET || (mode == AS_TEMPORAL && now.pattern().equals(layout.pattern()))) {
                            layout = now;
                            settled = inference.layoutSettled();
                            long v = layout.valueOrNoMatch(bytes, from, end - from);
                            mode = v == TemporalSyntax.NO_MATCH ? AS_TEXT : AS_TEMPORAL;
                            longs()[r] = v;
                        } else {
                            mode = AS_TEXT; // the layout changed under values decoded with the old one
                        }
                    }
                    default -> mode = AS_TEXT;
                }
            }
        }

        private long[] longs() {
            if (longs == null) {
                longs = new long[rows];
            }
            return longs;
        }

        ColumnChunk result() {
            ColumnType type = inference.type();
            return switch (mode) {
                case AS_LONGS -> type == ColumnType.INTEGER ? ColumnChunk.ofLongs(type, rows, longs, nulls) : null;
                case AS_DOUBLES -> type == ColumnType.FLOAT ? ColumnChunk.ofDoubles(rows, doubles, nulls) : null;
                case AS_TEMPORAL -> (type == ColumnType.DATE || type == ColumnType.TIMESTAMP)
                        && layout.pattern().equals(inference.format()) ? ColumnChunk.ofLongs(type, rows, longs, nulls) : null;
                default -> null;
            };
        }
    }

    /** Encodes every column with the given types; values that do not fit a forced type become null and are reported. */
    public List<ColumnChunk> encode(ColumnTyping[] typing, RejectSink rejects) throws IOException {
        List<ColumnChunk> encoded = new ArrayList<>(columnCount);
        for (int c = 0; c < columnCount; c++) {
            boolean decoded = speculative != null && speculative[c] != null && speculativeTyping[c].equals(typing[c]);
            encoded.add(decoded ? speculative[c] : encode(c, typing[c], rejects));
        }
        return encoded;
    }

    private ColumnChunk encode(int c, ColumnTyping typing, RejectSink rejects) throws IOException {
        TextColumn text = columns[c];
        ColumnType type = typing.type();
        if (type == ColumnType.STRING) {
            return ColumnChunk.ofText(rows, text.bytes(), text.starts(), text.ends(), text.nullBits());
        }
        ColumnChunk.Builder builder = ColumnChunk.builder(type, rows);
        TemporalLayout layout = typing.format() != null
                && (type == ColumnType.DATE || type == ColumnType.TIMESTAMP) ? TemporalLayout.of(typing.format()) : null;
        byte[] bytes = text.bytes();
        for (int r = 0; r < rows; r++) {
            int start = text.start(r);
            int length = text.length(r);
            if (text.isNull(r)) {
                builder.appendNull();
                continue;
            }
            if (length == 0) {
                builder.appendNull();
                continue;
            }
            try {
                switch (type) {
                    case INTEGER -> builder.appendLong(ValueParsers.parseLong(bytes, start, length));
                    case FLOAT -> builder.appendDouble(ValueParsers.parseDouble(bytes, start, length));
                    case BOOLEAN -> builder.appendBoolean(ValueParsers.parseBoolean(bytes, start, length));
                    case DATE -> builder.appendLong(requireLayout(layout, type).parseEpochDay(bytes, start, length));
                    case TIMESTAMP -> builder.appendLong(requireLayout(layout, type).parseEpochMicros(bytes, start, length));
                    default -> throw new IllegalStateException(type.name());
                }
            } catch (RuntimeException notOfType) {
                builder.appendNull();
                rejects.reject(lines[r], offsets[r], c + 1, "'" + preview(bytes, start, length)
                        + "' is not a valid " + type.jsonName() + "; stored as null");
            }
        }
        return builder.build();
    }

    private static TemporalLayout requireLayout(TemporalLayout layout, ColumnType type) {
        if (layout == null) {
            throw new IllegalArgumentException("no " + type.jsonName() + " layout fits the column");
        }
        return layout;
    }

    private static String preview(byte[] bytes, int start, int length) {
        String text = new String(bytes, start, Math.min(length, 64), StandardCharsets.UTF_8);
        return length > 64 ? text + "…" : text;
    }

    public void clear() {
        speculative = null;
        speculativeTyping = null;
        for (TextColumn column : columns) {
            column.clear();
        }
        rows = 0;
        textBytes = 0;
    }
}
