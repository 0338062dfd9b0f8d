package org.dataexplorer.it.browser;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.sun.net.httpserver.HttpExchange;

/**
 * What the browser tests' front servers ({@link ExplorerFrontServer}, {@link GraphicWalkerFrontServer}) do as
 * nginx's {@code proxy_pass} does: a request of the browser goes on to the service under test, its answer
 * comes back, with the headers named here. Bodies are read whole: the pages' requests are small.
 */
final class ProxyPass {

    /** Passed both ways; the rest (Host, Content-Length, hop-by-hop) is the HTTP client's and server's business. */
    private static final List<String> REQUEST_HEADERS = List.of("Accept", "Authorization", "Content-Type", "X-Request-Id");

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI service;
    private final List<String> responseHeaders;

    /** {@code service}: the deployment's root ({@code http://127.0.0.1:port/data/}). */
    ProxyPass(URI service, List<String> responseHeaders) {
        this.service = service;
        this.responseHeaders = List.copyOf(responseHeaders);
    }

    /**
     * Sends the exchange's request (method, query, body and {@link #REQUEST_HEADERS}) to {@code relative} of
     * the service and answers the exchange with the service's answer; the service's status, or 502 when
     * interrupted.
     */
    int pass(HttpExchange exchange, String relative) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        URI target = service.resolve(relative + (query == null ? "" : "?" + query));
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(120))
                .method(exchange.getRequestMethod(), body.length == 0
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (String name : REQUEST_HEADERS) {
            String value = exchange.getRequestHeaders().getFirst(name);
            if (value != null) {
                request.header(name, value);
            }
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send(exchange, 502, "text/plain; charset=utf-8", "interrupted\n");
            return 502;
        }
        for (String name : responseHeaders) {
            response.headers().firstValue(name).ifPresent(value -> exchange.getResponseHeaders().set(name, value));
        }
        byte[] answer = response.body();
        exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
        if (answer.length > 0) {
            exchange.getResponseBody().write(answer);
        }
        return response.statusCode();
    }

    static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        send(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
    }
}
