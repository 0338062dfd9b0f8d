package org.dataexplorer.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.dataexplorer.store.ColumnChunk;
import org.dataexplorer.store.ColumnSchema;
import org.dataexplorer.store.ColumnType;

/**
 * Row objects keyed by column name, as JSON Lines (one per line) or one JSON array. Values are typed like
 * {@code /rows}: numbers, booleans, null, dates and timestamps as ISO-8601 strings; non-finite floats are null.
 */
final class JsonRowWriter implements RowWriter {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final boolean lines;

    JsonRowWriter(boolean lines) {
        this.lines = lines;
    }

    @Override
    public void write(RowCursor rows, OutputStream stream) throws IOException {
        ByteOut out = new ByteOut(stream);
        List<ColumnSchema> columns = rows.columns();
        int n = columns.size();
        byte[][] keys = new byte[n][];
        TemporalText[] temporal = new TemporalText[n];
        for (int c = 0; c < n; c++) {
            ByteOut.Collector key = new ByteOut.Collector();
            ByteOut k = new ByteOut(key);
            k.write(c == 0 ? '{' : ',');
            byte[] name = columns.get(c).name().getBytes(StandardCharsets.UTF_8);
            string(name, name.length, k);
            k.write(':');
            k.drain();
            keys[c] = key.toByteArray();
            ColumnType type = columns.get(c).type();
            if (type == ColumnType.DATE || type == ColumnType.TIMESTAMP) {
                temporal[c] = TemporalText.of(columns.get(c), true);
            }
        }
        byte[] scratch = new byte[256];
        boolean first = true;
        if (!lines) {
            out.write('[');
        }
        while (rows.next()) {
            if (!lines) {
                out.ascii(first ? "\n" : ",\n");
            }
            first = false;
            int r = rows.row();
            if (n == 0) {
                out.write('{');
            }
            for (int c = 0; c < n; c++) {
                out.write(keys[c]);
                ColumnChunk chunk = rows.column(c);
                if (chunk.isNull(r)) {
                    out.ascii("null");
                    continue;
                }
                switch (columns.get(c).type()) {
                    case INTEGER -> out.longValue(chunk.getLong(r));
                    case FLOAT -> {
                        double v = chunk.getDouble(r);
                        if (Double.isFinite(v)) {
                            Numbers.write(v, out);
                        } else {
                            out.ascii("null");
                        }
                    }
                    case BOOLEAN -> out.ascii(chunk.getBoolean(r) ? "true" : "false");
                    case DATE, TIMESTAMP -> {
                        out.write('"');
                        temporal[c].write(chunk.getLong(r), out);
                        out.write('"');
                    }
                    case STRING -> {
                        int len = chunk.utf8Length(r);
                        if (len > scratch.length) {
                            scratch = new byte[Math.max(len, scratch.length * 2)];
                        }
                        chunk.copyUtf8(r, scratch, 0);
                        string(scratch, len, out);
                    }
                }
            }
            out.write('}');
            if (lines) {
                out.write('\n');
            }
        }
        if (!lines) {
            out.ascii(first ? "]\n" : "\n]\n");
        }
        out.flush();
    }

    private static void string(byte[] b, int len, ByteOut out) throws IOException {
        out.write('"');
        int from = 0;
        for (int i = 0; i < len; i++) {
            int x = b[i] & 0xff;
            if (x >= 0x20 && x != '"' && x != '\\') {
                continue;
            }
            out.write(b, from, i - from);
            from = i + 1;
            switch (x) {
                case '"' -> out.ascii("\\\"");
                case '\\' -> out.ascii("\\\\");
                case '\n' -> out.ascii("\\n");
                case '\r' -> out.ascii("\\r");
                case '\t' -> out.ascii("\\t");
                default -> {
                    out.ascii("\\u00");
                    out.write(HEX[x >> 4]);
                    out.write(HEX[x & 15]);
                }
            }
        }
        out.write(b, from, len - from);
        out.write('"');
    }
}
