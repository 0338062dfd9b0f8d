package org.dataexplorer.api.security;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.dataexplorer.api.DataService;
import org.dataexplorer.api.DataServiceLifecycle;
import org.dataexplorer.api.problems.Problem;
import org.dataexplorer.api.problems.ProblemJson;
import org.dataexplorer.security.AuthenticationException;
import org.dataexplorer.security.Principal;
import org.dataexplorer.security.Scope;
import org.dataexplorer.security.SecurityService;
import org.dataexplorer.store.DatasetManifest;

/**
 * Runs before every other filter but the request log (so before the upload filter and JAX-RS): sets the security
 * headers; in token mode limits the request rate per client address and per user, authenticates, checks the
 * scope the route needs and hides other users' datasets (404); in none mode refuses non-loopback requests. Every route is covered, the ones added later
 * too: only the page's static files, {@code /api/health}, {@code /api/ready} and {@code /api/ui-config} are public.
 */
public final class SecurityFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(SecurityFilter.class.getName());

    private transient DataService service;
    private transient SecurityService security;
    private volatile boolean remoteRefusalLogged;

    @Override
    public void init() {
        service = DataServiceLifecycle.of(getServletContext());
        security = service.security();
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        SecurityHeaders.apply(response);
        String client = security.proxies().clientAddress(request.getRemoteAddr(), request.getHeaders("X-Forwarded-For"));
        request.setAttribute(Principals.CLIENT_ADDRESS, client);
        RoutePath path = RoutePath.of(request.getRequestURI(), request.getContextPath());
        if (path == null) {
            send(request, response, Problem.of(400, "Bad request path",
                    "The path holds '.' or '..' segments or invalid percent-escapes"));
            return;
        }
        if (!security.tokenMode()) {
            if (!security.settings().noneAllowRemote() && !loopback(request.getLocalAddr())) {
                refuseRemote(request, response);
                return;
            }
            request.setAttribute(Principals.ATTRIBUTE, Principal.development());
            chain.doFilter(request, response);
            return;
        }
        String method = request.getMethod();
        if (path.isPublic(method)) {
            if (!underAddressLimit(client, request, response)) {
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        Principal principal;
        try {
            List<String> authorizations = Collections.list(request.getHeaders("Authorization"));
            principal = security.authenticator().authenticate(authorizations.isEmpty() ? null : authorizations.get(0),
                    request.getHeader("X-Data-User"), authorizations.size() > 1);
        } catch (AuthenticationException e) {
            // Failed guesses spend the address's tokens like any request: the limit also bounds guessing.
            if (underAddressLimit(client, request, response)) {
                refuse(request, response, e);
            }
            return;
        }
        // Server-to-server calls (the service secret) all come from the web application's address: limiting them
        // per address would make every user share one bucket. They are limited per acting user below.
        if (principal.via() != Principal.Via.SERVICE_SECRET && !underAddressLimit(client, request, response)) {
            return;
        }
        Scope needed = needed(path, method);
        boolean allowed = path.isOperations()
                ? principal.has(Scope.ADMIN) || principal.via() == Principal.Via.METRICS_TOKEN
                : principal.has(needed);
        if (!allowed) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"data\", error=\"insufficient_scope\", scope=\""
                    + needed.label() + "\"");
            send(request, response, Problem.of(403, "Insufficient scope", "This request needs the '" + needed.label() + "' scope"));
            return;
        }
        long wait = security.userRate().acquire(principal.user() == null ? "\0service" : principal.user());
        if (wait > 0) {
            tooMany(request, response, wait, "Too many requests for this user");
            return;
        }
        String id = path.datasetId();
        if (id != null && !visible(principal, id)) {
            send(request, response, Problem.of(404, "Not found", "There is no dataset with id " + id));
            return;
        }
        request.setAttribute(Principals.ATTRIBUTE, principal);
        chain.doFilter(request, response);
    }

    private boolean underAddressLimit(String client, HttpServletRequest request, HttpServletResponse response) throws IOException {
        long wait = security.addressRate().acquire(client);
        if (wait > 0) {
            tooMany(request, response, wait, "Too many requests from " + client);
            return false;
        }
        return true;
    }

    private static Scope needed(RoutePath path, String method) {
        if (path.isOperations()) {
            return Scope.ADMIN;
        }
        return switch (method) {
            case "GET", "HEAD", "OPTIONS" -> Scope.READ;
            case "POST" -> path.isUpload(method) ? Scope.WRITE : Scope.READ; // queries, exports: reads with a body
            default -> Scope.WRITE;
        };
    }

    private boolean visible(Principal principal, String id) {
        if (principal.has(Scope.ADMIN)) {
            return true;
        }
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return true; // not an id: the route answers 404 itself
        }
        return service.catalog().get(uuid).map(DatasetManifest::owner).map(principal::canSee)
                .orElse(true); // absent: the route answers 404 itself
    }

    private static boolean loopback(String localAddress) {
        try {
            return localAddress != null && InetAddress.getByName(localAddress).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private void refuseRemote(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!remoteRefusalLogged) {
            remoteRefusalLogged = true;
            LOG.severe("auth.mode=none and a request arrived on the non-loopback address " + request.getLocalAddr()
                    + ": refusing every such request. Bind the server to 127.0.0.1, set auth.mode=token, or (at your "
                    + "own risk) auth.none.allow.remote=true");
        }
        send(request, response, Problem.of(503, "Authentication disabled",
                "This service runs without authentication (auth.mode=none) and only answers on loopback addresses"));
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, AuthenticationException e) throws IOException {
        String description = e.getMessage().replace('"', '\'').replace('\\', '/');
        if (e.status() == 401) {
            response.setHeader("WWW-Authenticate", e.credentialsGiven()
                    ? "Bearer realm=\"data\", error=\"invalid_token\", error_description=\"" + description + "\""
                    : "Bearer realm=\"data\"");
            send(request, response, Problem.of(401, "Unauthorized", e.getMessage()));
        } else {
            send(request, response, Problem.of(e.status(), "Bad request", e.getMessage()));
        }
    }

    private static void tooMany(HttpServletRequest request, HttpServletResponse response, long retryAfterSeconds,
                                String detail) throws IOException {
        response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
        send(request, response, Problem.of(429, "Too many requests", detail + "; retry in " + retryAfterSeconds + " s"));
    }

    static void send(HttpServletRequest request, HttpServletResponse response, Problem problem) throws IOException {
        if (request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null) {
            // Refused here, the body is never read and the container will drop the connection: say so, or a
            // client that sends its next request on it (keep-alive) meets a closed socket instead of an answer.
            response.setHeader("Connection", "close");
        }
        byte[] body = ProblemJson.toJson(problem).getBytes(StandardCharsets.UTF_8);
        response.setStatus(problem.status());
        response.setContentType(Problem.MEDIA_TYPE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
