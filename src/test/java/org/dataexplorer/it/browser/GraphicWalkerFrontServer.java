package org.dataexplorer.it.browser;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private static final List<String> RESPONSE_HEADERS = List.of("Content-Type", "X-Request-Id", "WWW-Authenticate", "Retry-After");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final ProxyPass proxy;
    private final Path page;
    private final Path bundle;

    /** {@code service}: the deployment's root ({@code http://127.0.0.1:port/data/}). */
    GraphicWalkerFrontServer(URI service, Path page, Path bundle) throws IOException {
        this.proxy = new ProxyPass(service, RESPONSE_HEADERS);
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
                proxy.pass(exchange, path.substring("/data/".length()));
            } else {
                ProxyPass.send(exchange, 404, "text/plain; charset=utf-8", "not here\n");
            }
        }
    }

    private static void file(HttpExchange exchange, Path file, String type) throws IOException {
        exchange.getResponseHeaders().set("Content-Security-Policy", POLICY);
        ProxyPass.send(exchange, 200, type, Files.readAllBytes(file));
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
