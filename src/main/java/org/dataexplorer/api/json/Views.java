package org.dataexplorer.api.json;

import java.util.List;
import java.util.Map;

import jakarta.json.bind.annotation.JsonbProperty;

import org.dataexplorer.query.ColumnStatistics;

/** The JSON bodies of the API, one record each, in the order their members appear. */
public final class Views {

    private Views() {
    }

    public record DialectView(String delimiter, String quote, String escape, boolean header, int skipRows,
                              String lineEnding, String encoding, boolean bom, boolean encodingFallback) {
    }

    public record ColumnView(String name, String type, boolean nullable, String format) {
    }

    public record IndexedColumnView(int index, String name, String type, boolean nullable, String format) {
    }

    public record DatasetSummary(String id, String name, String status, String createdAt, long sizeBytes,
                                 long bytesReceived, long rowsParsed, long rowCount, int columnCount,
                                 long rejectCount, String error, DialectView dialect, List<ColumnView> columns) {
    }

    public record DatasetList(List<DatasetSummary> datasets) {
    }

    public record SchemaView(String id, long rowCount, DialectView dialect, String encoding,
                             List<IndexedColumnView> columns) {
    }

    public record PageView(long count, long page, int pageSize, long totalPages, String next, String previous,
                           List<String> columns, List<?> rows) {
    }

    public record SampleView(List<String> columns, List<?> rows) {
    }

    public record StatsView(String id, long rowCount, List<ColumnStatistics> columns) {
    }

    public record RejectView(long line, @JsonbProperty("byte") long byteOffset, int column, String reason) {
    }

    public record RejectsView(long count, List<RejectView> rejects) {
    }

    public record Health(String status, Map<String, Object> details) {
    }
}
