package org.dataexplorer.api.upload;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.dataexplorer.ingest.IngestFailure;
import org.dataexplorer.ingest.IngestOptions;
import org.dataexplorer.store.ColumnType;
import org.dataexplorer.store.Dialect;

/** Reads an upload's query parameters into {@link IngestOptions}; every mistake names its parameter. */
final class UploadOptionsParser {

    static final Set<String> KNOWN = Set.of("name", "delimiter", "quote", "escape", "header", "encoding", "skipRows",
            "nullValues", "types", "strict", "wait");
    private static final int MAX_NAME_LENGTH = 255;

    private UploadOptionsParser() {
    }

    static IngestOptions parse(Map<String, String> q, String owner, boolean gzip) {
        for (String name : q.keySet()) {
            if (!KNOWN.contains(name)) {
                throw IngestFailure.badOption(name, "Unknown upload parameter '" + name + "'; known ones are "
                        + String.join(", ", KNOWN.stream().sorted().toList()));
            }
        }
        String name = q.get("name");
        if (name != null && name.length() > MAX_NAME_LENGTH) {
            throw IngestFailure.badOption("name", "name is longer than " + MAX_NAME_LENGTH + " characters");
        }
        if (name != null) {
            name = name.replaceAll("\\p{Cntrl}", " ").strip();
        }
        Character delimiter = delimiter(q.get("delimiter"));
        String quoteText = q.get("quote");
        boolean noQuote = quoteText != null && (quoteText.isEmpty() || quoteText.equalsIgnoreCase("none"));
        Character quote = noQuote ? null : singleChar("quote", quoteText);
        if (quote != null && quote != '"' && quote != '\'') {
            throw IngestFailure.badOption("quote", "quote must be \", ' or none");
        }
        return new IngestOptions(name, owner, delimiter, quote, noQuote, escape(q.get("escape")), header(q.get("header")),
                charset(q.get("encoding")), skipRows(q.get("skipRows")), nullValues(q.get("nullValues")),
                types(q.get("types")), bool("strict", q.get("strict")), gzip);
    }

    static boolean bool(String parameter, String value) {
        if (value == null) {
            return false;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "" -> true;
            case "false", "0", "no" -> false;
            default -> throw IngestFailure.badOption(parameter, parameter + " must be true or false, not '" + value + "'");
        };
    }

    private static Character delimiter(String value) {
        if (value == null) {
            return null;
        }
        String v = switch (value.toLowerCase(Locale.ROOT)) {
            case "\\t", "tab" -> "\t";
            case "comma" -> ",";
            case "semicolon" -> ";";
            case "pipe" -> "|";
            case "space" -> " ";
            default -> value;
        };
        Character c = singleChar("delimiter", v);
        if (c == '"' || c == '\r' || c == '\n' || c > 127) {
            throw IngestFailure.badOption("delimiter", "delimiter must be a single ASCII character other than a quote or line break");
        }
        return c;
    }

    private static Character singleChar(String parameter, String value) {
        if (value == null) {
            return null;
        }
        if (value.length() != 1) {
            throw IngestFailure.badOption(parameter, parameter + " must be a single character, not '" + value + "'");
        }
        return value.charAt(0);
    }

    private static Dialect.Escape escape(String value) {
        if (value == null) {
            return null;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "doubled", "double", "\"" -> Dialect.Escape.DOUBLED;
            case "backslash", "\\" -> Dialect.Escape.BACKSLASH;
            default -> throw IngestFailure.badOption("escape", "escape must be 'doubled' or 'backslash', not '" + value + "'");
        };
    }

    private static Boolean header(String value) {
        if (value == null || value.equalsIgnoreCase("auto")) {
            return null;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw IngestFailure.badOption("header", "header must be true, false or auto, not '" + value + "'");
        };
    }

    private static Charset charset(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Charset.forName(value);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw IngestFailure.badOption("encoding", "Unknown encoding '" + value + "'");
        }
    }

    private static Integer skipRows(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            int n = Integer.parseInt(value);
            if (n < 0 || n > 1_000_000) {
                throw IngestFailure.badOption("skipRows", "skipRows must be between 0 and 1000000");
            }
            return n;
        } catch (NumberFormatException e) {
            throw IngestFailure.badOption("skipRows", "skipRows must be a whole number, not '" + value + "'");
        }
    }

    private static List<String> nullValues(String value) {
        if (value == null) {
            return null;
        }
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static Map<String, ColumnType> types(String value) {
        Map<String, ColumnType> types = new LinkedHashMap<>();
        if (value == null || value.isBlank()) {
            return types;
        }
        for (String entry : value.split(",")) {
            int colon = entry.lastIndexOf(':');
            if (colon <= 0) {
                throw IngestFailure.badOption("types", "types entries are column:type, not '" + entry + "'");
            }
            String column = entry.substring(0, colon).strip();
            String type = entry.substring(colon + 1).strip();
            try {
                types.put(column, ColumnType.fromJsonName(type));
            } catch (IllegalArgumentException e) {
                throw IngestFailure.badOption("types", "Unknown type '" + type + "' for column '" + column
                        + "'; types are integer, float, boolean, date, timestamp, string");
            }
        }
        return types;
    }
}
