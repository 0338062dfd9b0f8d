package org.dataexplorer.ingest.parse;

import java.io.IOException;
import java.util.Arrays;

import org.dataexplorer.ingest.IngestFailure;

/**
 * Tokenizes a block of source text held in memory straight into {@link ChunkAssembler}s, in place: a value
 * is an offset pair into the block (no copy), and a quoted value is unescaped where it lies (dropping quotes
 * only ever shortens it). Blocks are tokenized on many threads at once, so each starts at a record start the
 * {@link BlockSplitter} guessed; {@link #tokenize} says whether the block ended where a record ends, which is
 * what proves the guess of the next block right.
 *
 * <p>Same records, repairs, rejects and limits as {@link CsvTokenizer} followed by {@link ChunkAssembler#add},
 * for its dialects without backslash escapes: a single-byte delimiter, a {@code "}-like quote doubled inside
 * quotes or no quote at all, any of LF, CRLF and CR ending a record.
 */
public final class BlockTokenizer {

    /** Where a block's chunks go: a fresh assembler whenever one is full, and the sink for its rejects. */
    public interface Chunks {
        ChunkAssembler next();

        RejectSink rejects();
    }

    private static final int NO_QUOTE = 1000;

    private final int columnCount;
    private final byte delimiter;
    private final int quote;
    private final long delimiterBits;
    private final long quoteBits;
    private final int maxFieldBytes;
    private final int maxRecordBytes;
    private final int maxColumns;

    /** Values repaired from invalid UTF-8 (they may grow, so they cannot stay in place); placed after the block. */
    private byte[] repaired = new byte[0];
    private int repairedLength;

    public BlockTokenizer(int columnCount, byte delimiter, int quote, int maxFieldBytes, int maxRecordBytes,
                          int maxColumns) {
        this.columnCount = columnCount;
        this.delimiter = delimiter;
        this.quote = quote < 0 ? NO_QUOTE : quote;
        this.delimiterBits = Swar.broadcast(delimiter);
        this.quoteBits = quote < 0 ? delimiterBits : Swar.broadcast(quote);
        this.maxFieldBytes = maxFieldBytes;
        this.maxRecordBytes = maxRecordBytes;
        this.maxColumns = maxColumns;
    }

