package org.dataexplorer.api.resources;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.dataexplorer.api.DataServiceLifecycle;
import org.dataexplorer.api.json.JsonWriter;
import org.dataexplorer.api.json.SizedBody;
import org.dataexplorer.api.json.Views.PageView;
import org.dataexplorer.api.problems.Problem;
import org.dataexplorer.api.problems.ProblemJson;
import org.dataexplorer.api.problems.Problems;
import org.dataexplorer.query.QueryBudgetException;

/**
 * Answers {@code GET /api/datasets/{id}/rows} and the seed's {@code GET /data/{id}}, the routes a
 * scrolling grid calls most, without the JAX-RS dispatch, whose per-request cost is larger than the
 * page's own. It runs the same {@link ReadRoutes} code. Whatever it does not answer itself goes on to
 * JAX-RS unchanged: other routes and methods, a client that does not accept JSON, and every request
 * that fails, so errors keep their one mapping to problem details.
 */
public final class RowPageFilter extends HttpFilter {

    private static final String ROWS_PREFIX = "/api/datasets/";
    private static final String ROWS_SUFFIX = "/rows";
    private static final String SEED_PREFIX = "/data/";
    private static final int ID_LENGTH = 36;
    private static final Set<String> PAGING = Set.of("page", "pageSize", "offset", "limit", "cursor");

    private transient ReadRoutes routes;

    @Override
    public void init() {
        routes = new ReadRoutes(DataServiceLifecycle.of(getServletContext()));
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String id = "GET".equals(request.getMethod()) && acceptsJson(request.getHeader("Accept"))
                ? datasetId(request) : null;
        PageView page;
        try {
            page = id == null ? null : routes.rows(id, parameters(request.getQueryString()),
                    replace -> link(request.getRequestURI(), request.getQueryString(), replace));
        } catch (QueryBudgetException e) {
            // Not worth running twice: answered here, as JAX-RS would.
            Problem problem = Problems.from(e);
            response.setStatus(problem.status());
            response.setContentType(Problem.MEDIA_TYPE);
            response.getOutputStream().write(ProblemJson.toJson(problem).getBytes(StandardCharsets.UTF_8));
            return;
        } catch (IOException | RuntimeException e) {
            page = null;
        }
        if (page == null) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/json");
        // A page is usually tens of KB: sent with its length in one write rather than in chunks.
        SizedBody body = new SizedBody(response::getOutputStream, response::setContentLength, 32 << 10, 1 << 20);
        JsonWriter.write(page, body);
    }

    private static String datasetId(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return datasetId(path);
    }

    /**
     * The id in {@code /api/datasets/{id}/rows} or {@code /data/{id}} (36 hex digits and dashes), else null.
     * Matched by hand: a regular expression for it cost more than the rest of the routing.
     */
    static String datasetId(String path) {
        if (path.startsWith(ROWS_PREFIX) && path.length() == ROWS_PREFIX.length() + ID_LENGTH + ROWS_SUFFIX.length()
                && path.endsWith(ROWS_SUFFIX)) {
            return idAt(path, ROWS_PREFIX.length());
        }
        if (path.startsWith(SEED_PREFIX) && path.length() == SEED_PREFIX.length() + ID_LENGTH) {
            return idAt(path, SEED_PREFIX.length());
        }
        return null;
    }

    private static String idAt(String path, int start) {
        for (int i = start; i < start + ID_LENGTH; i++) {
            char c = path.charAt(i);
            boolean allowed = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '-';
            if (!allowed) {
                return null;
            }
        }
        return path.substring(start, start + ID_LENGTH);
    }

    private static boolean acceptsJson(String accept) {
        return accept == null || accept.isBlank() || accept.contains("json") || accept.contains("*/*");
    }

    /** The query string's parameters, decoded, in order (not the servlet's, which could read a body). */
    static Map<String, List<String>> parameters(String query) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return parameters;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            parameters.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
        }
        return parameters;
    }

    /** The request's path and query without its paging parameters, plus {@code replace}. */
    static String link(String path, String query, Map<String, String> replace) {
        StringBuilder b = new StringBuilder(path);
        char separator = '?';
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (pair.isEmpty() || PAGING.contains(decode(eq < 0 ? pair : pair.substring(0, eq)))) {
                    continue;
                }
                b.append(separator).append(pair);
                separator = '&';
            }
        }
        for (String name : sorted(replace.keySet())) {
            b.append(separator).append(encode(name)).append('=').append(encode(replace.get(name)));
            separator = '&';
        }
        return b.toString();
    }

    private static List<String> sorted(Set<String> names) {
        String[] array = names.toArray(String[]::new);
        Arrays.sort(array);
        return Arrays.asList(array);
    }

    private static String decode(String s) {
        return s.indexOf('%') < 0 && s.indexOf('+') < 0 ? s : URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '*';
            if (!unreserved) {
                return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
            }
        }
        return s;
    }
}
