package org.dataexplorer.ops;

import java.util.Locale;

/** What a request asked for, for latency and error figures; {@link #isQuery()} kinds read datasets. */
public enum EndpointKind {
    UPLOAD(false), DELETE(false), LIST(true), SUMMARY(true), SCHEMA(true), ROWS(true), SAMPLE(true), STATS(true),
    QUERY(true), FACETS(true), REJECTS(true), HEALTH(false), METRICS(false), STATIC(false), OTHER(false);

    private final boolean query;

    EndpointKind(boolean query) {
        this.query = query;
    }

    public boolean isQuery() {
        return query;
    }

    /** The name used in metrics tags, logs and JMX (lower case). */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Classifies a request by method and path inside the web application (e.g. {@code /api/datasets/<id>/rows}).
     */
    public static EndpointKind of(String method, String path) {
        String[] s = segments(path);
        if (s.length == 0) {
            return STATIC;
        }
        if (s.length == 1) {
            return switch (s[0]) {
                case "parse-csv" -> UPLOAD;
                case "index.html", "favicon.ico" -> STATIC;
                default -> OTHER;
            };
        }
        if (s[0].equals("api")) {
            return api(method, s);
        }
        if (s.length == 2) {
            return switch (s[0]) {
                case "data" -> ROWS;
                case "schema" -> SCHEMA;
                case "sample" -> SAMPLE;
                case "stats" -> STATS;
                default -> OTHER;
            };
        }
        return OTHER;
    }

    private static EndpointKind api(String method, String[] s) {
        if (s.length == 2) {
            return switch (s[1]) {
                case "health", "ready" -> HEALTH;
                case "metrics" -> METRICS;
                case "datasets" -> "POST".equals(method) ? UPLOAD : LIST;
                default -> OTHER;
            };
        }
        if (s[1].equals("ops")) {
            return METRICS; // the ops figures as JSON (/api/ops/cache)
        }
        if (!s[1].equals("datasets")) {
            return OTHER;
        }
        if (s.length == 3) {
            return "DELETE".equals(method) ? DELETE : SUMMARY;
        }
        return switch (s[3]) {
            case "schema" -> SCHEMA;
            case "rows" -> ROWS;
            case "sample" -> SAMPLE;
            case "stats" -> STATS;
            case "query" -> QUERY;
            case "facets" -> FACETS;
            case "rejects" -> REJECTS;
            default -> OTHER;
        };
    }

    /**
     * The route of a path for logs: dataset ids become {@code {id}} and facet columns {@code {column}},
     * so log lines group by route without leaking column names.
     */
    public static String route(String path) {
        String[] s = segments(path);
        StringBuilder route = new StringBuilder();
        for (int i = 0; i < s.length; i++) {
            route.append('/');
            if (looksLikeId(s[i])) {
                route.append("{id}");
            } else if (i > 0 && s[i - 1].equals("facets")) {
                route.append("{column}");
            } else {
                route.append(s[i]);
            }
        }
        return route.length() == 0 ? "/" : route.toString();
    }

    private static boolean looksLikeId(String segment) {
        if (segment.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = segment.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : Character.digit(c, 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static String[] segments(String path) {
        if (path == null) {
            return new String[0];
        }
        String trimmed = path;
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/");
    }
}
