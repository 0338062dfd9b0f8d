package org.dataexplorer.ingest.sniff;

/**
 * Field-count statistics of one candidate delimiter over a sample, in bounded memory: a histogram
 * of field counts and the first records (for finding the preamble).
 */
final class DelimiterScore implements RecordScanner.Sink {

    /** Leading records that may be preamble. */
    static final int MAX_PREAMBLE = 50;
    private static final int HISTOGRAM = 1024;

    final char delimiter;
    private final boolean eof;
    private final long[] histogram = new long[HISTOGRAM + 1];
    private final int[] firstFields = new int[MAX_PREAMBLE + 1];
    private final int[] firstStarts = new int[MAX_PREAMBLE + 1];
    private int recorded;
    private long nonBlank;

    private int mode;
    private int preambleRecords;
    private int dataStart;
    private long bad;
    private double consistency;

    DelimiterScore(char delimiter, boolean eof) {
        this.delimiter = delimiter;
        this.eof = eof;
    }

    @Override
    public boolean record(int fields, int start, int end, boolean terminated) {
        if (!terminated && !eof) {
            return false; // may be cut by the end of the sample
        }
        if (recorded <= MAX_PREAMBLE) {
            firstFields[recorded] = fields;
            firstStarts[recorded] = start;
        }
        recorded++;
        if (fields > 0) {
            nonBlank++;
            histogram[Math.min(fields, HISTOGRAM)]++;
        }
        return true;
    }

    /** Computes the dominant field count, the preamble and consistency; call after scanning. */
    DelimiterScore finish(boolean detectPreamble, int textStart) {
        mode = 1;
        for (int f = 1; f <= HISTOGRAM; f++) {
            if (histogram[f] > 0 && histogram[f] >= histogram[mode]) {
                mode = f;
            }
        }
        preambleRecords = 0;
        dataStart = recorded > 0 ? firstStarts[0] : textStart;
        if (detectPreamble) {
            int limit = Math.min(recorded, MAX_PREAMBLE + 1);
            for (int r = 0; r < limit; r++) {
                if (firstFields[r] == mode) {
                    preambleRecords = r;
                    dataStart = firstStarts[r];
                    break;
                }
            }
        }
        long preambleNonBlank = 0;
        for (int r = 0; r < preambleRecords; r++) {
            if (firstFields[r] > 0) {
                preambleNonBlank++;
            }
        }
        long considered = nonBlank - preambleNonBlank;
        bad = considered - histogram[Math.min(mode, HISTOGRAM)];
        consistency = considered == 0 ? 0 : histogram[Math.min(mode, HISTOGRAM)] / (double) considered;
        return this;
    }

    /** Complete records in the sample, blank lines included. */
    int records() {
        return recorded;
    }

    int mode() {
        return mode;
    }

    long bad() {
        return bad;
    }

    double consistency() {
        return consistency;
    }

    /** Offset of the first record after the preamble. */
    int dataStart() {
        return dataStart;
    }

    /** A delimiter that splits records into a stable number (at least two) of fields. */
    boolean viable(double minConsistency) {
        return mode >= 2 && consistency >= minConsistency;
    }
}
