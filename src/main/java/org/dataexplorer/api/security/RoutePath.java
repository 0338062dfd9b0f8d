package org.dataexplorer.api.security;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A request path as the routes see it: the segments after the context path, each percent-decoded with its
 * matrix parameters ({@code ;x=y}) removed, as JAX-RS matches them, so that an encoded id cannot slip past the
 * checks. {@code .} and {@code ..} segments and undecodable escapes are refused outright.
 */
record RoutePath(List<String> segments) {

    private static final Set<String> STATIC_DIRS = Set.of("css", "js", "img", "webjars");
    /** The probes, and what the page reads before it has a token. */
    private static final Set<String> PUBLIC_API = Set.of("health", "ready", "ui-config");
    private static final Set<String> SEED_ROUTES = Set.of("schema", "data", "sample", "stats");

    /** @return the path, or null when it cannot be a valid route (traversal, bad escapes) */
    static RoutePath of(String requestUri, String contextPath) {
        String raw = requestUri.startsWith(contextPath) ? requestUri.substring(contextPath.length()) : requestUri;
        List<String> segments = new ArrayList<>();
        for (String part : raw.split("/", -1)) {
            int semicolon = part.indexOf(';');
            String segment = decode(semicolon < 0 ? part : part.substring(0, semicolon));
            if (segment == null || segment.equals(".") || segment.equals("..") || segment.indexOf('/') >= 0
                    || segment.indexOf('\\') >= 0 || segment.indexOf('\0') >= 0) {
                return null;
            }
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        return new RoutePath(List.copyOf(segments));
    }

    private String at(int i) {
        return i < segments.size() ? segments.get(i) : null;
    }

    /** The explorer page's files, its {@code /api/ui-config} and the probes: served to anyone. */
    boolean isPublic(String method) {
        if (segments.isEmpty()) {
            return true;
        }
        String first = segments.get(0);
        if (segments.size() == 1 && (first.equals("index.html") || first.equals("favicon.ico"))) {
            return true;
        }
        if (STATIC_DIRS.contains(first) && segments.size() > 1) {
            return true;
        }
        return segments.size() == 2 && first.equals("api") && ("GET".equals(method) || "HEAD".equals(method))
                && PUBLIC_API.contains(segments.get(1));
    }

    /** {@code /api/metrics} and {@code /api/ops/...}: operators only (admin, or the metrics token). */
    boolean isOperations() {
        return "api".equals(at(0)) && (segments.size() == 2 && "metrics".equals(at(1)) || "ops".equals(at(1)));
    }

    /** The dataset id the route names ({@code /api/datasets/{id}/...} and the seed routes), or null. */
    String datasetId() {
        if (segments.size() >= 3 && "api".equals(at(0)) && "datasets".equals(at(1))) {
            return segments.get(2);
        }
        if (segments.size() == 2 && SEED_ROUTES.contains(at(0))) {
            return segments.get(1);
        }
        return null;
    }

    /** Uploads: {@code POST /api/datasets} and {@code POST /parse-csv}. */
    boolean isUpload(String method) {
        return "POST".equals(method) && (segments.equals(List.of("api", "datasets")) || segments.equals(List.of("parse-csv")));
    }

    private static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length()) {
                    return null;
                }
                int hi = Character.digit(segment.charAt(i + 1), 16);
                int lo = Character.digit(segment.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
