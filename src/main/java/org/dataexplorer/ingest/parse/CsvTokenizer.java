package org.dataexplorer.ingest.parse;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import org.dataexplorer.ingest.IngestFailure;

/**
 * Splits a byte stream into CSV records for single-byte delimiters and quotes (the stream is UTF-8
 * or another ASCII-compatible encoding). Any of LF, CRLF and CR ends a record; newlines inside
 * quotes belong to the field. Blank lines are skipped.
 *
 * <p>Repairs rather than fails: text after a closing quote is kept as part of the field, and a quote
 * still open at the end of input closes there; both are reported as the record's defect. Limits on
 * field size, record size and field count are hard failures, so memory stays bounded whatever the input.
 *
 * <p>All the state machine lives in {@link #next(CsvRecord)} on purpose: it is the hot loop.
 */
public final class CsvTokenizer implements RecordSource {

    /** Never equal to a byte value, so "no quote" costs no branch. */
    private static final int NO_QUOTE = 1000;

    private final InputStream in;
    private final byte delimiter;
    private final int quote;
    private final boolean backslashEscape;
    private final int maxFieldBytes;
    private final int maxRecordBytes;
    private final int maxColumns;

    /** The stop bytes of {@link #plainRun} in every byte of a word; a missing quote or escape repeats another stop byte. */
    private final long delimiterBits;
    private final long quoteBits;
    private final long escapeBits;

    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    /** Stream offset of buffer[0]. */
    private long bufferOffset;
    private boolean eof;
    private long line = 1;

    public CsvTokenizer(InputStream in, long startOffset, byte delimiter, int quote, boolean backslashEscape,
                        int maxFieldBytes, int maxRecordBytes, int maxColumns) {
        this.in = in;
        this.bufferOffset = startOffset;
        this.delimiter = delimiter;
        this.quote = quote < 0 ? NO_QUOTE : quote;
        this.backslashEscape = backslashEscape;
        this.maxFieldBytes = maxFieldBytes;
        this.maxRecordBytes = maxRecordBytes;
        this.maxColumns = maxColumns;
        this.delimiterBits = Swar.broadcast(delimiter);
        this.quoteBits = quote < 0 ? delimiterBits : Swar.broadcast(quote);
        this.escapeBits = backslashEscape ? Swar.broadcast('\\') : quoteBits;
    }

    @Override
    public void setLine(long nextLine) {
        this.line = nextLine;
    }

    public long line() {
        return line;
    }

    /** Stream offset of the next unread byte. */
    public long offset() {
        return bufferOffset + position;
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        bufferOffset += limit;
        position = 0;
        limit = 0;
        int n;
        do {
            n = in.read(buffer, 0, buffer.length);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            return false;
        }
        limit = n;
        return true;
    }

    /** Skips whole physical lines (a preamble), without quote handling. */
    @Override
    public void skipLines(int count) throws IOException {
        for (int i = 0; i < count; i++) {
            while (true) {
                if (position >= limit && !fill()) {
                    return;
                }
                byte b = buffer[position++];
                if (b == '\n') {
                    break;
                }
                if (b == '\r') {
                    if (position >= limit) {
                        fill();
                    }
                    if (position < limit && buffer[position] == '\n') {
                        position++;
                    }
                    break;
                }
            }
            line++;
        }
    }

