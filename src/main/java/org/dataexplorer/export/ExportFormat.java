package org.dataexplorer.export;

import java.util.Locale;

/** The formats a view can be exported to. */
public enum ExportFormat {
    CSV("text/csv; charset=utf-8", "csv"),
    TSV("text/tab-separated-values; charset=utf-8", "tsv"),
    /** One JSON object per line. */
    JSONL("application/x-ndjson", "jsonl"),
    /** One JSON array of row objects. */
    JSON("application/json", "json"),
    PARQUET("application/vnd.apache.parquet", "parquet"),
    /** Arrow IPC streaming format. */
    ARROW("application/vnd.apache.arrow.stream", "arrows");

    private final String mediaType;
    private final String extension;

    ExportFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    public String mediaType() {
        return mediaType;
    }

    public String extension() {
        return extension;
    }

    /** The format of a {@code format=} value (case-insensitive; {@code ndjson} and {@code ipc} are aliases), or null. */
    public static ExportFormat parse(String name) {
        if (name == null) {
            return null;
        }
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "csv" -> CSV;
            case "tsv" -> TSV;
            case "jsonl", "ndjson" -> JSONL;
            case "json" -> JSON;
            case "parquet" -> PARQUET;
            case "arrow", "arrows", "ipc" -> ARROW;
            default -> null;
        };
    }
}
