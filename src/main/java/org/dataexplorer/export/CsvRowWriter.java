package org.dataexplorer.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.dataexplorer.store.ColumnChunk;
import org.dataexplorer.store.ColumnSchema;
import org.dataexplorer.store.ColumnType;

/**
 * CSV and TSV (RFC 4180 quoting, LF line ends). A field is quoted when it holds the delimiter, a quote,
 * a line break or surrounding spaces, is empty, or equals the null text, so nulls and strings stay apart.
 */
final class CsvRowWriter implements RowWriter {

    private final ExportOptions options;
    private final byte delimiter;
    private final byte[] nullText;

    CsvRowWriter(ExportOptions options) {
        this.options = options;
        this.delimiter = (byte) options.delimiter();
        this.nullText = options.nullText().getBytes(StandardCharsets.UTF_8);
        if (options.delimiter() > 0x7f) {
            throw new IllegalArgumentException("the delimiter must be an ASCII character");
        }
    }

    @Override
    public void write(RowCursor rows, OutputStream stream) throws IOException {
        ByteOut out = new ByteOut(stream);
        List<ColumnSchema> columns = rows.columns();
        int n = columns.size();
        TemporalText[] temporal = new TemporalText[n];
        for (int c = 0; c < n; c++) {
            ColumnSchema column = columns.get(c);
            if (column.type() == ColumnType.DATE || column.type() == ColumnType.TIMESTAMP) {
                temporal[c] = TemporalText.of(column, options.isoDates());
            }
        }
        byte[] scratch = new byte[256];
        if (options.header()) {
            for (int c = 0; c < n; c++) {
                if (c > 0) {
                    out.write(delimiter);
                }
                byte[] name = columns.get(c).name().getBytes(StandardCharsets.UTF_8);
                text(name, name.length, out);
            }
            out.write('\n');
        }
        while (rows.next()) {
            int r = rows.row();
            for (int c = 0; c < n; c++) {
                if (c > 0) {
                    out.write(delimiter);
                }
                ColumnChunk chunk = rows.column(c);
                if (chunk.isNull(r)) {
                    out.write(nullText);
                    continue;
                }
                switch (columns.get(c).type()) {
                    case INTEGER -> out.longValue(chunk.getLong(r));
                    case FLOAT -> {
                        double v = chunk.getDouble(r);
                        if (Double.isNaN(v)) {
                            out.write(nullText);
                        } else {
                            Numbers.write(v, out);
                        }
                    }
                    case BOOLEAN -> out.ascii(chunk.getBoolean(r) ? "true" : "false");
                    case DATE, TIMESTAMP -> temporal[c].write(chunk.getLong(r), out);
                    case STRING -> {
                        int len = chunk.utf8Length(r);
                        if (len > scratch.length) {
                            scratch = new byte[Math.max(len, scratch.length * 2)];
                        }
                        chunk.copyUtf8(r, scratch, 0);
                        text(scratch, len, out);
                    }
                }
            }
            out.write('\n');
        }
        out.flush();
    }

    private void text(byte[] b, int len, ByteOut out) throws IOException {
        boolean formula = options.safe() && len > 0 && startsFormula(b[0]);
        if (!needsQuotes(b, len)) {
            if (formula) {
                out.write('\'');
            }
            out.write(b, 0, len);
            return;
        }
        out.write('"');
        if (formula) {
            out.write('\'');
        }
        int from = 0;
        for (int i = 0; i < len; i++) {
            if (b[i] == '"') {
                out.write(b, from, i + 1 - from);
                out.write('"');
                from = i + 1;
            }
        }
        out.write(b, from, len - from);
        out.write('"');
    }

    /** Spreadsheets read a cell starting with these as a formula (OWASP "CSV injection"). */
    private static boolean startsFormula(byte first) {
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
    }

    private boolean needsQuotes(byte[] b, int len) {
        if (len == 0 || b[0] == ' ' || b[len - 1] == ' ' || b[0] == '\t' || b[len - 1] == '\t') {
            return true;
        }
        if (len == nullText.length && Arrays.equals(b, 0, len, nullText, 0, len)) {
            return true;
        }
        for (int i = 0; i < len; i++) {
            byte x = b[i];
            if (x == delimiter || x == '"' || x == '\n' || x == '\r') {
                return true;
            }
        }
        return false;
    }
}
