package org.dataexplorer.ingest.sniff;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits decoded sample text into records for one candidate dialect. Quoted fields may hold
 * delimiters and line breaks; a quote only opens a field at the field's start. With backslash
 * escaping, {@code \x} inside a quoted field is taken literally; a doubled quote is always one quote.
 */
final class RecordScanner {

    /** Receives each record; {@code fields} is 0 for a blank line. */
    interface Sink {
        /** @return false to stop scanning */
        boolean record(int fields, int start, int end, boolean terminated);
    }

    private final String text;
    private final char delimiter;
    private final int quote;
    private final boolean backslash;

    /** @param quote the quote character, or -1 when fields are never quoted */
    RecordScanner(String text, char delimiter, int quote, boolean backslash) {
        this.text = text;
        this.delimiter = delimiter;
        this.quote = quote;
        this.backslash = backslash;
    }

    void scan(int from, Sink sink) {
        scan(from, sink, null);
    }

    /** Reads up to {@code max} complete records from {@code from}, with their field values. */
    List<List<String>> read(int from, int max, boolean eof) {
        List<List<String>> records = new ArrayList<>();
        List<String> current = new ArrayList<>();
        scan(from, (fields, start, end, terminated) -> {
            if ((terminated || eof) && fields > 0) {
                records.add(List.copyOf(current));
            }
            current.clear();
            return records.size() < max;
        }, current);
        return records;
    }

    private void scan(int from, Sink sink, List<String> values) {
        String t = text;
        int n = t.length();
        int i = from;
        StringBuilder field = values == null ? null : new StringBuilder();
        while (i < n) {
            int start = i;
            int fields = 1;
            boolean blank = true;
            boolean atFieldStart = true;
            boolean terminated = false;
            while (i < n) {
                char c = t.charAt(i);
                if (atFieldStart && c == quote) {
                    blank = false;
                    atFieldStart = false;
                    i++;
                    while (i < n) {
                        c = t.charAt(i);
                        if (backslash && c == '\\' && i + 1 < n) {
                            append(field, t.charAt(i + 1));
                            i += 2;
                        } else if (c == quote) {
                            if (i + 1 < n && t.charAt(i + 1) == quote) {
                                append(field, c);
                                i += 2;
                            } else {
                                i++;
                                break;
                            }
                        } else {
                            append(field, c);
                            i++;
                        }
                    }
                    continue;
                }
                if (c == delimiter) {
                    fields++;
                    blank = false;
                    atFieldStart = true;
                    endField(field, values);
                    i++;
                    continue;
                }
                if (c == '\n' || c == '\r') {
                    i++;
                    if (c == '\r' && i < n && t.charAt(i) == '\n') {
                        i++;
                    }
                    terminated = true;
                    break;
                }
                blank = false;
                atFieldStart = false;
                append(field, c);
                i++;
            }
            endField(field, values);
            if (!sink.record(blank ? 0 : fields, start, i, terminated)) {
                return;
            }
        }
    }

    private static void append(StringBuilder field, char c) {
        if (field != null) {
            field.append(c);
        }
    }

    private static void endField(StringBuilder field, List<String> values) {
        if (values != null) {
            values.add(field.toString());
            field.setLength(0);
        }
    }

    /** Number of line breaks (CRLF, LF or CR) in [from, to). */
    static int countLines(String text, int from, int to) {
        int lines = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n')) {
                lines++;
            }
        }
        return lines;
    }

    /** Offset just after {@code lines} line breaks from the start (or the end of the text). */
    static int skipLines(String text, int lines) {
        int i = 0;
        int n = text.length();
        for (int k = 0; k < lines && i < n; k++) {
            while (i < n && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                i++;
            }
            if (i < n && text.charAt(i) == '\r') {
                i++;
                if (i < n && text.charAt(i) == '\n') {
                    i++;
                }
            } else if (i < n) {
                i++;
            }
        }
        return i;
    }
}