    /**
     * Tokenizes the records of {@code block[0, length)}, which starts at a record start, at stream offset
     * {@code offset} and physical line {@code line}. The block's bytes are changed (quoted values unescaped)
     * and the assemblers point into them.
     *
     * @param last whether the block ends where the input ends (then an open quote or a record without a line
     *             ending is the input's, as in {@link CsvTokenizer})
     * @return whether the block ended exactly at the end of a record (always true when {@code last}); when
     *         false, what it yielded is wrong and must be thrown away
     */
    public boolean tokenize(byte[] block, int length, long offset, long line, boolean last, Chunks chunks)
            throws IOException {
        repairedLength = 0;
        boolean validUtf8 = Utf8.firstInvalid(block, 0, length) < 0;
        boolean usedRepaired = false;
        ChunkAssembler assembler = chunks.next();
        assembler.viewBlock(block);
        RejectSink rejects = chunks.rejects();
        final int end = length;
        final int columns = columnCount;
        int p = 0;
        while (true) {
            // Blank lines between records.
            while (p < end) {
                byte b = block[p];
                if (b == '\n') {
                    p++;
                } else if (b == '\r') {
                    p++;
                    if (p < end && block[p] == '\n') {
                        p++;
                    }
                } else {
                    break;
                }
                line++;
            }
            if (p >= end) {
                break;
            }
            final int recordStart = p;
            final long recordLine = line;
            assembler.startRow(recordLine, offset + recordStart);
            int field = 0;
            long recordBytes = 0;
            int valueBytes = 0;
            String defect = null;
            int defectField = -1;
            boolean atLineEnd;
            while (true) {
                int valueStart;
                int valueEnd;
                boolean quoted = p < end && block[p] == quote;
                if (quoted) {
                    p++;
                    valueStart = p;
                    int w = p;
                    boolean closed = false;
                    while (true) {
                        int stop = Swar.find(block, p, end, quoteBits, quoteBits);
                        if (w != p) {
                            System.arraycopy(block, p, block, w, stop - p);
                        }
                        w += stop - p;
                        p = stop;
                        if (p >= end) {
                            break;
                        }
                        byte b = block[p++];
                        if (b == quote) {
                            if (p < end && block[p] == quote) {
                                block[w++] = b;
                                p++;
                                continue;
                            }
                            closed = true;
                            break;
                        }
                        if (b == '\n' || (b == '\r' && !(p < end && block[p] == '\n'))) {
                            line++;
                        }
                        block[w++] = b;
                    }
                    if (!closed) {
                        if (!last) {
                            return false;
                        }
                        if (defect == null) {
                            defect = "quote still open at the end of the input";
                            defectField = field;
                        }
                    } else if (p < end && block[p] != delimiter && block[p] != '\n' && block[p] != '\r') {
                        if (defect == null) {
                            defect = "text after a closing quote";
                            defectField = field;
                        }
                        // The rest of the field is plain text, its quotes included.
                        int stop = Swar.find(block, p, end, delimiterBits, delimiterBits);
                        System.arraycopy(block, p, block, w, stop - p);
                        w += stop - p;
                        p = stop;
                    }
                    valueEnd = w;
                } else {
                    valueStart = p;
                    p = Swar.find(block, p, end, delimiterBits, delimiterBits);
                    valueEnd = p;
                }
                int valueLength = valueEnd - valueStart;
                if (valueLength > maxFieldBytes && recordBytes + maxFieldBytes < maxRecordBytes) {
                    throw tooLong("field", maxFieldBytes, recordLine, offset + recordStart, field);
                }
                recordBytes += valueLength;
                if (recordBytes > maxRecordBytes) {
                    throw tooLong("record", maxRecordBytes, recordLine, offset + recordStart, field);
                }
                if (field == maxColumns) {
                    throw IngestFailure.invalid("A record has more than " + maxColumns
                            + " fields (the max.columns limit)", recordLine, offset + recordStart, field + 1);
                }
                if (field < columns) {
                    TextColumn column = assembler.column(field);
                    if (assembler.isNull(block, valueStart, valueLength, quoted)) {
                        column.pointNull();
                    } else {
                        column.point(valueStart, valueEnd);
                        valueBytes += valueLength;
                    }
                }
                field++;
                if (p >= end) {
                    atLineEnd = false;
                    break;
                }
                byte b = block[p++];
                if (b == delimiter) {
                    continue;
                }
                // A line ending (nothing else stops a value).
                if (b == '\r' && p < end && block[p] == '\n') {
                    p++;
                }
                line++;
                atLineEnd = true;
                break;
            }
            if (!atLineEnd && !last) {
                return false;
            }
            for (int c = field; c < columns; c++) {
                assembler.column(c).pointNull();
            }
            long recordOffset = offset + recordStart;
            if (defect != null) {
                rejects.reject(recordLine, recordOffset, defectField + 1, defect + "; the field keeps the text as read");
            }
            if (field < columns) {
                rejects.reject(recordLine, recordOffset, field + 1,
                        "expected " + columns + " fields but found " + field + "; the missing ones are null");
            } else if (field > columns) {
                rejects.reject(recordLine, recordOffset, columns + 1,
                        "expected " + columns + " fields but found " + field + "; the extra ones were dropped");
            }
            if (!validUtf8) {
                int repairedBytes = repairUtf8(assembler, block, length, Math.min(field, columns), recordLine,
                        recordOffset, rejects);
                if (repairedBytes >= 0) {
                    usedRepaired = true;
                    valueBytes += repairedBytes;
                }
            }
            assembler.finishRow(offset + p, valueBytes);
            if (assembler.isFull()) {
                seal(assembler, block, length, usedRepaired);
                usedRepaired = false;
                assembler = chunks.next();
                assembler.viewBlock(block);
                rejects = chunks.rejects();
            }
        }
        seal(assembler, block, length, usedRepaired);
        return true;
    }

    /** Once its last row is in: an assembler that holds repaired values views the block with them after it. */
    private void seal(ChunkAssembler assembler, byte[] block, int length, boolean usedRepaired) {
        if (usedRepaired) {
            byte[] joined = Arrays.copyOf(block, length + repairedLength);
            System.arraycopy(repaired, 0, joined, length, repairedLength);
            assembler.viewBlock(joined);
        }
    }

    /**
     * Replaces the invalid UTF-8 of the last row's values by U+FFFD, reporting each; returns how many more
     * bytes the row's values hold now, or -1 when every value was valid.
     */
    private int repairUtf8(ChunkAssembler assembler, byte[] block, int length, int fields, long line, long offset,
                           RejectSink rejects) throws IOException {
        int grown = -1;
        int row = assembler.rows();
        for (int c = 0; c < fields; c++) {
            TextColumn column = assembler.column(c);
            if (column.isNull(row)) {
                continue;
            }
            int start = column.start(row);
            int valueLength = column.length(row);
            int invalid = Utf8.firstInvalid(block, start, valueLength);
            if (invalid < 0) {
                continue;
            }
            rejects.reject(line, offset, c + 1, "invalid UTF-8 byte 0x" + Integer.toHexString(block[invalid] & 0xFF)
                    + "; replaced by U+FFFD");
            if (repaired.length < repairedLength + valueLength * 3) {
                repaired = Arrays.copyOf(repaired, Math.max(repairedLength + valueLength * 3, repaired.length * 2));
            }
            int n = Utf8.sanitize(block, start, valueLength, repaired, repairedLength);
            column.repoint(row, length + repairedLength, length + repairedLength + n);
            repairedLength += n;
            grown = Math.max(grown, 0) + n - valueLength;
        }
        return grown;
    }

    private static IngestFailure tooLong(String what, int max, long line, long offset, int field) {
        return IngestFailure.invalid("A " + what + " is longer than " + max + " bytes (the max." + what + ".bytes limit)",
                line, offset, field + 1);
    }
}
