package org.dataexplorer.it.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;

import org.dataexplorer.it.ItDeployment;
import org.dataexplorer.security.TestTokens;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.container.annotation.ArquillianTest;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The security contract over HTTP, in the real container, in token mode (the failsafe execution
 * {@code security-tests} in pom.xml sets the secrets and tiny limits): every route × every kind of bad credential,
 * ownership, path traversal, oversized input, rate limits, upload slots and quotas. Requests carry an
 * {@code X-Forwarded-For} address of their own (the loopback peer is a trusted proxy) unless a test is about the
 * per-address limit, so the per-address bucket of one test never starves another.
 */
@ArquillianTest
@EnabledIfSystemProperty(named = "data.auth.mode", matches = "token",
        disabledReason = "runs in the failsafe execution 'security-tests' (token mode), not in the development-mode ones")
class TokenModeSecurityIT {

    static final String SECRET = System.getProperty("data.service.secret", "it-service-secret-0123456789");
    static final String HMAC = System.getProperty("data.jwt.secret", TestTokens.HMAC_SECRET);
    static final String METRICS_TOKEN = System.getProperty("data.metrics.token", "it-metrics-token-0123");
    static final long QUOTA = 64 * 1024;
    static final KeyPair RSA = TestTokens.rsaKeys();

    static {
        // The server reads data.jwt.public.key (a PEM file) when the WAR is deployed, after this class is loaded.
        String file = System.getProperty("data.jwt.public.key");
        if (file != null) {
            writePublicKey(file);
        }
    }

    private static void writePublicKey(String file) {
        try {
            Files.createDirectories(Path.of(file).getParent());
            Files.writeString(Path.of(file), TestTokens.pem(RSA));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final AtomicInteger ADDRESSES = new AtomicInteger();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ItDeployment.war();
    }

    @ArquillianResource
    private URL base;

    /** Unique per test method: user names are suffixed with it, so no test meets another's buckets or quota. */
    private String tag;

    @BeforeEach
    void tag(TestInfo info) {
        tag = info.getTestMethod().orElseThrow().getName().toLowerCase().replaceAll("[^a-z]", "").substring(0, 8)
                + ADDRESSES.incrementAndGet();
    }

    /** Storage outlives a run (target/ is not cleaned between runs): users are unique per run too. */
    private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);

    private String user(String name) {
        return name + "-" + tag + "-" + RUN;
    }

    // ---- tokens and requests -----------------------------------------------------------------------------

    static String jwt(String user, String scope) {
        return TestTokens.hs256(HMAC, TestTokens.claims(user, Instant.now().plusSeconds(300), scope));
    }

    static String rsaJwt(String user, String scope) {
        return TestTokens.rs256(RSA, TestTokens.claims(user, Instant.now().plusSeconds(300), scope));
    }

    static String bearer(String credential) {
        return "Bearer " + credential;
    }

    /** A fresh client address for each request (a documentation range, never a trusted proxy). */
    static String nextAddress() {
        int n = ADDRESSES.incrementAndGet();
        return "198.18." + (n / 250 % 250) + "." + (n % 250 + 1);
    }

    record Answer(int status, String body, HttpResponse<String> response) {
        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        JsonObject json() {
            try {
                return Json.createReader(new StringReader(body)).readObject();
            } catch (RuntimeException e) {
                throw new AssertionError("not a JSON object (status " + status + "): " + body, e);
            }
        }

        Answer expect(int expected) {
            assertEquals(expected, status, () -> "unexpected status, body: " + body);
            return this;
        }

        Answer expectProblem(int expected) {
            expect(expected);
            assertTrue(header("Content-Type").startsWith("application/problem+json"), header("Content-Type"));
            assertEquals(expected, json().getInt("status"));
            return this;
        }
    }

