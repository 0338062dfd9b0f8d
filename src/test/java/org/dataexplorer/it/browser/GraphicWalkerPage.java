package org.dataexplorer.it.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Graphic Walker test page ({@code src/test/graphic-walker/page.jsx}) in the browser: opening it, what it
 * recorded ({@code window.__gwTest}: every request to the service with its body, status and answer, the
 * render statuses, errors) and what Graphic Walker drew, looked up through its (open) shadow root.
 */
final class GraphicWalkerPage {

    static final Duration WAIT = Duration.ofSeconds(60);

    /** Every mark of the chart's SVG: their aria labels ({@code "fruit kind: apple; Count: 5"}). */
    private static final String BARS = """
            const found = [];
            const visit = (root) => {
              root.querySelectorAll('svg g.mark-rect.role-mark path')
                  .forEach((p) => found.push(p.getAttribute('aria-label') || ''));
              root.querySelectorAll('*').forEach((e) => { if (e.shadowRoot) visit(e.shadowRoot); });
            };
            visit(document);
            return found;
            """;
    private static final String CELLS = """
            const found = [];
            const visit = (root) => {
              root.querySelectorAll('table tbody td').forEach((c) => found.push(c.textContent.trim()));
              root.querySelectorAll('*').forEach((e) => { if (e.shadowRoot) visit(e.shadowRoot); });
            };
            visit(document);
            return found;
            """;
    private static final String TAB = """
            const visit = (root) => {
              for (const t of root.querySelectorAll('[role=tab]')) { if (t.textContent.trim() === arguments[0]) return t; }
              for (const e of root.querySelectorAll('*')) {
                const t = e.shadowRoot ? visit(e.shadowRoot) : null;
                if (t) return t;
              }
              return null;
            };
            return visit(document);
            """;
    private static final String TEXT = """
            const texts = [];
            const visit = (root) => {
              texts.push(root.textContent || '');
              root.querySelectorAll('*').forEach((e) => { if (e.shadowRoot) visit(e.shadowRoot); });
            };
            visit(document.body);
            return texts.join(' ');
            """;

    private final WebDriver driver;
    private final WebDriverWait wait;
    private final URI page;
    private final Path shots;

    /** {@code page}: the URL of the page's {@code index.html}; screenshots go to {@code shots}. */
    GraphicWalkerPage(WebDriver driver, URI page, Path shots) {
        this.driver = driver;
        this.wait = new WebDriverWait(driver, WAIT);
        this.page = page;
        this.shots = shots;
    }

    /**
     * Opens the page over a dataset: {@code mode} {@code query} or {@code batch}, {@code chart} {@code count},
     * {@code sum} or {@code raw} over field {@code x}; {@code rid} prefixes the page's request ids;
     * {@code more} holds further query parameters ({@code &y=...}, {@code &only=...}, {@code &token=...}).
     */
    void open(String dataset, String mode, String chart, String x, String rid, String more) {
        driver.get(page + "?dataset=" + enc(dataset) + "&mode=" + mode + "&chart=" + chart + "&x=" + enc(x)
                + "&rid=" + rid + more);
    }

    WebDriverWait waiting() {
        return wait;
    }

    /** Waits for Graphic Walker to draw {@code count} bars (its render status idle); their aria labels. */
    @SuppressWarnings("unchecked")
    List<String> waitForBars(int count) {
        try {
            return wait.until(d -> {
                JsonObject record = assertServiceAnswered();
                List<String> bars = (List<String>) js(BARS);
                JsonArray status = record.getJsonArray("renderStatus");
                boolean idle = !status.isEmpty() && "idle".equals(status.getString(status.size() - 1));
                return idle && bars.size() == count ? bars : null;
            });
        } catch (TimeoutException e) {
            throw new AssertionError("no chart of " + count + " bars within " + WAIT + "; bars " + js(BARS)
                    + ", page record " + record(), e);
        }
    }

    /** A tab of Graphic Walker, to click with a real mouse (Radix tabs ignore a JavaScript click()). */
    WebElement tab(String label) {
        if (!(js(TAB, label) instanceof WebElement tab)) {
            throw new AssertionError("no tab '" + label + "'");
        }
        return tab;
    }

