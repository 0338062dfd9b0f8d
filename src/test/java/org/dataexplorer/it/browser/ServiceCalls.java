package org.dataexplorer.it.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The browser tests' own calls to the deployed service, beside the page's: to set up datasets, look them up
 * and delete them. {@code authorization} (an {@code Authorization} header value, or null in
 * development mode) goes with the listing and deleting calls; {@link #send} sends a request as it is built.
 */
final class ServiceCalls {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URL base;
    private final String authorization;

    ServiceCalls(URL base, String authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    /** {@code path} resolved against the deployment's root ({@code api/datasets} → {@code .../data/api/datasets}). */
    URI uri(String path) {
        try {
            return base.toURI().resolve(path);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The ids of every listed dataset, in list order. */
    List<String> allIds() {
        return ids(ID.matcher(list()));
    }

    /** The ids of the listed datasets with this name. */
    List<String> idsNamed(String name) {
        return ids(Pattern.compile(ID.pattern() + "[^{}]*?\"name\"\\s*:\\s*\"" + Pattern.quote(name) + "\"").matcher(list()));
    }

    /** Deletes every listed dataset with one of these names. */
    void deleteNamed(String... names) {
        for (String name : names) {
            for (String id : idsNamed(name)) {
                delete(id);
            }
        }
    }

    void delete(String id) {
        send(authorized(HttpRequest.newBuilder(uri("api/datasets/" + id)).DELETE()));
    }

    private String list() {
        return send(authorized(HttpRequest.newBuilder(uri("api/datasets")).GET())).body();
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    private static List<String> ids(Matcher m) {
        List<String> ids = new ArrayList<>();
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }
}
