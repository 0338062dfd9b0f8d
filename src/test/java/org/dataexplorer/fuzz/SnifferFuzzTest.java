package org.dataexplorer.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import org.dataexplorer.ingest.sniff.SniffHints;
import org.dataexplorer.ingest.sniff.SniffResult;
import org.dataexplorer.ingest.sniff.Sniffer;
import org.dataexplorer.store.Dialect;

/**
 * The sniffer on arbitrary bytes, with and without hints: it must answer a usable dialect (never
 * throw), whatever the sample. Regression inputs: {@code src/test/resources/org/dataexplorer/fuzz/SnifferFuzzTestInputs}.
 */
class SnifferFuzzTest {

    private static final String DELIMITERS = ",;\t| :#";

    @FuzzTest(maxDuration = "5m")
    void sniff(FuzzedDataProvider data) {
        boolean eof = data.consumeBoolean();
        SniffHints hints = SniffHints.none();
        if (data.consumeBoolean()) {
            char delimiter = DELIMITERS.charAt(data.consumeInt(0, DELIMITERS.length() - 1));
            Integer skipRows = data.consumeBoolean() ? data.consumeInt(0, 5) : null;
            boolean noQuote = data.consumeBoolean();
            hints = new SniffHints(delimiter, noQuote ? null : '"', noQuote,
                    data.consumeBoolean() ? Dialect.Escape.BACKSLASH : null, null, skipRows,
                    data.consumeBoolean() ? StandardCharsets.UTF_16LE : null);
        }
        byte[] sample = data.consumeRemainingAsBytes();
        SniffResult result = new Sniffer().sniff(sample, sample.length, eof, hints);
        Dialect dialect = result.dialect();
        assertNotNull(dialect);
        assertNotNull(result.charset());
        assertTrue(dialect.delimiter() != '\n' && dialect.delimiter() != '\r', dialect::toString);
        assertTrue(dialect.quote() == null || dialect.quote() != dialect.delimiter(), dialect::toString);
        assertTrue(dialect.skipRows() >= 0, dialect::toString);
        assertTrue(result.bomLength() >= 0 && result.bomLength() <= Math.min(4, sample.length), result::toString);
    }
}
