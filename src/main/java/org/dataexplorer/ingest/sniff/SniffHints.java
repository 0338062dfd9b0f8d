package org.dataexplorer.ingest.sniff;

import java.nio.charset.Charset;
import org.dataexplorer.store.Dialect;

/**
 * What the uploader said about the file. Every field is nullable ("detect it"); a set field wins
 * over detection.
 *
 * @param delimiter field separator
 * @param quote     quote character
 * @param noQuote   true when fields are never quoted (then {@code quote} is ignored)
 * @param escape    how quotes are escaped inside quoted fields
 * @param header    whether the first record after the preamble holds the column names
 * @param skipRows  preamble lines to skip before the header or first record
 * @param encoding  source charset (a matching byte order mark is still skipped)
 */
public record SniffHints(Character delimiter, Character quote, boolean noQuote, Dialect.Escape escape,
                         Boolean header, Integer skipRows, Charset encoding) {

    public SniffHints {
        if (skipRows != null && skipRows < 0) {
            throw new IllegalArgumentException("skipRows must be >= 0: " + skipRows);
        }
        if (delimiter != null && (delimiter == '\n' || delimiter == '\r')) {
            throw new IllegalArgumentException("a line break cannot be the delimiter");
        }
        if (delimiter != null && quote != null && !noQuote && delimiter.equals(quote)) {
            throw new IllegalArgumentException("delimiter and quote must differ");
        }
    }

    public static SniffHints none() {
        return new SniffHints(null, null, false, null, null, null, null);
    }
}
