package org.dataexplorer.it.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import org.dataexplorer.it.ItDeployment;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.container.annotation.ArquillianTest;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Graphic Walker, from its npm package, rendering charts whose data comes from this service's
 * {@code /api/datasets/{id}/graphic-walker/*} routes, in headless Chromium. The page
 * ({@code src/test/graphic-walker/}) runs the example component of {@code etc/graphic-walker/}; a front server
 * of the test serves it and passes {@code /data/api/...} to the service, as the shared proxy does in
 * production, so the page and the API are one origin ({@link GraphicWalkerFrontServer}). It tags each request with an {@code X-Request-Id} and records what it sent and got; the test checks
 * that the service's access log has those requests, that the rows Graphic Walker got are the right group-by
 * of the uploaded CSV, that the SVG chart has one bar per group, labelled with that group's value, and that
 * Graphic Walker's data table (raw pages and column profiles, all queries) shows the CSV's rows. The
 * service's 404 and 422 problems must reach the user as their text.
 *
 * <p>The bundle is built by {@link GraphicWalkerBundle} ({@code npm ci} into {@code target/graphic-walker/},
 * once, then esbuild). Skipped with the reason printed when chromium, chromedriver, Node.js or npm is
 * missing or {@code npm ci} fails (offline), unless {@code CI=true}, where that is a failure. Other hosts
 * than the loopback are unresolvable in the browser, so nothing is fetched from a CDN.
 */
@ArquillianTest
class GraphicWalkerBrowserIT {

    private static final String GROUP = "fruit kind";
    /** The service's default {@code gw.max.rows}: a larger answer is a 422 problem. */
    private static final int GW_MAX_ROWS = 50_000;
    /** Rows per fruit, all different, so a bar with a wrong count or a wrong label cannot pass. */
    private static final Map<String, Integer> FRUITS = fruits();
    private static final Pattern ACCESS_LINE = Pattern.compile(
            "request id=(\\S+) user=\\S+ method=(\\S+) route=(\\S+) kind=\\S+ status=(\\d+) ");
    /** Why the page's bundle could not be built (a missing tool: skip), or null. */
    private static String unavailable;
    /** Why the page's bundle does not build although the tools are there (always a failure), or null. */
    private static String broken;

    /** The folder of the built bundle, or null. */
    private static Path dist;

    @Deployment(testable = false)
    static WebArchive deployment() {
        // The page is served by the test's own front server (GraphicWalkerFrontServer), not by the WAR.
        try {
            dist = GraphicWalkerBundle.build();
        } catch (GraphicWalkerBundle.Unavailable e) {
            unavailable = e.getMessage();
        } catch (IOException | RuntimeException e) {
            broken = String.valueOf(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            broken = "interrupted while building the bundle";
        }
        return ItDeployment.war();
    }

    @ArquillianResource
    private URL base;

    private ServiceCalls service;
    private final Path work = Path.of("target", "browser-it");
    private final Logger accessLogger = Logger.getLogger("org.dataexplorer.access");
    private final List<String> accessLog = new CopyOnWriteArrayList<>();
    private Level accessLevel;
    private final Handler accessCapture = new Handler() {
        @Override
        public void publish(LogRecord logRecord) {
            accessLog.add(logRecord.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final List<String> datasets = new ArrayList<>();
    private WebDriver driver;
    private GraphicWalkerFrontServer front;
    private GraphicWalkerPage page;

    @BeforeEach
    void startBrowser() throws IOException {
        service = new ServiceCalls(base, null);
        if (broken != null) {
            fail(broken);
        }
        String missing = Chromium.missing();
        String reason = missing != null ? "the Graphic Walker browser test needs " + missing
                : unavailable != null ? "the Graphic Walker browser test cannot build its page: " + unavailable
                : null;
        if (reason != null) {
            Chromium.skip("GraphicWalkerBrowserIT", reason);
        }
        accessLevel = accessLogger.getLevel();
        accessLogger.setLevel(Level.INFO);
        accessLogger.addHandler(accessCapture);
        Files.createDirectories(work);
        Files.createDirectories(Chromium.SCREENSHOTS);
        // Hermetic: Graphic Walker links a Leaflet stylesheet from unpkg.com; only the service is reachable.
        driver = Chromium.start(work, Files.createTempDirectory(work, "downloads-"),
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost");
        front = new GraphicWalkerFrontServer(service.uri(""), GraphicWalkerBundle.PAGE, dist.resolve("app.js"));
        page = new GraphicWalkerPage(driver, front.page(), Chromium.SCREENSHOTS);
    }

    @AfterEach
    void stopBrowser() {
        accessLogger.removeHandler(accessCapture);
        accessLogger.setLevel(accessLevel);
        if (driver != null) {
            driver.quit();
        }
        if (front != null) {
            front.close();
        }
        for (String id : datasets) {
            service.delete(id);
        }
    }

    @Test
    void countChartQueriesTheService() {
        String id = upload("gw-count.csv");
        try {
            page.open(id, "query", "count", GROUP, "gwq", "");
            List<String> bars = page.waitForBars(FRUITS.size());
            page.screenshot("gw-01-count-chart");

            JsonObject fields = page.onlyRequest("GET", "/fields");
            assertEquals(200, fields.getInt("status"));
            JsonObject fruitField = field(fields.getJsonArray("response"), GROUP);
            assertEquals("nominal", fruitField.getString("semanticType"), fruitField.toString());
            assertEquals("dimension", fruitField.getString("analyticType"), fruitField.toString());

            // The chart's query: a group-by of the fruit column, counted, answered by the service.
            page.waitAllAnswered();
            JsonObject chart = chartQuery(page.requests("POST", "/query"));
            assertEquals(200, chart.getInt("status"), chart.toString());
            Map<String, BigDecimal> rows = groups(chart.getJsonArray("response"), measureKey(chart.getJsonObject("body")));
            assertEquals(expectedCounts(), rows, "rows the service gave Graphic Walker");
            assertTrue(page.requests("POST", "/batch").isEmpty(), "query mode sent a batch");

            assertBars(bars, expectedCounts());

            // The Data tab: Graphic Walker's table pages the raw rows and profiles every column, all through
            // the service (count(*), raw `*` with limit/offset, bin, nested views, sort + limit).
            int sentBefore = page.recorded().size();
            page.tab("Data").click();
            List<String> cells = page.waitForCells(rowCount() * 5);
            page.screenshot("gw-03-data-tab");
            assertTrue(page.recorded().size() > sentBefore, "the Data tab sent no query");
            String total = "Showing 1 to " + rowCount() + " of " + rowCount() + " results"; // the count(*) query's answer
            page.waiting().until(d -> page.text().contains(total));
            for (int row = 0; row < rowCount(); row++) {
                List<String> expected = csvRow(row);
                assertEquals(expected.get(0), cells.get(row * 5), "id of row " + row + ": " + cells);
                assertEquals(expected.get(1), cells.get(row * 5 + 1), "fruit of row " + row + ": " + cells);
                assertEquals(0, new BigDecimal(expected.get(3)).compareTo(new BigDecimal(cells.get(row * 5 + 3))),
                        "price of row " + row + ": " + cells);
            }
            JsonObject rawPage = page.requests("POST", "/query").stream()
                    .filter(r -> r.getJsonObject("body").toString().contains("\"raw\"")).findFirst()
                    .orElseThrow(() -> new AssertionError("no raw query for the table among " + page.recorded()));
            assertEquals(rowCount(), rawPage.getJsonArray("response").size(), rawPage.toString());
            page.waitAllAnswered();
            for (JsonObject request : page.recorded()) {
                assertEquals(200, request.getInt("status"), request.toString());
            }

            for (JsonObject request : page.recorded()) {
                assertTrue(request.isNull("authorization"), "a token without getToken: " + request);
            }
            assertInAccessLog();
            page.assertNoErrors();
        } catch (AssertionError | RuntimeException e) {
            diagnose("gw-count-failure");
            throw e;
        }
    }

    @Test
    void sumChartThroughBatch() {
        String id = upload("gw-sum.csv");
        try {
            List<String> only = List.of("apple", "cherry", "dragon fruit");
            page.open(id, "batch", "sum", GROUP, "gwb",
                    "&y=price&only=" + GraphicWalkerPage.enc(String.join(",", only)) + "&token=gw-browser-token");
            List<String> bars = page.waitForBars(only.size());
            page.screenshot("gw-02-sum-chart-batch");

            page.waitAllAnswered();
            assertTrue(page.requests("POST", "/query").isEmpty(), "batch mode sent single queries");
            List<JsonObject> batches = page.requests("POST", "/batch");
            assertFalse(batches.isEmpty(), "no batch request");
            // Unbatch: each payload of a queryList with the rows at the same place of datas.
            List<JsonObject> answered = new ArrayList<>();
            for (JsonObject batch : batches) {
                assertEquals(200, batch.getInt("status"), batch.toString());
                JsonArray queries = batch.getJsonObject("body").getJsonArray("queryList");
                JsonArray datas = batch.getJsonObject("response").getJsonArray("datas");
                assertEquals(queries.size(), datas.size(), batch.toString());
                for (int i = 0; i < queries.size(); i++) {
                    answered.add(Json.createObjectBuilder().add("status", 200).add("body", queries.get(i))
                            .add("response", datas.get(i)).build());
                }
            }
            JsonObject chart = chartQuery(answered);
            assertTrue(chart.getJsonObject("body").toString().contains("\"one of\""), "no `one of` filter in " + chart);
            Map<String, BigDecimal> rows = groups(chart.getJsonArray("response"), measureKey(chart.getJsonObject("body")));
            assertEquals(expectedSums(only), rows, "rows the service gave Graphic Walker");

            assertBars(bars, expectedSums(only));
            for (JsonObject request : page.recorded()) {
                assertEquals("Bearer gw-browser-token", request.getString("authorization", null), request.toString());
            }
            assertInAccessLog();
            page.assertNoErrors();
        } catch (AssertionError | RuntimeException e) {
            diagnose("gw-sum-failure");
            throw e;
        }
    }

    @Test
    void unknownDatasetShowsTheProblem() {
        String id = "00000000-0000-4000-8000-000000000000";
        try {
            page.open(id, "query", "count", GROUP, "gwn", "");
            String alert = page.waitForAlert();
            page.screenshot("gw-04-unknown-dataset");
            assertTrue(alert.contains(id) && alert.contains("(404)"), alert);
            JsonObject fields = page.onlyRequest("GET", "/fields");
            assertEquals(404, fields.getInt("status"));
            assertTrue(alert.contains(fields.getJsonObject("response").getString("title")), alert + " / " + fields);
            assertTrue(page.requests("POST", "/query").isEmpty(), "queries without fields");
            assertInAccessLog();
        } catch (AssertionError | RuntimeException e) {
            diagnose("gw-unknown-failure");
            throw e;
        }
    }

    /** A chart whose answer would be too big: the service's 422 problem is what Graphic Walker shows. */
    @Test
    void tooManyRowsIsShownByGraphicWalker() {
        StringBuilder csv = new StringBuilder("n,value\n");
        for (int n = 0; n <= GW_MAX_ROWS; n++) {
            csv.append(n).append(',').append(n * 0.5).append('\n');
        }
        String id = upload("gw-too-many.csv", csv.toString());
        try {
            page.open(id, "query", "raw", "n", "gwt", "&y=value");
            String error = page.waitForError();
            page.waitAllAnswered();
            JsonObject query = page.requests("POST", "/query").stream().filter(r -> r.getInt("status") == 422).findFirst()
                    .orElseThrow(() -> new AssertionError("no 422 answer among " + page.recorded()));
            assertTrue(query.getJsonObject("body").toString().contains("\"raw\""), query.toString());
            String title = query.getJsonObject("response").getString("title");
            String detail = query.getJsonObject("response").getString("detail");
            assertTrue(error.contains(title + " (422)") && error.contains(detail), error + " / " + query);
            page.waiting().until(d -> page.text().contains(detail));
            page.screenshot("gw-05-too-many-rows");
            assertTrue(find(GW_MAX_ROWS, detail), "the problem does not name the limit: " + detail);
            assertInAccessLog();
        } catch (AssertionError | RuntimeException e) {
            diagnose("gw-too-many-failure");
            throw e;
        }
    }

    private static boolean find(int number, String text) {
        return text.replace(",", "").contains(String.valueOf(number));
    }

    // --- the data ------------------------------------------------------------------------------------

    private static Map<String, Integer> fruits() {
        Map<String, Integer> fruits = new LinkedHashMap<>();
        fruits.put("apple", 5);
        fruits.put("banana", 3);
        fruits.put("cherry", 2);
        fruits.put("dragon fruit", 1);
        return fruits;
    }

    /**
     * Price of the n-th row (0-based): 1 + n²/4, whole quarters so every sum is exact in binary floating
     * point, and the sums per fruit all differ.
     */
    private static BigDecimal price(int n) {
        return BigDecimal.valueOf(n * n * 25L + 100, 2);
    }

    private static int rowCount() {
        return FRUITS.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Row n (0-based) of the CSV: id, fruit kind, qty (1.. within the fruit), price, day. */
    private static List<String> csvRow(int n) {
        int first = 0;
        for (Map.Entry<String, Integer> fruit : FRUITS.entrySet()) {
            if (n < first + fruit.getValue()) {
                return List.of(String.valueOf(n), fruit.getKey(), String.valueOf(n - first + 1), price(n).toPlainString(),
                        String.format("2024-01-%02d", n + 1));
            }
            first += fruit.getValue();
        }
        throw new IllegalArgumentException("no row " + n);
    }

    private static String csv() {
        StringBuilder csv = new StringBuilder("id,fruit kind,qty,price,day\n");
        for (int n = 0; n < rowCount(); n++) {
            csv.append(String.join(",", csvRow(n))).append('\n');
        }
        return csv.toString();
    }

    private static Map<String, BigDecimal> expectedCounts() {
        Map<String, BigDecimal> counts = new TreeMap<>();
        FRUITS.forEach((fruit, rows) -> counts.put(fruit, BigDecimal.valueOf(rows)));
        return counts;
    }

    private static Map<String, BigDecimal> expectedSums(List<String> only) {
        Map<String, BigDecimal> sums = new TreeMap<>();
        int n = 0;
        for (Map.Entry<String, Integer> fruit : FRUITS.entrySet()) {
            BigDecimal sum = BigDecimal.ZERO;
            for (int k = 0; k < fruit.getValue(); k++, n++) {
                sum = sum.add(price(n));
            }
            if (only.contains(fruit.getKey())) {
                sums.put(fruit.getKey(), sum.stripTrailingZeros());
            }
        }
        return sums;
    }

    private String upload(String name) {
        return upload(name, csv());
    }

    private String upload(String name, String csv) {
        HttpResponse<String> reply = service.send(HttpRequest.newBuilder(
                service.uri("api/datasets?name=" + GraphicWalkerPage.enc(name)))
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv)));
        assertEquals(201, reply.statusCode(), reply.body());
        String id = json(reply.body()).asJsonObject().getString("id");
        datasets.add(id);
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> {
            String status = json(service.send(HttpRequest.newBuilder(service.uri("api/datasets/" + id)).GET()).body())
                    .asJsonObject().getString("status");
            assertFalse("failed".equals(status), "the upload failed");
            return "ready".equals(status);
        });
        return id;
    }

    // --- the page ------------------------------------------------------------------------------------

    /** Each expected group has exactly one bar, whose label names the group and its value. */
    private static void assertBars(List<String> bars, Map<String, BigDecimal> expected) {
        assertEquals(expected.size(), bars.size(), "bars: " + bars);
        for (Map.Entry<String, BigDecimal> group : expected.entrySet()) {
            String label = GROUP + ": " + group.getKey() + ";";
            List<String> matching = bars.stream().filter(b -> b.contains(label)).toList();
            assertEquals(1, matching.size(), "bars labelled '" + label + "' among " + bars);
            Matcher value = Pattern.compile(";\\s*[^:;]+:\\s*([-0-9.,]+)\\s*$").matcher(matching.get(0));
            assertTrue(value.find(), matching.get(0));
            assertEquals(0, group.getValue().compareTo(new BigDecimal(value.group(1).replace(",", ""))),
                    "bar " + matching.get(0) + " for " + group);
        }
    }

    /** The answered payload that groups by the chart's dimension: the chart's own query. */
    private static JsonObject chartQuery(List<JsonObject> answered) {
        List<JsonObject> charts = answered.stream().filter(r -> aggregate(r.getJsonObject("body")) != null).toList();
        assertFalse(charts.isEmpty(), "no aggregate query grouped by '" + GROUP + "' among " + answered);
        return charts.get(charts.size() - 1);
    }

    private static JsonObject aggregate(JsonObject payload) {
        for (JsonValue step : payload.getJsonArray("workflow")) {
            if ("view".equals(step.asJsonObject().getString("type"))) {
                for (JsonValue query : step.asJsonObject().getJsonArray("query")) {
                    JsonObject q = query.asJsonObject();
                    if ("aggregate".equals(q.getString("op"))
                            && q.getJsonArray("groupBy").getValuesAs(JsonValue.class).stream()
                                    .anyMatch(g -> g.equals(Json.createValue(GROUP)))) {
                        return q;
                    }
                }
            }
        }
        return null;
    }

    private static String measureKey(JsonObject payload) {
        JsonArray measures = aggregate(payload).getJsonArray("measures");
        assertEquals(1, measures.size(), measures.toString());
        return measures.getJsonObject(0).getString("asFieldKey");
    }

    /** Rows of a group-by answer as group value → measure value; each group once. */
    private static Map<String, BigDecimal> groups(JsonArray rows, String measure) {
        Map<String, BigDecimal> groups = new TreeMap<>();
        for (JsonValue row : rows) {
            JsonObject r = row.asJsonObject();
            assertTrue(r.containsKey(GROUP) && r.containsKey(measure), "row " + r + " lacks " + GROUP + " or " + measure);
            BigDecimal value = r.getJsonNumber(measure).bigDecimalValue().stripTrailingZeros();
            assertEquals(null, groups.put(r.getString(GROUP), value), "group twice: " + r);
        }
        return groups;
    }

    private static JsonObject field(JsonArray fields, String fid) {
        return fields.getValuesAs(JsonObject.class).stream().filter(f -> fid.equals(f.getString("fid"))).findFirst()
                .orElseThrow(() -> new AssertionError("no field '" + fid + "' in " + fields));
    }

    /** Every request the page sent reached the service: one access log line with its id, route and status. */
    private void assertInAccessLog() {
        page.waitAllAnswered();
        List<JsonObject> sent = page.recorded();
        assertFalse(sent.isEmpty());
        // A line is written when the exchange completes, which may be just after the browser has the answer.
        Map<String, String[]> logged = new TreeMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        do {
            for (String line : accessLog) {
                Matcher m = ACCESS_LINE.matcher(line);
                if (m.find()) {
                    logged.put(m.group(1), new String[] {m.group(2), m.group(3), m.group(4)});
                }
            }
        } while (!sent.stream().allMatch(r -> logged.containsKey(r.getString("id")))
                && pause() && System.nanoTime() < deadline);
        for (JsonObject request : sent) {
            String id = request.getString("id");
            String[] line = logged.get(id);
            assertTrue(line != null,
                    "request " + id + " (" + request.getString("path") + ") is not in the access log: " + accessLog);
            String path = request.getString("path");
            String route = "/api/datasets/{id}/graphic-walker/" + path.substring(path.lastIndexOf('/') + 1);
            assertEquals(request.getString("method"), line[0], id);
            assertEquals(route, line[1], id);
            assertEquals(String.valueOf(request.getInt("status")), line[2], id);
        }
    }

    // --- plumbing ------------------------------------------------------------------------------------

    private void diagnose(String name) {
        if (page != null) {
            page.diagnose(name);
        }
        System.out.println("GraphicWalkerBrowserIT access log: " + accessLog);
    }

    private static boolean pause() {
        try {
            Thread.sleep(100);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static JsonValue json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readValue();
        }
    }
}
