package org.dataexplorer.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import org.dataexplorer.ingest.IngestFailure;
import org.dataexplorer.ingest.parse.CommonsCsvSource;
import org.dataexplorer.ingest.parse.CsvRecord;
import org.dataexplorer.ingest.parse.CsvTokenizer;
import org.dataexplorer.ingest.parse.RecordSource;

/**
 * The byte-level tokenizer (the fast path) on arbitrary bytes, read in pieces of random sizes, against
 * Apache Commons CSV (the reference path). Only {@link IngestFailure} may come out of either, the
 * tokenizer's limits hold, its offsets only grow, and whenever Commons reads the input without error
 * and the tokenizer repaired nothing, both give the same records: the same fields, the same nulls.
 * Line numbers are not compared (the reference counts blank lines differently).
 */
class CsvTokenizerFuzzTest {

    private static final String DELIMITERS = ",;\t|";
    private static final int MAX_FIELD = 300;
    private static final int MAX_RECORD = 1000;
    private static final int MAX_COLUMNS = 40;

    /** One record as text; an unquoted empty field is null. */
    private record Row(List<String> fields) {
    }

    @FuzzTest(maxDuration = "5m")
    void tokenizerAgreesWithCommonsCsv(FuzzedDataProvider data) throws IOException {
        char delimiter = DELIMITERS.charAt(data.consumeInt(0, DELIMITERS.length() - 1));
        boolean quoted = data.consumeBoolean();
        boolean backslash = quoted && data.consumeBoolean();
        int piece = data.consumeInt(1, 70_000);
        byte[] input = data.consumeRemainingAsBytes();

        List<Row> fast = new ArrayList<>();
        boolean repaired = false;
        IngestFailure fastFailure = null;
        CsvTokenizer tokenizer = new CsvTokenizer(new Pieces(input, piece), 0, (byte) delimiter,
                quoted ? '"' : -1, backslash, MAX_FIELD, MAX_RECORD, MAX_COLUMNS);
        CsvRecord record = new CsvRecord();
        long lastEnd = 0;
        try {
            while (tokenizer.next(record)) {
                assertTrue(record.byteOffset() >= lastEnd && record.byteEnd() > record.byteOffset()
                        && record.byteEnd() <= input.length, () -> "offsets " + record.byteOffset() + ".."
                        + record.byteEnd() + " of " + input.length);
                lastEnd = record.byteEnd();
                assertTrue(record.fieldCount() >= 1 && record.fieldCount() <= MAX_COLUMNS);
                int total = 0;
                for (int i = 0; i < record.fieldCount(); i++) {
                    assertTrue(record.length(i) <= MAX_FIELD, "a field over max.field.bytes came through");
                    total += record.length(i);
                }
                assertTrue(total <= MAX_RECORD, "a record over max.record.bytes came through");
                repaired |= record.defect() != null;
                fast.add(row(record));
            }
            assertEquals(input.length, tokenizer.offset(), "the tokenizer read to the end");
        } catch (IngestFailure failure) {
            fastFailure = failure;
        }

        List<Row> reference = new ArrayList<>();
        IngestFailure referenceFailure = null;
        RecordSource commons = new CommonsCsvSource(new ByteArrayInputStream(input), 0, delimiter,
                quoted ? Character.valueOf('"') : null, backslash, MAX_FIELD, MAX_RECORD, MAX_COLUMNS);
        CsvRecord ref = new CsvRecord();
        try {
            while (commons.next(ref)) {
                reference.add(row(ref));
            }
        } catch (IngestFailure failure) {
            referenceFailure = failure;
        }
        if (fastFailure == null && referenceFailure == null && !repaired && !backslash) {
            assertEquals(reference, fast, "fast path and Commons CSV disagree");
        }
    }

    private static Row row(CsvRecord record) {
        List<String> fields = new ArrayList<>(record.fieldCount());
        for (int i = 0; i < record.fieldCount(); i++) {
            fields.add(record.length(i) == 0 && !record.isQuoted(i) ? null : record.text(i));
        }
        return new Row(fields);
    }

    /** Gives the input back in pieces of at most {@code piece} bytes, as a network upload arrives. */
    private static final class Pieces extends InputStream {
        private final byte[] data;
        private final int piece;
        private int position;

        Pieces(byte[] data, int piece) {
            this.data = data;
            this.piece = piece;
        }

        @Override
        public int read() {
            return position < data.length ? data[position++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, piece), data.length - position);
            System.arraycopy(data, position, b, off, n);
            position += n;
            return n;
        }
    }
}
