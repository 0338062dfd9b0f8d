package org.dataexplorer.ingest;

import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;

import org.dataexplorer.store.ColumnType;
import org.dataexplorer.store.Dialect;

/**
 * What an upload says about itself; every member is optional (null = sniff or use the default).
 *
 * @param name       display name
 * @param owner      uploading user, null when anonymous
 * @param delimiter  field separator
 * @param quote      quote character
 * @param noQuote    true when fields are never quoted
 * @param escape     escape style inside quotes
 * @param header     whether the first record is a header (null = detect)
 * @param encoding   source charset
 * @param skipRows   lines to skip before the header
 * @param nullValues tokens read as null (null = the configured ones)
 * @param types      column name → forced type
 * @param strict     turn the first malformed record into a failure
 * @param gzip       the body is declared gzip-compressed (Content-Encoding); the magic number is detected anyway
 */
public record IngestOptions(String name, String owner, Character delimiter, Character quote, boolean noQuote,
                            Dialect.Escape escape, Boolean header, Charset encoding, Integer skipRows,
                            List<String> nullValues, Map<String, ColumnType> types, boolean strict, boolean gzip) {

    public IngestOptions {
        types = types == null ? Map.of() : Map.copyOf(types);
        nullValues = nullValues == null ? null : List.copyOf(nullValues);
    }

    public static IngestOptions defaults(String name) {
        return new IngestOptions(name, null, null, null, false, null, null, null, null, null, Map.of(), false, false);
    }
}