    /** Waits for Graphic Walker's data table to show {@code count} cells; their texts, row by row. */
    @SuppressWarnings("unchecked")
    List<String> waitForCells(int count) {
        try {
            return wait.until(d -> {
                assertServiceAnswered();
                List<String> cells = (List<String>) js(CELLS);
                return cells.size() == count ? cells : null;
            });
        } catch (TimeoutException e) {
            throw new AssertionError("no table of " + count + " cells within " + WAIT + "; cells " + js(CELLS), e);
        }
    }

    /** The text of the page, shadow roots included. */
    String text() {
        return String.valueOf(js(TEXT));
    }

    /** The text of the page's own alert (outside Graphic Walker), once there is one. */
    String waitForAlert() {
        return wait.until(d -> {
            Object text = js("const a = document.querySelector('[role=alert]'); return a ? a.textContent : null;");
            return text == null ? null : text.toString();
        });
    }

    /** Waits for the first error the page recorded (Graphic Walker's onError, or an uncaught one). */
    String waitForError() {
        return wait.until(d -> {
            JsonArray errors = record().getJsonArray("errors");
            return errors.isEmpty() ? null : errors.getString(0);
        });
    }

    /** Waits until every request the page sent has its answer. */
    void waitAllAnswered() {
        wait.until(d -> recorded().stream().allMatch(r -> r.get("status").getValueType() == JsonValue.ValueType.NUMBER));
    }

    /** Fails fast when the page reported an error or the service refused one of its requests; the record. */
    JsonObject assertServiceAnswered() {
        JsonObject record = record();
        if (!record.getJsonArray("errors").isEmpty()) {
            throw new AssertionError("the page reported errors: " + record.getJsonArray("errors"));
        }
        for (JsonObject request : record.getJsonArray("requests").getValuesAs(JsonObject.class)) {
            if (request.get("status").getValueType() == JsonValue.ValueType.NUMBER && request.getInt("status") >= 400) {
                throw new AssertionError("the service refused a request of the page: " + request);
            }
        }
        return record;
    }

    void assertNoErrors() {
        JsonArray errors = record().getJsonArray("errors");
        assertTrue(errors.isEmpty(), "page errors: " + errors);
    }

    /** What the page recorded, as JSON. */
    JsonObject record() {
        Object record = js("return JSON.stringify(window.__gwTest || null)");
        JsonValue value;
        try (JsonReader reader = Json.createReader(new StringReader(String.valueOf(record)))) {
            value = reader.readValue();
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new AssertionError("the test page did not start (no window.__gwTest): is app.js served?");
        }
        return value.asJsonObject();
    }

    /** Every request the page sent to the service: {@code {id, method, path, body, authorization, status, response}}. */
    List<JsonObject> recorded() {
        return record().getJsonArray("requests").getValuesAs(JsonObject.class);
    }

    /** The requests to {@code .../graphic-walker<pathSuffix>} with that method. */
    List<JsonObject> requests(String method, String pathSuffix) {
        return recorded().stream()
                .filter(r -> method.equals(r.getString("method"))
                        && r.getString("path").endsWith("/graphic-walker" + pathSuffix))
                .toList();
    }

    JsonObject onlyRequest(String method, String pathSuffix) {
        List<JsonObject> found = requests(method, pathSuffix);
        assertEquals(1, found.size(), method + " " + pathSuffix + ": " + found);
        return found.get(0);
    }

    void screenshot(String name) {
        try {
            Files.write(shots.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException | RuntimeException e) {
            System.out.println("no screenshot " + name + ": " + e);
        }
    }

    /** After a failure: a screenshot and the page's record on stdout. */
    void diagnose(String name) {
        screenshot(name);
        try {
            System.out.println("GraphicWalkerBrowserIT page record: " + record());
        } catch (RuntimeException | AssertionError e) {
            System.out.println("GraphicWalkerBrowserIT: no page record (" + e.getMessage() + ")");
        }
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
