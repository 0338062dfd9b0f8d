package org.dataexplorer.ingest.parse;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;

import org.dataexplorer.ingest.IngestFailure;

/**
 * The reference path: records read by Apache Commons CSV from UTF-8 text, handed on as the same
 * {@link CsvRecord}s the byte-level {@link CsvTokenizer} produces. Slower (a String per field), but
 * it takes any delimiter and quote character, including ones outside ASCII that the byte-level
 * tokenizer cannot, and it is the oracle the fast path is tested against.
 *
 * <p>A quoted empty field is told apart from an unquoted one (Commons' null string with
 * {@link QuoteMode#ALL_NON_NULL}); byte offsets come from Commons' byte tracking. Malformed quoting
 * is an error here (the fast path repairs it): the upload fails with the position Commons reports.
 */
public final class CommonsCsvSource implements RecordSource {

    private final CountingStream counted;
    private final BufferedReader reader;
    private final CSVFormat format;
    private final long startOffset;
    private final int maxFieldBytes;
    private final int maxRecordBytes;
    private final int maxColumns;
    private Iterator<CSVRecord> records;
    private CSVParser parser;
    private CSVRecord peeked;
    private long line = 1;
    /** Lines consumed by the skipped preamble, added to Commons' own line count. */
    private long lineBase;
    private long parserLinesBefore;
    private long skippedBytes;

    public CommonsCsvSource(InputStream in, long startOffset, char delimiter, Character quote, boolean backslashEscape,
                            int maxFieldBytes, int maxRecordBytes, int maxColumns) {
        this.counted = new CountingStream(in);
        this.reader = new BufferedReader(new InputStreamReader(counted, StandardCharsets.UTF_8), 64 * 1024);
        this.startOffset = startOffset;
        this.format = CSVFormat.DEFAULT.builder()
                .setDelimiter(delimiter)
                .setQuote(quote)
                .setEscape(backslashEscape ? Character.valueOf('\\') : null)
                .setRecordSeparator("\n")
                .setIgnoreEmptyLines(true)
                .setNullString("")
                .setQuoteMode(QuoteMode.ALL_NON_NULL)
                .get();
        this.maxFieldBytes = maxFieldBytes;
        this.maxRecordBytes = maxRecordBytes;
        this.maxColumns = maxColumns;
    }

    @Override
    public void setLine(long nextLine) {
        line = nextLine;
        lineBase = nextLine - 1;
    }

    @Override
    public void skipLines(int count) throws IOException {
        for (int i = 0; i < count; i++) {
            int c;
            while ((c = reader.read()) >= 0) {
                skippedBytes += utf8Length(c);
                if (c == '\n') {
                    break;
                }
                if (c == '\r') {
                    reader.mark(1);
                    if (reader.read() == '\n') {
                        skippedBytes++;
                    } else {
                        reader.reset();
                    }
                    break;
                }
            }
            line++;
            lineBase++;
        }
    }

    @Override
    public boolean next(CsvRecord record) throws IOException {
        if (parser == null) {
            parser = CSVParser.builder().setReader(reader).setFormat(format).setCharset(StandardCharsets.UTF_8)
                    .setTrackBytes(true).get();
            records = parser.iterator();
        }
        CSVRecord current = peeked != null ? peeked : advance();
        peeked = null;
        if (current == null) {
            return false;
        }
        long recordLine = lineBase + parserLinesBefore + 1;
        long linesAfter = parser.getCurrentLineNumber();
        record.fieldCount = 0;
        record.defect = null;
        record.defectField = -1;
        record.line = recordLine;
        record.byteOffset = startOffset + skippedBytes + current.getBytePosition();
        int size = 0;
        for (int i = 0; i < current.size(); i++) {
            if (i == maxColumns) {
                throw IngestFailure.invalid("A record has more than " + maxColumns
                        + " fields (the max.columns limit)", record.line, record.byteOffset, i + 1);
            }
            String value = current.get(i);
            byte[] bytes = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > maxFieldBytes) {
                throw tooLong(record, "field", maxFieldBytes, i);
            }
            if (size + bytes.length > maxRecordBytes) {
                throw tooLong(record, "record", maxRecordBytes, i);
            }
            if (size + bytes.length > record.data.length) {
                record.data = Arrays.copyOf(record.data, Math.max(size + bytes.length, record.data.length * 2));
            }
            System.arraycopy(bytes, 0, record.data, size, bytes.length);
            if (i == record.starts.length) {
                record.starts = Arrays.copyOf(record.starts, i * 2);
                record.ends = Arrays.copyOf(record.ends, i * 2);
                record.quoted = Arrays.copyOf(record.quoted, i * 2);
            }
            record.starts[i] = size;
            size += bytes.length;
            record.ends[i] = size;
            // Only emptiness needs the quote: a quoted "" is a value, an unquoted empty field is null.
            record.quoted[i] = value != null;
            record.fieldCount = i + 1;
        }
        parserLinesBefore = linesAfter;
        peeked = advance();
        record.byteEnd = peeked != null ? startOffset + skippedBytes + peeked.getBytePosition()
                : startOffset + counted.count;
        line = lineBase + linesAfter + 1;
        return true;
    }

    private CSVRecord advance() {
        try {
            return records.hasNext() ? records.next() : null;
        } catch (UncheckedIOException e) {
            throw IngestFailure.invalid("Malformed CSV (reference parser): " + e.getCause().getMessage(),
                    line, -1, -1);
        } catch (IllegalStateException e) {
            throw IngestFailure.invalid("Malformed CSV (reference parser): " + e.getMessage(), line, -1, -1);
        }
    }

    private IngestFailure tooLong(CsvRecord record, String what, int max, int field) {
        return IngestFailure.invalid("A " + what + " is longer than " + max + " bytes (the max." + what
                + ".bytes limit)", record.line, record.byteOffset, field + 1);
    }

    private static int utf8Length(int c) {
        return c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate((char) c) ? 2 : 3;
    }

    /** Counts the bytes read, for the end offset of the last record. */
    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
