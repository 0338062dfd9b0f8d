package org.dataexplorer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

/** One HTTP response, fully read. Header names are matched case-insensitively. */
record Reply(String method, String uri, int status, Map<String, List<String>> headers, byte[] body) {

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    String header(String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    String contentType() {
        String type = header("Content-Type");
        return type == null ? "" : type.toLowerCase(Locale.ROOT);
    }

    JsonValue json() {
        try (JsonReader reader = Json.createReader(new StringReader(text()))) {
            return reader.readValue();
        } catch (JsonException e) {
            return fail(describe() + " is not JSON: " + e.getMessage());
        }
    }

    JsonObject object() {
        JsonValue value = json();
        assertEquals(JsonValue.ValueType.OBJECT, value.getValueType(), () -> describe() + " is not a JSON object");
        return value.asJsonObject();
    }

    /** Asserts the status and returns the body as an object. */
    JsonObject expect(int expectedStatus) {
        assertEquals(expectedStatus, status, () -> "unexpected status of " + describe());
        return object();
    }

    /**
     * Asserts an RFC 9457 problem with this status: the problem content type and the members
     * {@code type}, {@code title}, {@code status} (equal to the HTTP status) and {@code detail}.
     */
    JsonObject expectProblem(int expectedStatus) {
        assertEquals(expectedStatus, status, () -> "unexpected status of " + describe());
        return problemBody();
    }

    JsonObject problemBody() {
        assertTrue(contentType().startsWith("application/problem+json"),
                () -> "an error must be application/problem+json: " + describe());
        JsonObject problem = object();
        assertNotNull(problem.get("type"), () -> "problem without type: " + describe());
        assertTrue(problem.getString("title", "").length() > 0, () -> "problem without title: " + describe());
        assertEquals(status, problem.getInt("status", -1), () -> "problem status member: " + describe());
        assertTrue(problem.containsKey("detail"), () -> "problem without detail: " + describe());
        return problem;
    }

    JsonArray array(String member) {
        return object().getJsonArray(member);
    }

    String describe() {
        String t = text();
        if (t.length() > 2000) {
            t = t.substring(0, 2000) + "...";
        }
        return method + " " + uri + " -> " + status + " [" + contentType() + "] " + t;
    }
}