    Answer send(String method, String path, byte[] body, String... headers) {
        List<String> all = new ArrayList<>(List.of(headers));
        if (all.stream().noneMatch(h -> h.startsWith("X-Forwarded-For:"))) {
            all.add("X-Forwarded-For: " + nextAddress());
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (String h : all) {
            int colon = h.indexOf(':');
            b.header(h.substring(0, colon), h.substring(colon + 1).strip());
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Answer get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    static byte[] csv(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static final String SMALL = "name,n\nann,1\nbob,2\ncy,3\n";

    /** Uploads as {@code user} through the service secret (as Django would); waits until ready. */
    String upload(String user, String text) {
        JsonObject summary = send("POST", "api/datasets?name=t", csv(text), "Authorization: " + bearer(SECRET),
                "X-Data-User: " + user, "Content-Type: text/csv").expect(201).json();
        assertEquals("ready", summary.getString("status"));
        return summary.getString("id");
    }

    /** Retries {@code attempt} until {@code done} (every 250 ms, at most {@code seconds}). */
    static Answer eventually(int seconds, Supplier<Answer> attempt, java.util.function.Predicate<Answer> done, String what) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        Answer last = null;
        while (System.nanoTime() < deadline) {
            last = attempt.get();
            if (done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        fail(what + " did not happen within " + seconds + " s; last answer " + (last == null ? null : last.status + " " + last.body));
        return last;
    }

    // ---- the route matrix ----------------------------------------------------------------------------------

    enum Need { READ, WRITE, ADMIN }

    /** One route; {@code {id}} is the owner's dataset, {@code {gone}} the one DELETE removes last. */
    record Route(String method, String path, String body, Need need, boolean datasetBound) {
        String label() {
            return method + " " + path;
        }
    }

    static List<Route> routes() {
        String gwQuery = "{\"workflow\":[{\"type\":\"view\",\"query\":[{\"op\":\"raw\",\"fields\":[\"name\"]}]}],\"limit\":5}";
        return List.of(
                new Route("GET", "api/datasets", null, Need.READ, false),
                new Route("GET", "api/limits", null, Need.READ, false),
                new Route("GET", "api/datasets/{id}", null, Need.READ, true),
                new Route("GET", "api/datasets/{id}/schema", null, Need.READ, true),
                new Route("GET", "api/datasets/{id}/rows?pageSize=2", null, Need.READ, true),
                new Route("GET", "api/datasets/{id}/sample?rows=2", null, Need.READ, true),
                new Route("GET", "api/datasets/{id}/stats", null, Need.READ, true),
                new Route("GET", "api/datasets/{id}/rejects", null, Need.READ, true),
                new Route("GET", "api/datasets/{id}/facets/name", null, Need.READ, true),
                new Route("POST", "api/datasets/{id}/query", "{\"limit\":2}", Need.READ, true),
                new Route("GET", "api/datasets/{id}/export?format=csv", null, Need.READ, true),
                new Route("POST", "api/datasets/{id}/export", "{\"format\":\"jsonl\"}", Need.READ, true),
                new Route("GET", "api/datasets/{id}/graphic-walker/fields", null, Need.READ, true),
                new Route("POST", "api/datasets/{id}/graphic-walker/query", gwQuery, Need.READ, true),
                new Route("POST", "api/datasets/{id}/graphic-walker/batch", "{\"queryList\":[" + gwQuery + "," + gwQuery
                        + "]}", Need.READ, true),
                new Route("GET", "schema/{id}", null, Need.READ, true),
                new Route("GET", "data/{id}", null, Need.READ, true),
                new Route("GET", "sample/{id}", null, Need.READ, true),
                new Route("GET", "stats/{id}", null, Need.READ, true),
                new Route("POST", "api/datasets?name=m", SMALL, Need.WRITE, false),
                new Route("POST", "parse-csv?name=p", SMALL, Need.WRITE, false),
                new Route("GET", "api/metrics", null, Need.ADMIN, false),
                new Route("GET", "api/ops/cache", null, Need.ADMIN, false),
                new Route("DELETE", "api/datasets/{gone}", null, Need.WRITE, true));
    }

    private Answer call(Route route, String id, String gone, String... headers) {
        String path = route.path().replace("{id}", id).replace("{gone}", gone);
        List<String> all = new ArrayList<>(List.of(headers));
        if (route.body() != null) {
            all.add(route.path().contains("?name=") || route.path().startsWith("parse-csv")
                    ? "Content-Type: text/csv" : "Content-Type: application/json");
        }
        return send(route.method(), path, route.body() == null ? null : csv(route.body()), all.toArray(String[]::new));
    }

    @Test
    void everyRouteTimesEveryBadCredential() {
        String owner = user("owner");
        String mallory = user("mallory");
        String id = upload(owner, SMALL);
        String gone = upload(owner, SMALL);
        String expired = TestTokens.hs256(HMAC, TestTokens.claims(owner, Instant.now().minusSeconds(3600), null));
        String forged = TestTokens.hs256("a-different-secret-0123456789abcdef!", TestTokens.claims(owner,
                Instant.now().plusSeconds(300), null));
        String unsigned = TestTokens.unsigned(TestTokens.claims(owner, Instant.now().plusSeconds(300), "admin"));
        String confused = TestTokens.hmac(JWSAlgorithm.HS256, TestTokens.pem(RSA).getBytes(StandardCharsets.UTF_8),
                TestTokens.claims(owner, Instant.now().plusSeconds(300), "admin"));
        List<String> failures = new ArrayList<>();
        List<Route> routes = routes();
        for (int r = 0; r < routes.size(); r++) {
            Route route = routes.get(r);
            // The five cases on every route; the other forgeries on every third route and the uploads
            // (they meet the same code before any route is chosen; this keeps the run short).
            boolean all = r % 3 == 0 || !route.datasetBound() && route.need() == Need.WRITE;
            // No credentials at all: a bare challenge.
            Answer a = call(route, id, gone);
            check(failures, route, "no token", a, 401);
            if (a.status == 401 && !"Bearer realm=\"data\"".equals(a.header("WWW-Authenticate"))) {
                failures.add(route.label() + " no token: WWW-Authenticate " + a.header("WWW-Authenticate"));
            }
            String[][] bads = all
                    ? new String[][] {{"bad signature", forged}, {"expired", expired}, {"alg none", unsigned},
                        {"alg confusion", confused}, {"wrong secret", "it-service-secret-0123456780"}, {"garbage", "a.b.c"}}
                    : new String[][] {{"bad signature", forged}, {"expired", expired}};
            for (String[] bad : bads) {
                Answer b = call(route, id, gone, "Authorization: " + bearer(bad[1]));
                check(failures, route, bad[0], b, 401);
                String challenge = b.header("WWW-Authenticate");
                if (b.status == 401 && (challenge == null || !challenge.contains("error=\"invalid_token\""))) {
                    failures.add(route.label() + " " + bad[0] + ": WWW-Authenticate " + challenge);
                }
            }
            if (all) {
                check(failures, route, "X-Data-User with a JWT", call(route, id, gone, "Authorization: "
                        + bearer(jwt(mallory, null)), "X-Data-User: " + owner), 400);
                check(failures, route, "X-Data-User without credentials", call(route, id, gone, "X-Data-User: " + owner),
                        401);
            }
            // A valid user who is not the owner: the dataset does not exist for them.
            Answer other = call(route, id, gone, "Authorization: " + bearer(jwt(mallory, "read write")));
            int expectedOther = route.datasetBound() ? 404 : route.need() == Need.ADMIN ? 403
                    : route.method().equals("POST") ? 201 : 200;
            check(failures, route, "wrong user", other, expectedOther);
            if (route.path().equals("api/datasets") && other.status == 200 && other.body.contains(id)) {
                failures.add("the listing shows another user's dataset");
            }
            // A valid token of the owner without the scope the route needs.
            String weaker = switch (route.need()) {
                case READ -> "profile";
                case WRITE -> "read";
                case ADMIN -> "read write";
            };
            Answer scoped = call(route, id, gone, "Authorization: " + bearer(jwt(owner, weaker)));
            check(failures, route, "scope '" + weaker + "'", scoped, 403);
            if (scoped.status == 403 && !String.valueOf(scoped.header("WWW-Authenticate")).contains("insufficient_scope")) {
                failures.add(route.label() + " scope: WWW-Authenticate " + scoped.header("WWW-Authenticate"));
            }
        }
        // Last, the right credentials (RS256 for users, admin scope for operations): the route answers for real.
        for (Route route : routes()) {
            String token = route.need() == Need.ADMIN ? rsaJwt(user("ops"), "admin") : rsaJwt(owner, "read write");
            Answer ok = call(route, id, gone, "Authorization: " + bearer(token));
            if (ok.status >= 300) {
                failures.add(route.label() + " right credentials: " + ok.status + " " + ok.body);
            }
        }
        get("api/datasets/" + gone, "Authorization: " + bearer(jwt(owner, null))).expectProblem(404);
        get("api/metrics", "Authorization: " + bearer(METRICS_TOKEN)).expect(200);
        get("api/metrics", "Authorization: " + bearer(SECRET)).expect(200);
        get("api/datasets", "Authorization: " + bearer(METRICS_TOKEN)).expectProblem(403);
        assertTrue(failures.isEmpty(), () -> failures.size() + " wrong answers:\n" + String.join("\n", failures));
    }

    private static void check(List<String> failures, Route route, String what, Answer a, int expected) {
        if (a.status != expected) {
            failures.add(route.label() + " " + what + ": expected " + expected + ", got " + a.status + " " + a.body);
        } else if (expected >= 400 && (a.header("Content-Type") == null
                || !a.header("Content-Type").startsWith("application/problem+json"))) {
            failures.add(route.label() + " " + what + ": not a problem: " + a.header("Content-Type"));
        }
    }

    @Test
    void publicFilesAndProbesNeedNoTokenAndCarrySecurityHeaders() {
        for (String path : List.of("", "index.html", "js/app.js", "js/theme.js", "css/app.css", "api/health", "api/ready")) {
            Answer a = get(path);
            assertEquals(200, a.status, path);
            assertEquals("nosniff", a.header("X-Content-Type-Options"), path);
            assertEquals("DENY", a.header("X-Frame-Options"), path);
            assertEquals("no-referrer", a.header("Referrer-Policy"), path);
            String csp = a.header("Content-Security-Policy");
            assertNotNull(csp, path);
            assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-eval")
                    && csp.contains("frame-ancestors 'none'"), csp);
            assertFalse(csp.matches(".*script-src[^;]*unsafe-inline.*"), csp);
        }
        String page = get("index.html").expect(200).body;
        java.util.regex.Matcher scripts = java.util.regex.Pattern.compile("(?is)<script\\b([^>]*)>(.*?)</script\\s*>")
                .matcher(page);
        int external = 0;
        while (scripts.find()) {
            assertTrue(scripts.group(1).matches("(?is).*\\bsrc\\s*=.*"), "a script without src: " + scripts.group());
            assertTrue(scripts.group(2).isBlank(), "a script with a body: " + scripts.group());
            external++;
        }
        assertTrue(external > 0, "the page loads its scripts from files");
        assertEquals(external, page.split("(?i)<script\\b", -1).length - 1, "every <script is a whole element");
        java.util.regex.Matcher handler = java.util.regex.Pattern.compile("(?i)<[^>]*\\son[a-z]+\\s*=").matcher(page);
        assertFalse(handler.find(), () -> "an inline event handler: " + handler.group());
        assertFalse(page.toLowerCase(java.util.Locale.ROOT).contains("javascript:"), "no javascript: URL");
        assertFalse(page.matches("(?is).*<style\\b.*"), "no <style> element");
        assertEquals(documentedCsp(), get("index.html").header("Content-Security-Policy"),
                "the policy README \"Limits and abuse\" documents");
        Answer refused = get("api/datasets");
        refused.expectProblem(401);
        assertEquals("nosniff", refused.header("X-Content-Type-Options"));
    }

    /** The {@code Content-Security-Policy} value as README.md states it (one code span, wrapped over lines). */
    private static String documentedCsp() {
        try {
            String readme = Files.readString(Path.of(System.getProperty("basedir", "."), "README.md"));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("`Content-Security-Policy: ([^`]+)`").matcher(readme);
            assertTrue(m.find(), "README.md states the Content-Security-Policy");
            return m.group(1).strip().replaceAll("\\s+", " ");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- ownership -----------------------------------------------------------------------------------------

    @Test
    void datasetsBelongToTheirUploader() {
        String alice = user("alice");
        String bob = user("bob");
        String aliceToken = rsaJwt(alice, "read write");
        JsonObject created = send("POST", "api/datasets?name=mine", csv(SMALL), "Authorization: " + bearer(aliceToken),
                "Content-Type: text/csv").expect(201).json();
        String id = created.getString("id");
        String bobToken = jwt(bob, null);
        Answer hidden = get("api/datasets/" + id, "Authorization: " + bearer(bobToken)).expectProblem(404);
        Answer absent = get("api/datasets/" + java.util.UUID.randomUUID(), "Authorization: " + bearer(bobToken))
                .expectProblem(404);
        assertEquals(absent.json().getString("title"), hidden.json().getString("title"), "indistinguishable from absent");
        send("DELETE", "api/datasets/" + id, null, "Authorization: " + bearer(bobToken)).expectProblem(404);
        Answer refusedWithBody = send("POST", "api/datasets/" + id + "/query", "{}".getBytes(StandardCharsets.UTF_8),
                "Authorization: " + bearer(bobToken), "Content-Type: application/json").expectProblem(404);
        assertEquals("close", refusedWithBody.response().headers().firstValue("Connection").orElse(""),
                "a body refused unread ends the connection, and says so");
        get("api/datasets/" + id, "Authorization: " + bearer(aliceToken)).expect(200);
        get("api/datasets/" + id + "/rows", "Authorization: " + bearer(SECRET), "X-Data-User: " + bob).expectProblem(404);
        get("api/datasets/" + id + "/rows", "Authorization: " + bearer(SECRET), "X-Data-User: " + alice).expect(200);

        assertTrue(ids(get("api/datasets", "Authorization: " + bearer(aliceToken))).contains(id));
        assertFalse(ids(get("api/datasets", "Authorization: " + bearer(bobToken))).contains(id));
        assertTrue(ids(get("api/datasets", "Authorization: " + bearer(jwt(user("root"), "admin")))).contains(id),
                "admin sees all");
        assertTrue(ids(get("api/datasets", "Authorization: " + bearer(SECRET))).contains(id), "the service sees all");
        get("api/datasets/" + id + "/stats", "Authorization: " + bearer(jwt(user("root"), "admin"))).expect(200);

        // Encoded forms of the id reach the same dataset, and are hidden the same way.
        String encoded = "%" + Integer.toHexString(id.charAt(0)) + id.substring(1);
        get("api/datasets/" + encoded + "/schema", "Authorization: " + bearer(bobToken)).expectProblem(404);
        get("api/datasets/" + id + ";v=1/schema", "Authorization: " + bearer(bobToken)).expectProblem(404);
        get("schema/" + encoded, "Authorization: " + bearer(bobToken)).expectProblem(404);
        assertEquals(200, get("api/datasets/" + encoded + "/schema", "Authorization: " + bearer(aliceToken)).status);
    }

    private static Set<String> ids(Answer list) {
        list.expect(200);
        return list.json().getJsonArray("datasets").stream().map(JsonValue::asJsonObject).map(o -> o.getString("id"))
                .collect(java.util.stream.Collectors.toSet());
    }

    // ---- input validation ----------------------------------------------------------------------------------

    @Test
    void pathTraversalIsRefused() throws IOException {
        String owner = user("trav");
        String token = "Authorization: " + bearer(jwt(owner, null));
        for (String path : List.of("api/datasets/..%2F..%2F..%2Fetc%2Fpasswd", "api/datasets/%2e%2e/%2e%2e/etc/passwd",
                "api/datasets/%2E%2E", "schema/..%2f..%2fconf", "api/datasets/%00/rows", "css/%2e%2e/api/datasets",
                "api/datasets/not-a-uuid/rows", "data/..;/..;/etc/passwd")) {
            int status = get(path, token).status;
            assertTrue(status == 400 || status == 404, path + " answered " + status);
        }
        // A name is display text only: the dataset lives in a directory named by its UUID.
        JsonObject s = send("POST", "api/datasets?name=" + java.net.URLEncoder.encode("../../../../tmp/evil\u0001",
                StandardCharsets.UTF_8), csv(SMALL), token, "Content-Type: text/csv").expect(201).json();
        assertEquals("../../../../tmp/evil", s.getString("name"));
        Path storage = Path.of(System.getProperty("data.storage.dir"));
        try (Stream<Path> entries = Files.list(storage)) {
            entries.forEach(p -> assertTrue(p.getFileName().toString().matches("[0-9a-f-]{36}|\\..*"), p.toString()));
        }
        assertTrue(Files.isDirectory(storage.resolve(s.getString("id"))));
    }

    @Test
    void oversizedAndHostileInputsAreRefused() {
        String owner = user("big");
        String token = "Authorization: " + bearer(jwt(owner, null));
        String id = upload(owner, "name,n\n" + "a".repeat(40) + "b,1\nplain,2\n");
        byte[] huge = ("{\"limit\":2,\"pad\":\"" + "x".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        send("POST", "api/datasets/" + id + "/query", huge, token, "Content-Type: application/json").expectProblem(413);
        String deep = "[".repeat(40) + "]".repeat(40);
        send("POST", "api/datasets/" + id + "/query", csv("{\"filters\":" + deep + "}"), token,
                "Content-Type: application/json").expectProblem(400);
        send("POST", "api/datasets/" + id + "/export", csv("{\"filters\":" + deep + "}"), token,
                "Content-Type: application/json").expectProblem(400);
        get("api/datasets/" + id + "/rows?name=" + "x".repeat(5000), token).expectProblem(400);
        get("api/datasets/" + id + "/rows?name__regex=" + "a".repeat(1500), token).expectProblem(400);
        // A catastrophically backtracking pattern: refused after a bounded number of steps, not after minutes.
        String evil = java.net.URLEncoder.encode("(.*a){12}$", StandardCharsets.UTF_8);
        Answer regex = get("api/datasets/" + id + "/rows?name__regex=" + evil, token).expectProblem(400);
        assertTrue(regex.body.contains("backtracks"), regex.body);
        Answer viaQuery = send("POST", "api/datasets/" + id + "/query",
                csv("{\"filters\":[{\"column\":\"name\",\"op\":\"regex\",\"value\":\"(.*a){12}$\"}]}"), token,
                "Content-Type: application/json").expectProblem(400);
        assertTrue(viaQuery.body.contains("backtracks"), viaQuery.body);
        // The same in a group-by's having, matched against its output rows.
        Answer viaHaving = send("POST", "api/datasets/" + id + "/query", csv("{\"groupBy\":[\"name\"],\"aggregates\":"
                + "[{\"fn\":\"count\"}],\"having\":[{\"column\":\"name\",\"op\":\"regex\",\"value\":\"(.*a){12}$\"}]}"),
                token, "Content-Type: application/json").expectProblem(400);
        assertTrue(viaHaving.body.contains("backtracks"), viaHaving.body);
        assertTrue(viaHaving.json().getString("parameter").startsWith("having"), viaHaving.body);
        Answer longHaving = send("POST", "api/datasets/" + id + "/query", csv("{\"groupBy\":[\"name\"],\"aggregates\":"
                + "[{\"fn\":\"count\"}],\"having\":[{\"column\":\"name\",\"op\":\"regex\",\"value\":\""
                + "a".repeat(1500) + "\"}]}"), token, "Content-Type: application/json").expectProblem(400);
        assertTrue(longHaving.body.contains("at most 1000"), longHaving.body);
        Answer plainHaving = send("POST", "api/datasets/" + id + "/query", csv("{\"groupBy\":[\"name\"],\"aggregates\":"
                + "[{\"fn\":\"count\"}],\"having\":[{\"column\":\"name\",\"op\":\"regex\",\"value\":\"^pl\"}]}"),
                token, "Content-Type: application/json").expect(200);
        assertTrue(plainHaving.body.contains("\"plain\"") && !plainHaving.body.contains("aaaa"), plainHaving.body);
        get("api/datasets/" + id + "/rows?name__regex=" + java.net.URLEncoder.encode("^pl", StandardCharsets.UTF_8), token)
                .expect(200);
        // A user id that is not one.
        get("api/datasets", "Authorization: " + bearer(SECRET), "X-Data-User: ../../etc").expectProblem(400);
        get("api/datasets", "Authorization: " + bearer(jwt("a b", null))).expectProblem(401);
    }

    @Test
    void safeExportEscapesFormulas() {
        String owner = user("csv");
        String token = "Authorization: " + bearer(jwt(owner, null));
        String id = upload(owner, "name,n\n=HYPERLINK(\"http://x\"),1\n@SUM(A1),-2\nplain,3\n");
        String safe = get("api/datasets/" + id + "/export?format=csv&safeExport=true", token).expect(200).body;
        assertEquals("name,n\n\"'=HYPERLINK(\"\"http://x\"\")\",1\n'@SUM(A1),-2\nplain,3\n", safe);
        String raw = get("api/datasets/" + id + "/export?format=csv", token).expect(200).body;
        assertTrue(raw.contains("\n@SUM(A1),-2\n"), raw);
    }

    // ---- rate limits -------------------------------------------------------------------------------------

    @Test
    void perUserRateLimitTriggersAndRecovers() {
        String token = "Authorization: " + bearer(jwt(user("hammer"), null));
        Answer limited = null;
        for (int i = 0; i < 400 && limited == null; i++) {
            Answer a = get("api/limits", token);
            if (a.status == 429) {
                limited = a;
            } else {
                a.expect(200);
            }
        }
        assertNotNull(limited, "no 429 after 400 requests");
        limited.expectProblem(429);
        assertTrue(Long.parseLong(limited.header("Retry-After")) >= 1);
        get("api/limits", "Authorization: " + bearer(jwt(user("other"), null))).expect(200);
        eventually(30, () -> get("api/limits", token), a -> a.status == 200, "the user's bucket refilling");
    }

    @Test
    void perAddressRateLimitTriggersAndRecovers() {
        String address = "X-Forwarded-For: 203.0.113." + (ADDRESSES.incrementAndGet() % 200 + 1);
        Answer limited = null;
        for (int i = 0; i < 400 && limited == null; i++) {
            Answer a = get("api/health", address);
            if (a.status == 429) {
                limited = a;
            }
        }
        assertNotNull(limited, "no 429 after 400 requests from one address");
        limited.expectProblem(429);
        assertNotNull(limited.header("Retry-After"));
        // Unauthenticated guesses count against the address too (a token may have come back since: a few tries).
        Answer guess = null;
        for (int i = 0; i < 20 && (guess == null || guess.status != 429); i++) {
            guess = get("api/datasets", address, "Authorization: Bearer guess");
            assertTrue(guess.status == 401 || guess.status == 429, guess.body);
        }
        guess.expectProblem(429);
        get("api/health").expect(200);
        eventually(30, () -> get("api/health", address), a -> a.status == 200, "the address's bucket refilling");
    }

    // ---- uploads: slots and quota --------------------------------------------------------------------------

    /** An upload whose head and first bytes are sent, the rest held back until closed. */
    final class HeldUpload implements AutoCloseable {
        private final Socket socket = new Socket();

        HeldUpload(String user, int declaredLength) throws IOException {
            URI uri = URI.create(base.toString());
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
            OutputStream out = socket.getOutputStream();
            String head = "POST " + uri.getPath() + "api/datasets?wait=false&name=held HTTP/1.1\r\n"
                    + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                    + "Authorization: Bearer " + SECRET + "\r\nX-Data-User: " + user + "\r\n"
                    + "X-Forwarded-For: " + nextAddress() + "\r\n"
                    + "Content-Type: text/csv\r\nContent-Length: " + declaredLength + "\r\nConnection: close\r\n\r\n"
                    + "name,n\n";
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write("held,1\n".repeat(100).getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            socket.setSoLinger(true, 0);
            socket.close();
        }
    }

    /** Holds an upload of {@code user} open, once the service has admitted it (it is listed as ingesting). */
    private HeldUpload holdAdmitted(String user) throws IOException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            HeldUpload held = new HeldUpload(user, 50_000);
            for (int i = 0; i < 20; i++) {
                Answer list = get("api/datasets", "Authorization: " + bearer(SECRET), "X-Data-User: " + user).expect(200);
                if (list.body.contains("\"ingesting\"")) {
                    return held;
                }
                sleep(100);
            }
            held.close(); // refused (e.g. a slot not yet given back by an upload that just ended): try again
            sleep(250);
        }
        throw new AssertionError("the held upload of " + user + " was never admitted");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Answer tryUpload(String user) {
        return send("POST", "api/datasets?name=t", csv(SMALL), "Authorization: " + bearer(SECRET),
                "X-Data-User: " + user, "Content-Type: text/csv");
    }

    @Test
    void concurrentUploadsPerUserAndGlobally() throws IOException {
        String racer = user("racer");
        try (HeldUpload held = holdAdmitted(racer)) {
            Answer busy = eventually(15, () -> tryUpload(racer), a -> a.status == 429, "the per-user upload limit");
            busy.expectProblem(429);
            assertNotNull(busy.header("Retry-After"));
            assertTrue(busy.body.contains("per.user"), busy.body);
            tryUpload(user("walker")).expect(201);
            try (HeldUpload g1 = holdAdmitted(user("g1")); HeldUpload g2 = holdAdmitted(user("g2"))) {
                Answer full = tryUpload(user("g3")).expectProblem(429);
                assertTrue(full.body.contains("at once"), full.body);
                assertTrue(held.socket.isConnected() && g1.socket.isConnected() && g2.socket.isConnected());
                assertNotNull(full.header("Retry-After"));
            }
        }
        eventually(30, () -> tryUpload(racer), a -> a.status == 201, "the racer's slot coming back");
    }

    /** A CSV of about {@code bytes} bytes. */
    static String rows(int bytes) {
        StringBuilder rows = new StringBuilder("name,n\n");
        for (int i = 0; rows.length() < bytes; i++) {
            rows.append("row-").append(i).append(',').append(i).append('\n');
        }
        return rows.toString();
    }

    @Test
    void storageQuotaPerUser() throws IOException {
        String filler = user("full");
        String rows = rows(40_000);
        // Uploads until the quota refuses one: what is stored (source and chunks) never passes it.
        String part = rows(8_000);
        Answer over = null;
        int stored = 0;
        for (int i = 0; i < 20 && over == null; i++) {
            Answer a = send("POST", "api/datasets?name=part", csv(part), "Authorization: " + bearer(SECRET),
                    "X-Data-User: " + filler, "Content-Type: text/csv");
            if (a.status == 201) {
                stored++;
            } else {
                over = a;
            }
        }
        assertNotNull(over, "20 uploads of 8 KB fit a 64 KB quota");
        assertTrue(stored >= 2, stored + " uploads fitted");
        over.expectProblem(507);
        assertTrue(over.body.contains(Long.toString(QUOTA)), over.body);
        assertEquals(QUOTA, over.json().getJsonNumber("quotaBytes").longValue(), over.body);
        assertTrue(over.json().getJsonNumber("usedBytes").longValue() <= QUOTA, over.body);
        long use = 0;
        for (JsonValue d : get("api/datasets", "Authorization: " + bearer(SECRET), "X-Data-User: " + filler).expect(200)
                .json().getJsonArray("datasets")) {
            use += d.asJsonObject().getJsonNumber("bytesReceived").longValue()
                    + d.asJsonObject().getJsonNumber("sizeBytes").longValue();
        }
        assertTrue(use <= QUOTA, use + " bytes stored");

        // Declared too large: refused before the body is read.
        Answer declared = send("POST", "api/datasets?name=big", csv(rows.repeat(2)), "Authorization: "
                + bearer(SECRET), "X-Data-User: " + user("declared"), "Content-Type: text/csv").expectProblem(507);
        assertTrue(declared.body.contains("quota"), declared.body);

        // No length declared (chunked): the upload is stopped as soon as it passes the quota.
        byte[] body = csv(rows.repeat(3));
        HttpRequest chunked = HttpRequest.newBuilder(URI.create(base.toString()).resolve("api/datasets?name=stream"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", bearer(SECRET)).header("X-Data-User", user("stream"))
                .header("X-Forwarded-For", nextAddress()).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build();
        try {
            HttpResponse<String> r = HTTP.send(chunked, HttpResponse.BodyHandlers.ofString());
            assertEquals(507, r.statusCode(), r.body());
            assertTrue(r.body().contains(Long.toString(QUOTA)), r.body());
            assertTrue(r.body().contains("\"quotaBytes\":" + QUOTA), r.body());
        } catch (IOException e) {
            // The server may close the connection while the client still sends; the dataset must then be failed.
            Answer list = get("api/datasets", "Authorization: " + bearer(SECRET), "X-Data-User: " + user("stream"));
            assertFalse(list.body.contains("\"ready\""), list.body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Another user is not affected.
        tryUpload(user("free")).expect(201);
    }

    @Test
    void uploadsInFlightReserveTheirQuota() throws IOException {
        String user = user("reserve");
        String rows = rows(20_000);
        try (HeldUpload held = holdAdmitted(user)) {
            // 20,000 bytes fit the 64 KB quota alone, not beside the 50,000 the held upload declared (and reserved).
            Answer over = send("POST", "api/datasets?name=second", csv(rows), "Authorization: "
                    + bearer(SECRET), "X-Data-User: " + user, "Content-Type: text/csv").expectProblem(507);
            assertEquals(QUOTA, over.json().getJsonNumber("quotaBytes").longValue(), over.body);
            assertEquals(50_000, over.json().getJsonNumber("usedBytes").longValue(), over.body);
            assertTrue(held.socket.isConnected());
        }
        // Cut off, the held upload fails and gives its reservation back.
        eventually(30, () -> send("POST", "api/datasets?name=second", csv(rows), "Authorization: "
                + bearer(SECRET), "X-Data-User: " + user, "Content-Type: text/csv"), a -> a.status == 201,
                "the reservation coming back");
    }
}