    /**
     * Reads the next non-blank record.
     *
     * @return false at the end of input
     */
    @Override
    public boolean next(CsvRecord record) throws IOException {
        while (true) {
            if (position >= limit && !fill()) {
                return false;
            }
            byte b = buffer[position];
            if (b == '\n') {
                position++;
                line++;
            } else if (b == '\r') {
                position++;
                if (position >= limit) {
                    fill();
                }
                if (position < limit && buffer[position] == '\n') {
                    position++;
                }
                line++;
            } else {
                break;
            }
        }
        record.fieldCount = 0;
        record.defect = null;
        record.defectField = -1;
        record.line = line;
        record.byteOffset = offset();
        int size = 0;
        int fieldStart = 0;
        boolean inQuotes = false;
        boolean quotedField = false;
        boolean afterClosingQuote = false;
        byte[] data = record.data;
        // The record buffer may have been sized by an earlier, larger limit: never fill it beyond this one.
        int capacity = Math.min(data.length, maxRecordBytes);

        while (true) {
            if (position >= limit && !fill()) {
                if (inQuotes) {
                    noteDefect(record, "quote still open at the end of the input");
                }
                break;
            }
            if (!afterClosingQuote) {
                // Fast path: a run of bytes that are plain text in the current state is copied at once.
                // Runs that would cross a limit are left to the byte loop, which fails at the exact byte.
                int run = plainRun(inQuotes);
                if (run > 0 && size + run <= maxRecordBytes && size + run - fieldStart <= maxFieldBytes) {
                    if (size + run > capacity) {
                        data = record.data = Arrays.copyOf(data,
                                (int) Math.min(Math.max((long) size + run, Math.max(size * 2L, 4096)), maxRecordBytes));
                        capacity = data.length;
                    }
                    System.arraycopy(buffer, position, data, size, run);
                    size += run;
                    position += run;
                    continue;
                }
            }
            byte b = buffer[position++];
            if (inQuotes) {
                if (b == quote) {
                    inQuotes = false;
                    afterClosingQuote = true;
                    continue;
                }
                if (backslashEscape && b == '\\') {
                    if (position >= limit && !fill()) {
                        noteDefect(record, "quote still open at the end of the input");
                        break;
                    }
                    b = buffer[position++];
                }
                if (b == '\n' || (b == '\r' && !isCrLf())) {
                    line++;
                }
            } else {
                if (b == delimiter) {
                    endField(record, fieldStart, size, quotedField);
                    fieldStart = size;
                    quotedField = false;
                    afterClosingQuote = false;
                    continue;
                }
                if (b == '\n' || b == '\r') {
                    if (b == '\r') {
                        if (position >= limit) {
                            fill();
                        }
                        if (position < limit && buffer[position] == '\n') {
                            position++;
                        }
                    }
                    line++;
                    break;
                }
                if (b == quote) {
                    if (afterClosingQuote) {
                        // A doubled quote inside a quoted field: one literal quote, still quoted.
                        inQuotes = true;
                        afterClosingQuote = false;
                    } else if (size == fieldStart && !quotedField) {
                        inQuotes = true;
                        quotedField = true;
                        continue;
                    }
                    // Otherwise a quote inside an unquoted field is plain text.
                } else if (afterClosingQuote) {
                    noteDefect(record, "text after a closing quote");
                    afterClosingQuote = false;
                }
            }
            if (size == capacity) {
                if (size >= maxRecordBytes) {
                    throw tooLong(record, "record", maxRecordBytes);
                }
                data = record.data = Arrays.copyOf(data, Math.min(Math.max(size * 2, 4096), maxRecordBytes));
                capacity = data.length;
            }
            data[size++] = b;
            if (size - fieldStart > maxFieldBytes) {
                throw tooLong(record, "field", maxFieldBytes);
            }
        }
        endField(record, fieldStart, size, quotedField);
        record.byteEnd = offset();
        return true;
    }

    /**
     * Length of the run of buffered bytes from {@code position} that the state machine would append
     * as they are: up to the next delimiter, quote or line break outside quotes, and up to the next
     * quote, escape or line break inside them. Eight bytes at a time (SWAR: a byte equal to one of the
     * four stop bytes becomes a zero byte after XOR, and the lowest flagged zero byte is always a real
     * one, so the first stop byte is found exactly).
     */
    private int plainRun(boolean inQuotes) {
        return Swar.find(buffer, position, limit, inQuotes ? quoteBits : delimiterBits,
                inQuotes ? escapeBits : quoteBits) - position;
    }

    /** Whether the CR just read is followed by LF (that LF then counts the line). */
    private boolean isCrLf() throws IOException {
        if (position >= limit && !fill()) {
            return false;
        }
        return buffer[position] == '\n';
    }

    private void endField(CsvRecord record, int start, int end, boolean quotedField) {
        int n = record.fieldCount;
        if (n == maxColumns) {
            throw IngestFailure.invalid("A record has more than " + maxColumns + " fields (the max.columns limit)",
                    record.line, record.byteOffset, n + 1);
        }
        if (n == record.starts.length) {
            int grown = Math.min(n * 2, maxColumns);
            record.starts = Arrays.copyOf(record.starts, grown);
            record.ends = Arrays.copyOf(record.ends, grown);
            record.quoted = Arrays.copyOf(record.quoted, grown);
        }
        record.starts[n] = start;
        record.ends[n] = end;
        record.quoted[n] = quotedField;
        record.fieldCount = n + 1;
    }

    private static void noteDefect(CsvRecord record, String defect) {
        if (record.defect == null) {
            record.defect = defect;
            record.defectField = record.fieldCount;
        }
    }

    private IngestFailure tooLong(CsvRecord record, String what, int max) {
        return IngestFailure.invalid("A " + what + " is longer than " + max + " bytes (the max." + what + ".bytes limit)",
                record.line, record.byteOffset, record.fieldCount + 1);
    }
}
