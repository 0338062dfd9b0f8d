package org.dataexplorer.store;

/**
 * How a source file is written: what the sniffer found, or what the upload said.
 *
 * @param delimiter   field separator
 * @param quote       quote character, or null when fields are never quoted
 * @param escape      how a quote is written inside a quoted field
 * @param header      whether the first (non-skipped) record holds the column names
 * @param skipRows    preamble lines before the header or first record
 * @param lineEnding  "LF", "CRLF", "CR" or "mixed" (informative; every ending is accepted)
 * @param encoding    canonical charset name, e.g. "UTF-8", "UTF-16LE", "windows-1252"
 * @param bom         whether the source started with a byte order mark
 * @param encodingFallback true when the bytes were not valid UTF-8 and were read as windows-1252
 */
public record Dialect(char delimiter, Character quote, Escape escape, boolean header, int skipRows,
                      String lineEnding, String encoding, boolean bom, boolean encodingFallback) {

    public enum Escape {
        /** {@code ""} inside a quoted field is one quote (RFC 4180). */
        DOUBLED,
        /** {@code \"} inside a quoted field is one quote, {@code \\} one backslash. */
        BACKSLASH;
    }

    public static Dialect rfc4180() {
        return new Dialect(',', '"', Escape.DOUBLED, true, 0, "LF", "UTF-8", false, false);
    }
}
