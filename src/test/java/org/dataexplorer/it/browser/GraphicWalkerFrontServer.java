package org.dataexplorer.it.browser;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The front end's server in GraphicWalkerBrowserIT, as the shared reverse proxy is in production: it serves
 * the Graphic Walker test page under {@code /data/js/graphic-walker-test/} with the Content-Security-Policy a
 * page embedding Graphic Walker needs ({@link #POLICY}), and passes {@code /data/api/...} to the service under
 * test, so the page and the API are one origin. Loopback only, for the test's lifetime.
 */
final class GraphicWalkerFrontServer implements AutoCloseable {

    /**
     * What Graphic Walker 0.5 needs beyond {@code 'self'}: inline styles (styled-components, the Tailwind
     * sheet in its shadow root) and {@code 'unsafe-eval'} (Vega compiles its expressions with
     * {@code new Function}). The browser test proves charts render under exactly this policy.
     */
    static final String POLICY = "default-src 'self'; script-src 'self' 'unsafe-eval'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
    static final String PAGE_PATH = "/data/js/graphic-walker-test/";
    private static final String API_PATH = "/data/api/";
    /** Passed both ways; the rest (Host, Content-Length, hop-by-hop) is the HTTP client's and server's business. */
    private static final List<String> REQUEST_HEADERS = List.of("Accept", "Authorization", "Content-Type", "X-Request-Id");
    private static final List<String> RESPONSE_HEADERS = List.of("Content-Type", "X-Request-Id", "WWW-Authenticate", "Retry-After");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI service;
    private final Path page;
    private final Path bundle;

    /** {@code service}: the deployment's root ({@code http://127.0.0.1:port/data/}). */
    GraphicWalkerFrontServer(URI service, Path page, Path bundle) throws IOException {
        this.service = service;
        this.page = page;
        this.bundle = bundle;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** The page's URL. */
    URI page() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PAGE_PATH + "index.html");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (path.equals(PAGE_PATH + "index.html")) {
                file(exchange, page, "text/html; charset=utf-8");
            } else if (path.equals(PAGE_PATH + "app.js")) {
                file(exchange, bundle, "text/javascript; charset=utf-8");
            } else if (path.startsWith(API_PATH)) {
                proxy(exchange);
            } else {
                send(exchange, 404, "text/plain; charset=utf-8", "not here\n".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static void file(HttpExchange exchange, Path file, String type) throws IOException {
        exchange.getResponseHeaders().set("Content-Security-Policy", POLICY);
        send(exchange, 200, type, Files.readAllBytes(file));
    }

    private void proxy(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        URI target = service.resolve(exchange.getRequestURI().getRawPath().substring("/data/".length())
                + (query == null ? "" : "?" + query));
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
            send(exchange, 502, "text/plain; charset=utf-8", "interrupted\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        for (String name : RESPONSE_HEADERS) {
            response.headers().firstValue(name).ifPresent(value -> exchange.getResponseHeaders().set(name, value));
        }
        byte[] answer = response.body();
        exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
        if (answer.length > 0) {
            exchange.getResponseBody().write(answer);
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
