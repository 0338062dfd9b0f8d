package org.dataexplorer.it.browser;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The shared origin of production, in a test: passes {@code /data/...} (the page and the API) to the service
 * under test, as nginx does, and plays the Django app: {@code /login} opens a session (a cookie) and the token
 * path answers the Django token view's {@code {token, tokenType, expiresAt, expiresIn, scope, user}} for that
 * session, {@code 401} without it. Every request passed to the service is recorded. Loopback only.
 */
final class ExplorerFrontServer implements AutoCloseable {

    /** One request passed to the service: what the browser sent and what the service answered. */
    record Passed(String method, String pathAndQuery, String authorization, int status) {
    }

    static final int TOKEN_LIFETIME_SECONDS = 300;
    private static final List<String> RESPONSE_HEADERS = List.of("Content-Type", "Content-Disposition", "Cache-Control",
            "Location", "WWW-Authenticate", "Retry-After", "X-Request-Id", "X-Row-Count", "Content-Security-Policy",
            "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final ProxyPass proxy;
    private final String tokenPath;
    private final IntFunction<String> mint;
    private final String session = UUID.randomUUID().toString();
    private final List<Passed> passed = new CopyOnWriteArrayList<>();
    private final List<String> minted = new CopyOnWriteArrayList<>();

    /**
     * @param service   the deployment's root ({@code http://127.0.0.1:port/data/})
     * @param tokenPath where the page asks for tokens ({@code ui.token.url})
     * @param mint      the n-th token (from 1) for the session's user
     */
    ExplorerFrontServer(URI service, String tokenPath, IntFunction<String> mint) throws IOException {
        this.proxy = new ProxyPass(service, RESPONSE_HEADERS);
        this.tokenPath = tokenPath;
        this.mint = mint;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    List<Passed> passed() {
        return List.copyOf(passed);
    }

    List<String> minted() {
        return List.copyOf(minted);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (path.equals("/login")) {
                exchange.getResponseHeaders().add("Set-Cookie", "session=" + session + "; Path=/; HttpOnly; SameSite=Strict");
                exchange.getResponseHeaders().set("Location", "/data/");
                exchange.sendResponseHeaders(302, -1);
            } else if (path.equals(tokenPath)) {
                token(exchange);
            } else if (path.equals("/data") || path.startsWith("/data/")) {
                pass(exchange);
            } else {
                ProxyPass.send(exchange, 404, "text/plain; charset=utf-8", "not here\n");
            }
        }
    }

    private void token(HttpExchange exchange) throws IOException {
        String cookies = String.join("; ", exchange.getRequestHeaders().getOrDefault("Cookie", List.of()));
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (!cookies.contains("session=" + session)) {
            ProxyPass.send(exchange, 401, "application/problem+json",
                    "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"log in to get a data service token\"}");
            return;
        }
        String token = mint.apply(minted.size() + 1);
        minted.add(token);
        long now = System.currentTimeMillis() / 1000;
        ProxyPass.send(exchange, 200, "application/json", "{\"token\":\"" + token + "\",\"tokenType\":\"Bearer\",\"expiresAt\":"
                + (now + TOKEN_LIFETIME_SECONDS) + ",\"expiresIn\":" + TOKEN_LIFETIME_SECONDS + ",\"scope\":\"read write\"}");
    }

    private void pass(HttpExchange exchange) throws IOException {
        String rawPath = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        int status = proxy.pass(exchange, rawPath.equals("/data") ? "" : rawPath.substring("/data/".length()));
        passed.add(new Passed(exchange.getRequestMethod(), rawPath + (query == null ? "" : "?" + query),
                exchange.getRequestHeaders().getFirst("Authorization"), status));
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
