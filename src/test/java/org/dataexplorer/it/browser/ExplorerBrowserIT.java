package org.dataexplorer.it.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dataexplorer.it.ItDeployment;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.container.annotation.ArquillianTest;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The explorer page in a real browser (Debian's headless Chromium driven by Selenium): upload through the
 * page, scroll to the last row of a million-row dataset, sort, filter, statistics, chart. Screenshots go to
 * {@code target/browser-screenshots/}. Skipped (with the reason printed) when chromium or chromedriver is
 * missing, unless {@code CI=true}, where that is a failure.
 */
@ArquillianTest
class ExplorerBrowserIT {

    private static final int BIG_ROWS = 1_000_000;
    private static final String[] CATEGORIES = {"alpha", "bravo", "charlie", "delta", "echo"};
    private static final LocalDate DAY0 = LocalDate.of(2020, 1, 1);
    private static final Pattern FAILED = Pattern.compile("\"status\"\\s*:\\s*\"failed\"");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ItDeployment.war();
    }

    @ArquillianResource
    private URL base;

    private final Path work = Path.of("target", "browser-it");
    private ServiceCalls service;
    private ExplorerPage page;
    private WebDriver driver;
    private WebDriverWait wait;

    @BeforeEach
    void startBrowser() throws IOException {
        service = new ServiceCalls(base, null);
        page = ExplorerPage.start("ExplorerBrowserIT", work);
        driver = page.driver();
        wait = page.waiting();
    }

    @AfterEach
    void stopBrowser() {
        if (page != null) {
            page.close();
        }
    }

    @Test
    void uploadScrollSortFilterStatsAndChart() throws Exception {
        String bigId = uploadBigOverHttp();
        try {
            driver.get(base.toString());
            wait.until(d -> d.findElement(By.id("dropzone")).isDisplayed());

            // Upload through the page (the file picker), then the page opens the new dataset.
            Path small = writeSmallCsv();
            driver.findElement(By.id("file-input")).sendKeys(small.toAbsolutePath().toString());
            wait.until(d -> "500".equals(page.rowCount()));
            assertTrue(page.text("#problem").contains("500 rows"), page.text("#problem"));
            assertEquals("people.csv", page.text("#dataset-title"));
            waitFirstCell(0, "1");
            waitFirstCell(1, "name-0");
            assertEquals("500 rows", page.js("return document.getElementById('parse-text').textContent"));
            page.screenshot("01-small-uploaded");

            // Drag and drop: a File built in the page, dropped on the drop zone, ends in a ready dataset.
            page.js("document.getElementById('dropzone').dispatchEvent(new DragEvent('dragenter',"
                    + " { bubbles: true, cancelable: true, dataTransfer: new DataTransfer() }));");
            assertTrue(driver.findElement(By.id("dropzone")).getAttribute("class").contains("over"));
            page.js("const rows = ['k,v']; for (let i = 0; i < 300; i++) rows.push(i + ',' + (i * 2));"
                    + " const dt = new DataTransfer();"
                    + " dt.items.add(new File([rows.join('\\n') + '\\n'], 'dropped.csv', { type: 'text/csv' }));"
                    + " document.getElementById('dropzone').dispatchEvent("
                    + "new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));");
            wait.until(d -> "dropped.csv".equals(page.text("#dataset-title")) && "300".equals(page.rowCount()));
            assertFalse(driver.findElement(By.id("dropzone")).getAttribute("class").contains("over"));
            waitFirstCell(0, "0");
            driver.findElement(By.id("grid")).sendKeys(Keys.chord(Keys.CONTROL, Keys.END));
            wait.until(d -> "299".equals(page.cell(299, 0)) && "598".equals(page.cell(299, 1)));
            assertEquals(1, service.idsNamed("dropped.csv").size());

            // The million-row dataset: jump to the last row with the keyboard and read it.
            openDataset("big-1m");
            wait.until(d -> String.valueOf(BIG_ROWS).equals(page.rowCount()));
            // The numeric header's sparkline: one bar per bucket of the column's histogram (/stats).
            int buckets = histogramBuckets(bigId, "amount");
            assertTrue(buckets > 1, "buckets: " + buckets);
            wait.until(d -> ((Number) page.js("return document.querySelectorAll(\"#grid .head-cell[data-col='1'] svg.spark rect\").length"))
                    .intValue() == buckets);
            WebElement grid = driver.findElement(By.id("grid"));
            grid.sendKeys(Keys.chord(Keys.CONTROL, Keys.END));
            page.waitLoaded(BIG_ROWS - 1);
            assertBigRow(BIG_ROWS - 1);
            page.screenshot("02-last-row");
            grid.sendKeys(Keys.PAGE_UP);
            grid.sendKeys(Keys.ARROW_UP);
            int active = activeRow();
            assertTrue(active < BIG_ROWS - 10 && active > BIG_ROWS - 100, "active row " + active);
            page.waitLoaded(active);
            assertBigRow(active);

            // Drag the scrollbar to the middle: the rows shown are the rows at that place.
            page.js("const v = document.querySelector('.grid-viewport'); v.scrollTop = (v.scrollHeight - v.clientHeight) * 0.37;");
            int first = wait.until(d -> {
                Object r = page.js("const r = document.querySelectorAll('.grid-row')[2];"
                        + " return r && !r.querySelector('.cell.loading') ? Number(r.dataset.row) : null;");
                return r != null && ((Number) r).intValue() > 300_000 && ((Number) r).intValue() < 400_000
                        ? ((Number) r).intValue() : null;
            });
            assertBigRow(first);
            page.screenshot("03-middle");
            long domRows = driver.findElements(By.cssSelector(".grid-row")).size();
            assertTrue(domRows < 100, "rows in the DOM: " + domRows);
            grid.sendKeys(Keys.ARROW_DOWN);
            Matcher held = Pattern.compile("([\\d,]+) rows held").matcher(page.text("#statusline"));
            assertTrue(held.find(), page.text("#statusline"));
            assertTrue(Long.parseLong(held.group(1).replace(",", "")) <= 5000, page.text("#statusline"));

            // Keyboard: ArrowRight and ArrowLeft move the active cell across columns, Ctrl+Home to the first row.
            assertEquals(0, activeCol());
            // Key events reach the page's handlers asynchronously: wait for each move rather than read at once.
            grid.sendKeys(Keys.ARROW_RIGHT, Keys.ARROW_RIGHT);
            wait.until(d -> activeCol() == 2);
            wait.until(d -> page.text("#statusline").contains("· category ·"));
            grid.sendKeys(Keys.ARROW_LEFT);
            wait.until(d -> activeCol() == 1);
            grid.sendKeys(Keys.chord(Keys.CONTROL, Keys.HOME));
            wait.until(d -> activeRow() == 0);
            assertEquals(1, activeCol());
            assertTrue(page.text("#statusline").startsWith("Row 1 of 1,000,000 · amount"), page.text("#statusline"));
            page.waitLoaded(0);
            assertBigRow(0);

            // Sort: amount twice (descending), then shift-click id twice (id descending as second key).
            int firstMax = -1;
            int lastMax = -1;
            for (int i = 0; i < BIG_ROWS; i++) {
                if (amountCents(i) == 9999) {
                    firstMax = firstMax < 0 ? i : firstMax;
                    lastMax = i;
                }
            }
            clickHeader("amount", false);
            waitFirstCell(0, "0");
            clickHeader("amount", false);
            waitFirstCell(0, String.valueOf(firstMax));
            waitFirstCell(1, "99.99");
            clickHeader("id", true);
            waitFirstCell(0, String.valueOf(firstMax));
            clickHeader("id", true);
            waitFirstCell(0, String.valueOf(lastMax));
            waitFirstCell(1, "99.99");
            page.screenshot("04-sorted");
            driver.findElement(By.cssSelector("[data-clear-sort]")).click();
            waitFirstCell(0, "0");

            // The string column's filter suggests its values (from /facets).
            wait.until(d -> {
                page.header("category").findElement(By.cssSelector("[data-action=filter]")).click();
                return true;
            });
            wait.until(d -> ((Number) page.js("return document.querySelectorAll('#facet-values option').length")).intValue() == 5);
            assertEquals(List.of("alpha=200,000", "bravo=200,000", "charlie=200,000", "delta=200,000", "echo=200,000"),
                    page.js("return [...document.querySelectorAll('#facet-values option')]"
                            + ".map(o => o.value + '=' + o.textContent).sort()"));
            driver.findElement(By.cssSelector("#popover [data-act=cancel]")).click();

            // Filters: category = charlie, then amount > 50, then a bad value (a problem, the filters stay).
            filter("category", "exact", "charlie");
            wait.until(d -> String.valueOf(BIG_ROWS / 5).equals(page.rowCount()));
            assertTrue(page.text("#row-count").contains("of 1,000,000"), page.text("#row-count"));
            filter("amount", "gt", "50");
            long expected = 0;
            int firstMatch = -1;
            for (int i = 0; i < BIG_ROWS; i++) {
                if (i % 5 == 2 && amountCents(i) > 5000) {
                    expected++;
                    firstMatch = firstMatch < 0 ? i : firstMatch;
                }
            }
            long expectedCount = expected;
            wait.until(d -> String.valueOf(expectedCount).equals(page.rowCount()));
            // The grid re-renders after the count arrives, so wait for the first matching row rather than read it once.
            waitFirstCell(0, String.valueOf(firstMatch));
            waitFirstCell(1, amountShown(firstMatch));
            filter("amount", "gt", "abc");
            wait.until(d -> page.text("#problem").contains("amount__gt"));
            assertEquals(String.valueOf(expectedCount), page.rowCount());
            page.screenshot("05-filtered");

            // Columns: hide day from its header's context menu; hide category in the Columns menu and show it again.
            new Actions(driver).contextClick(page.header("day")).perform();
            WebElement menu = wait.until(d -> d.findElement(By.cssSelector("#popover.menu")));
            menu.findElement(By.cssSelector("[data-act=hide]")).click();
            wait.until(d -> headerNames().equals(List.of("id", "amount", "category")));
            assertEquals("Columns (1 hidden)", driver.findElement(By.id("columns-open")).getText());
            driver.findElement(By.id("columns-open")).click();
            WebElement category = wait.until(d -> d.findElement(By.xpath(
                    "//div[@id='popover']//label[.//span[text()='category']]/input")));
            assertTrue(category.isSelected());
            page.screenshot("05-columns-menu");
            assertFalse(driver.findElement(By.xpath("//div[@id='popover']//label[.//span[text()='day']]/input")).isSelected());
            category.click();
            wait.until(d -> headerNames().equals(List.of("id", "amount")));
            category.click();
            wait.until(d -> headerNames().equals(List.of("id", "amount", "category")));
            driver.findElement(By.cssSelector("#popover [data-act=close]")).click();
            page.waitLoaded(0);
            assertEquals(String.valueOf(expectedCount), page.rowCount());

            // Sort by amount, descending, from the context menu.
            new Actions(driver).contextClick(page.header("amount")).perform();
            wait.until(d -> d.findElement(By.cssSelector("#popover.menu"))).findElement(By.cssSelector("[data-act=desc]")).click();
            wait.until(d -> "99.99".equals(page.cell(0, 1)) || "99.98".equals(page.cell(0, 1)));
            page.waitLoaded(15);
            List<List<String>> shown = new java.util.ArrayList<>();
            for (int r = 0; r < 15; r++) {
                shown.add(List.of(page.cell(r, 0), page.cell(r, 1), page.cell(r, 2)));
            }
            page.screenshot("05-filtered-sorted-columns");

            // Export of the current view: the link carries sort, filters and columns; the file holds exactly them.
            String href = driver.findElement(By.id("export-link")).getAttribute("href");
            assertTrue(href.contains("/export?") && href.contains("sort=-amount") && href.contains("category=charlie")
                    && href.contains("amount__gt=50") && href.contains("columns=id%2Camount%2Ccategory"), href);
            driver.findElement(By.id("export-link")).click();
            List<String> lines = Files.readAllLines(Chromium.downloaded(page.downloads(), "big-1m.csv", ExplorerPage.WAIT));
            assertEquals("id,amount,category", lines.get(0));
            assertEquals(expectedCount + 1, lines.size());
            double previousAmount = Double.MAX_VALUE;
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",");
                assertEquals(3, f.length, line);
                int id = Integer.parseInt(f[0]);
                assertEquals(amountCents(id), Math.round(Double.parseDouble(f[1]) * 100), line);
                assertEquals("charlie", f[2], line);
                assertTrue(amountCents(id) > 5000, line);
                assertTrue(Double.parseDouble(f[1]) <= previousAmount, "sorted by amount, descending: " + line);
                previousAmount = Double.parseDouble(f[1]);
            }
            for (int r = 0; r < shown.size(); r++) {
                String[] f = lines.get(r + 1).split(",");
                List<String> row = shown.get(r);
                assertEquals(row.get(0), f[0], "row " + r);
                assertEquals(Double.parseDouble(row.get(1)), Double.parseDouble(f[1]), "row " + r);
                assertEquals(row.get(2), f[2], "row " + r);
            }

            // Column statistics with a histogram drawn by uPlot (served from its WebJar).
            wait.until(d -> {
                page.header("amount").findElement(By.cssSelector("[data-action=stats]")).click();
                return true;
            });
            wait.until(d -> !d.findElements(By.cssSelector("#stats-hist canvas")).isEmpty());
            String stats = page.text(".stats-table");
            assertTrue(stats.contains("1,000,000"), stats);
            assertTrue(stats.contains("99.99"), stats);
            page.screenshot("06-stats");

            // Chart builder: rows per year of day, over the filtered rows.
            driver.findElement(By.id("chart-open")).click();
            new Select(driver.findElement(By.id("chart-group"))).selectByValue("day");
            new Select(driver.findElement(By.id("chart-bucket"))).selectByVisibleText("year");
            new Select(driver.findElement(By.id("chart-fn"))).selectByValue("count");
            driver.findElement(By.id("chart-draw")).click();
            wait.until(d -> !d.findElements(By.cssSelector("#chart canvas")).isEmpty()
                    && "4".equals(d.findElement(By.id("chart")).getAttribute("data-groups")));
            assertTrue(page.text("#chart-note").contains("over " + String.format("%,d", expectedCount) + " rows"),
                    page.text("#chart-note"));
            page.screenshot("07-chart");
            assertToolbarWhole("07-chart");

            // Dark theme: the body's computed background turns dark.
            assertEquals("light", page.js("return document.documentElement.dataset.theme"));
            String lightBackground = (String) page.js("return getComputedStyle(document.body).backgroundColor");
            assertTrue(luminance(lightBackground) > 0.8, lightBackground);
            driver.findElement(By.id("theme-toggle")).click();
            assertEquals("dark", page.js("return document.documentElement.dataset.theme"));
            String darkBackground = (String) page.js("return getComputedStyle(document.body).backgroundColor");
            assertTrue(luminance(darkBackground) < 0.2, darkBackground);
            page.js("document.getElementById('chart-note').textContent = ''");
            new Select(driver.findElement(By.id("chart-type"))).selectByValue("line");
            new Select(driver.findElement(By.id("chart-bucket"))).selectByVisibleText("quarter");
            driver.findElement(By.id("chart-draw")).click();
            wait.until(d -> page.text("#chart-note").contains("groups") || page.text("#chart-note").contains("unavailable"));
            assertTrue(page.text("#chart-note").startsWith("16 groups"), page.text("#chart-note"));
            page.screenshot("08-dark");
            assertToolbarWhole("08-dark");

            // Delete the small dataset from the list.
            WebElement item = datasetItem("people.csv");
            item.findElement(By.cssSelector("[data-action=delete]")).click();
            driver.switchTo().alert().accept();
            wait.until(d -> d.findElements(By.xpath("//li[.//span[@class='ds-name' and text()='people.csv']]")).isEmpty());
        } catch (AssertionError | RuntimeException e) {
            page.screenshot("failure");
            throw e;
        } finally {
            service.delete(bigId);
            service.deleteNamed("people.csv", "dropped.csv");
        }
    }

    @Test
    void wideDatasetVirtualisesColumns() throws Exception {
        StringBuilder csv = new StringBuilder();
        for (int c = 0; c < 300; c++) {
            csv.append(c == 0 ? "" : ",").append("c").append(c);
        }
        csv.append('\n');
        for (int r = 0; r < 100; r++) {
            for (int c = 0; c < 300; c++) {
                csv.append(c == 0 ? "" : ",").append(r * 1000 + c);
            }
            csv.append('\n');
        }
        HttpResponse<String> reply = service.send(HttpRequest.newBuilder(service.uri("api/datasets?name=wide-300"))
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv.toString())));
        assertEquals(201, reply.statusCode(), reply.body());
        try {
            driver.get(base.toString());
            openDataset("wide-300");
            wait.until(d -> "100".equals(page.rowCount()));
            waitFirstCell(0, "0");
            long cells = ((Number) page.js("return document.querySelectorAll('.grid-row[data-row=\"0\"] .cell').length")).longValue();
            assertTrue(cells > 3 && cells < 30, "cells rendered in a row: " + cells);
            WebElement grid = driver.findElement(By.id("grid"));
            grid.sendKeys(Keys.chord(Keys.CONTROL, Keys.END));
            grid.sendKeys(Keys.END);
            page.waitLoaded(99);
            wait.until(d -> "99299".equals(page.cell(99, 299)));
            wait.until(d -> "c299".equals(page.header("c299").findElement(By.className("head-name")).getText()));
            page.screenshot("09-wide");
        } catch (AssertionError | RuntimeException e) {
            page.screenshot("failure-wide");
            throw e;
        } finally {
            service.deleteNamed("wide-300");
        }
    }

    @Test
    void cancelledUploadLeavesNoDataset() throws Exception {
        String name = "cancel-40mb.csv";
        Path file = writeFortyMegabytes(name);
        try {
            driver.get(base.toString());
            wait.until(d -> d.findElement(By.id("dropzone")).isDisplayed());
            driver.findElement(By.id("file-input")).sendKeys(file.toAbsolutePath().toString());
            wait.until(d -> d.findElement(By.id("upload-cancel")).isDisplayed());
            // The bytes bar follows the upload: it moves above 0, with the size sent in words.
            new WebDriverWait(driver, ExplorerPage.WAIT, Duration.ofMillis(10)).until(d -> ((Number) page.js(
                    "return document.getElementById('bytes-bar').value")).doubleValue() > 0);
            String sentText = page.text("#bytes-text");
            assertTrue(sentText.matches("[\\d.]+ [KM]?B of 3\\d\\.\\d MB"), sentText);
            driver.findElement(By.id("upload-cancel")).click();

            // Aborted while sending (the service keeps it `failed`, see the README) or deleted by the page.
            wait.until(d -> "Upload cancelled.".equals(page.text("#problem")));
            assertTrue(driver.findElement(By.id("problem")).getAttribute("class").contains("info"));
            assertFalse(driver.findElement(By.id("upload-status")).isDisplayed());
            page.screenshot("10-upload-cancelled");
            new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> datasetsNamed(name).stream()
                    .allMatch(ds -> FAILED.matcher(ds).find()));
            for (String ds : datasetsNamed(name)) {
                // The abort's error: "The client stopped sending ..." or "The upload body was cut off ...".
                assertTrue(ds.contains("stopped") || ds.contains("cut off"), "a cancelled upload left a dataset: " + ds);
            }
        } catch (AssertionError | RuntimeException e) {
            page.screenshot("failure-cancel");
            throw e;
        } finally {
            service.deleteNamed(name);
        }
    }

    @Test
    void problemMessageNamesLineAndColumn() throws Exception {
        String name = "too-wide.csv";
        int fields = 10_001; // max.columns is 10,000 (conf/data-service.properties)
        StringBuilder csv = new StringBuilder();
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < fields; c++) {
                csv.append(c == 0 ? "" : ",").append(r == 0 ? "c" + c : String.valueOf(r * c));
            }
            csv.append('\n');
        }
        Path file = work.resolve(name);
        Files.writeString(file, csv.toString());
        try {
            driver.get(base.toString());
            wait.until(d -> d.findElement(By.id("dropzone")).isDisplayed());
            driver.findElement(By.id("file-input")).sendKeys(file.toAbsolutePath().toString());
            String shown = wait.until(d -> {
                String t = page.text("#problem");
                return t.startsWith("Upload failed:") || t.startsWith("Parsing failed:") ? t : null;
            });
            page.screenshot("11-too-many-columns");
            assertTrue(shown.contains("more than 10000 fields (the max.columns limit)"), shown);
            assertFalse(driver.findElement(By.id("problem")).getAttribute("class").contains("info"), shown);
            // wait=false: a 422 answered while the body was still read shows the problem's position; a
            // dataset that ends `failed` carries it in its error text.
            if (shown.startsWith("Upload failed:")) {
                assertTrue(shown.startsWith("Upload failed: Invalid CSV: "), shown);
                assertTrue(shown.contains("(line 1, column 10001)"), shown);
            } else {
                assertTrue(shown.contains("(line 1, column 10001, byte 0)"), shown);
                assertEquals(1, service.idsNamed(name).size(), "failed datasets named " + name);
                wait.until(d -> !d.findElements(By.xpath("//li[.//span[@class='ds-name' and text()='" + name
                        + "']]//span[@class='status-failed']")).isEmpty());
            }
        } catch (AssertionError | RuntimeException e) {
            page.screenshot("failure-too-wide");
            throw e;
        } finally {
            service.deleteNamed(name);
        }
    }

    /**
     * A file over {@code max.upload.bytes} (50 MB in the failsafe run): the page refuses it before sending,
     * with the service's 413 wording and the limit; and the service's own 413, when a browser does send such
     * a body, reaches the page as that problem rather than as a network error. Neither leaves a dataset.
     */
    @Test
    void oversizeUploadShowsThe413WithTheLimit(@TempDir Path dir) throws Exception {
        HttpResponse<String> limits = service.send(HttpRequest.newBuilder(service.uri("api/limits")).GET());
        assertEquals(200, limits.statusCode(), limits.body());
        Matcher m = Pattern.compile("\"maxUploadBytes\"\\s*:\\s*(\\d+)").matcher(limits.body());
        assertTrue(m.find(), limits.body());
        long limit = Long.parseLong(m.group(1));
        String configured = System.getProperty("data.max.upload.bytes");
        if (configured != null) {
            assertEquals(Long.parseLong(configured), limit, limits.body());
        }
        // The failsafe run sets 50 MB; a run with the shipped 20 GB (or the small-heap run's 1 GB) would
        // write that much.
        Assumptions.assumeTrue(limit <= 256L << 20, "max.upload.bytes is " + limit + ": too large to send in a test");
        String name = "over-the-limit.csv";
        Path file = dir.resolve(name);
        long size = writeCsvOfAtLeast(file, limit + 1);
        List<String> before = service.allIds();
        try {
            driver.get(base.toString());
            wait.until(d -> d.findElement(By.id("upload-limit")).isDisplayed());
            String limitText = formatMegabytes(limit);
            assertEquals("up to " + limitText, page.text("#upload-limit"));

            // Through the page: refused at once, with the 413 problem's title and detail naming the limit.
            driver.findElement(By.id("file-input")).sendKeys(file.toAbsolutePath().toString());
            String shown = wait.until(d -> {
                String t = page.text("#problem");
                return t.startsWith("Upload failed:") ? t : null;
            });
            page.screenshot("12-over-the-limit");
            assertEquals("Upload failed: The file is too large for this service: The upload is " + size
                    + " bytes; the limit is " + limit + " bytes (" + limitText + ")", shown);
            assertFalse(driver.findElement(By.id("problem")).getAttribute("class").contains("info"), shown);
            assertFalse(driver.findElement(By.id("upload-status")).isDisplayed());

            // The same body sent by the page's client without the check: the browser reads the service's 413
            // (answered from Content-Length, before the body is read), not a network error.
            driver.manage().timeouts().scriptTimeout(Duration.ofMinutes(3));
            Object answer = ((JavascriptExecutor) driver).executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    const size = arguments[0], name = arguments[1];
                    const row = 'x'.repeat(63) + '\\n';
                    const block = row.repeat(1024);
                    const parts = ['id\\n'];
                    let n = 3;
                    while (n < size) { parts.push(block); n += block.length; }
                    const blob = new Blob(parts, { type: 'text/csv' });
                    import('./js/api.js').then(({ createClient }) => createClient('')
                        .upload(blob, { name }).promise)
                      .then(summary => done({ status: 201, id: summary.id, size: blob.size }),
                            e => done({ status: e.status, message: e.message, size: blob.size,
                                        title: e.problem && e.problem.title, detail: e.problem && e.problem.detail }));
                    """, limit + 1, "over-the-limit-direct.csv");
            @SuppressWarnings("unchecked")
            java.util.Map<String, Object> reply = (java.util.Map<String, Object>) answer;
            long sent = ((Number) reply.get("size")).longValue();
            assertEquals(413L, ((Number) reply.get("status")).longValue(), reply.toString());
            assertEquals("Upload too large", reply.get("title"), reply.toString());
            assertEquals("The upload is " + sent + " bytes; the limit is " + limit + " bytes", reply.get("detail"),
                    reply.toString());

            assertEquals(List.of(), service.idsNamed(name));
            assertEquals(List.of(), service.idsNamed("over-the-limit-direct.csv"));
            assertEquals(before, service.allIds(), "datasets before and after");
        } catch (AssertionError | RuntimeException e) {
            page.screenshot("failure-over-the-limit");
            throw e;
        } finally {
            service.deleteNamed(name, "over-the-limit-direct.csv");
        }
    }

    /**
     * A gzip file under the limit that grows past it when decompressed: the page sends it, the service refuses
     * it mid-stream (413), and whatever the browser gets to see (the 413, or the connection closing while it
     * still sends), the page's message names the limit. No dataset is left.
     */
    @Test
    void gzipOverTheLimitNamesTheLimit(@TempDir Path dir) throws Exception {
        HttpResponse<String> limits = service.send(HttpRequest.newBuilder(service.uri("api/limits")).GET());
        Matcher m = Pattern.compile("\"maxUploadBytes\"\\s*:\\s*(\\d+)").matcher(limits.body());
        assertTrue(m.find(), limits.body());
        long limit = Long.parseLong(m.group(1));
        Assumptions.assumeTrue(limit <= 256L << 20, "max.upload.bytes is " + limit + ": too large to send in a test");
        String name = "grows-past-the-limit.csv.gz";
        Path file = dir.resolve(name);
        try (var out = new java.util.zip.GZIPOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
            out.write("id,amount,category,day\n".getBytes(StandardCharsets.US_ASCII));
            long written = 0;
            for (int i = 0; written <= limit + (limit >> 2); i++) {
                byte[] row = (i + "," + amount(i) + "," + CATEGORIES[i % 5] + "," + DAY0.plusDays(i % 1461) + "\n")
                        .getBytes(StandardCharsets.US_ASCII);
                out.write(row);
                written += row.length;
            }
        }
        assertTrue(Files.size(file) < limit, "the compressed file must pass the page's check: " + Files.size(file));
        List<String> before = service.allIds();
        try {
            driver.get(base.toString());
            wait.until(d -> d.findElement(By.id("upload-limit")).isDisplayed());
            driver.findElement(By.id("file-input")).sendKeys(file.toAbsolutePath().toString());
            String shown = wait.until(d -> {
                String t = page.text("#problem");
                return t.startsWith("Upload failed:") || t.startsWith("Parsing failed:") ? t : null;
            });
            page.screenshot("13-gzip-over-the-limit");
            assertTrue(shown.contains(limit + " bytes"), shown);
            assertFalse(driver.findElement(By.id("problem")).getAttribute("class").contains("info"), shown);
            new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> service.idsNamed(name).isEmpty());
            assertEquals(before, service.allIds(), "datasets before and after");
        } catch (AssertionError | RuntimeException e) {
            page.screenshot("failure-gzip-over-the-limit");
            throw e;
        } finally {
            service.deleteNamed(name);
        }
    }

    // ---------- data ----------

    private static long amountCents(int i) {
        return (long) i * 37 % 10_000;
    }

    private static String amount(int i) {
        long cents = amountCents(i);
        return cents / 100 + "." + (cents % 100 < 10 ? "0" : "") + cents % 100;
    }

    private static String amountShown(int i) {
        long cents = amountCents(i);
        return cents % 100 == 0 ? (cents / 100) + ".0" : cents % 10 == 0 ? cents / 100 + "." + (cents % 100) / 10 : amount(i);
    }

    private void assertBigRow(int row) {
        int id = Integer.parseInt(page.cell(row, 0));
        assertEquals(row, id, "id of row " + row);
        assertEquals(amountShown(id), page.cell(row, 1), "amount of row " + row);
        assertEquals(CATEGORIES[id % 5], page.cell(row, 2), "category of row " + row);
        assertEquals(DAY0.plusDays(id % 1461).toString(), page.cell(row, 3), "day of row " + row);
    }

    private String uploadBigOverHttp() throws IOException {
        Path file = work.resolve("big-1m.csv");
        if (!Files.exists(file)) {
            Files.createDirectories(work);
            Path tmp = work.resolve("big-1m.csv.tmp");
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write("id,amount,category,day\n");
                for (int i = 0; i < BIG_ROWS; i++) {
                    w.write(i + "," + amount(i) + "," + CATEGORIES[i % 5] + "," + DAY0.plusDays(i % 1461) + "\n");
                }
            }
            Files.move(tmp, file);
        }
        HttpResponse<String> reply = service.send(HttpRequest.newBuilder(service.uri("api/datasets?name=big-1m"))
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofFile(file)));
        assertEquals(201, reply.statusCode(), reply.body());
        Matcher id = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(reply.body());
        assertTrue(id.find(), reply.body());
        assertTrue(reply.body().contains("\"ready\""), reply.body());
        return id.group(1);
    }

    private Path writeSmallCsv() throws IOException {
        StringBuilder b = new StringBuilder("id,name,score,joined\n");
        for (int i = 1; i <= 500; i++) {
            b.append(i).append(",name-").append(i - 1).append(',').append(i % 97).append('.').append(i % 10)
                    .append(',').append(DAY0.plusDays(i * 3L)).append('\n');
        }
        Path file = work.resolve("people.csv");
        Files.writeString(file, b.toString());
        return file;
    }

    /** A generated CSV of about 40 MB (kept between runs, like big-1m.csv). */
    private Path writeFortyMegabytes(String name) throws IOException {
        Path file = work.resolve(name);
        if (!Files.exists(file)) {
            Path tmp = work.resolve(name + ".tmp");
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write("id,amount,category,day,note\n");
                for (int i = 0; i < 650_000; i++) {
                    w.write(i + "," + amount(i) + "," + CATEGORIES[i % 5] + "," + DAY0.plusDays(i % 1461)
                            + ",some padding text for row " + i + "\n");
                }
            }
            Files.move(tmp, file);
        }
        return file;
    }

    /** The summaries (JSON) of the listed datasets with this name. */
    private List<String> datasetsNamed(String name) {
        List<String> found = new java.util.ArrayList<>();
        for (String id : service.idsNamed(name)) {
            HttpResponse<String> one = service.send(HttpRequest.newBuilder(service.uri("api/datasets/" + id)).GET());
            if (one.statusCode() == 200) {
                found.add(one.body());
            }
        }
        return found;
    }

    /** {@code 52428800} → {@code 50 MB}, as the page words sizes of whole megabytes. */
    private static String formatMegabytes(long bytes) {
        assertEquals(0, bytes % (1024 * 1024), "a limit of whole megabytes: " + bytes);
        return bytes / (1024 * 1024) + " MB";
    }

    /** Streams a CSV of at least {@code bytes} bytes to {@code file} (rows of 64 bytes); returns its size. */
    private static long writeCsvOfAtLeast(Path file, long bytes) throws IOException {
        byte[] row = ("x".repeat(63) + "\n").getBytes(StandardCharsets.US_ASCII);
        try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write("id\n".getBytes(StandardCharsets.US_ASCII));
            for (long n = 3; n < bytes; n += row.length) {
                out.write(row);
            }
        }
        return Files.size(file);
    }

    // ---------- page ----------

    private int activeCol() {
        return ((Number) page.js("return Number(document.querySelector('.cell.active').dataset.col)")).intValue();
    }

    /** The names of the grid's header cells, left to right. */
    @SuppressWarnings("unchecked")
    private List<String> headerNames() {
        return (List<String>) page.js("return [...document.querySelectorAll('#grid .head-cell')]"
                + ".sort((a, b) => a.dataset.col - b.dataset.col).map(h => h.querySelector('.head-name').textContent)");
    }

    /**
     * With the chart panel open, at laptop sizes, the toolbar shows the row count, the sort chip, both filter
     * chips and every control whole (it wraps rather than cuts); a screenshot at each size.
     */
    private void assertToolbarWhole(String shot) throws IOException {
        assertTrue(driver.findElement(By.id("panel")).isDisplayed(), "the chart panel is open");
        assertEquals(3L, page.js("return document.querySelectorAll('#chips .chip').length"), "sort and filter chips");
        for (int[] size : new int[][] {{1366, 768}, {1280, 720}}) {
            page.viewport(size[0], size[1]);
            assertEquals(List.of(), page.toolbarCut(), "toolbar at " + size[0] + "x" + size[1]);
            page.screenshot(shot + "-" + size[0] + "x" + size[1]);
        }
        page.viewport(1440, 900);
    }

    /** Relative luminance (0 black … 1 white) of a CSS {@code rgb(r, g, b)} colour. */
    private static double luminance(String rgb) {
        Matcher m = Pattern.compile("rgba?\\((\\d+),\\s*(\\d+),\\s*(\\d+)").matcher(rgb);
        assertTrue(m.find(), rgb);
        return (0.2126 * Integer.parseInt(m.group(1)) + 0.7152 * Integer.parseInt(m.group(2))
                + 0.0722 * Integer.parseInt(m.group(3))) / 255;
    }

    /** The number of histogram buckets {@code /stats} gives the column. */
    private int histogramBuckets(String id, String column) {
        HttpResponse<String> stats = service.send(HttpRequest.newBuilder(service.uri("api/datasets/" + id + "/stats")).GET());
        assertEquals(200, stats.statusCode(), stats.body());
        try (var reader = jakarta.json.Json.createReader(new java.io.StringReader(stats.body()))) {
            return reader.readObject().getJsonArray("columns").stream().map(jakarta.json.JsonValue::asJsonObject)
                    .filter(c -> c.getString("name").equals(column)).findFirst().orElseThrow()
                    .getJsonArray("histogram").size();
        }
    }

    private int activeRow() {
        return ((Number) page.js("return Number(document.querySelector('.cell.active').parentElement.dataset.row)")).intValue();
    }

    private void waitFirstCell(int col, String value) {
        wait.until(d -> value.equals(page.cell(0, col)));
    }

    /** Clicks a column header (shift-click if {@code shift}); retried if the header was re-rendered meanwhile. */
    private void clickHeader(String name, boolean shift) {
        wait.until(d -> {
            WebElement h = page.header(name);
            if (shift) {
                new Actions(d).keyDown(Keys.SHIFT).click(h).keyUp(Keys.SHIFT).perform();
            } else {
                h.click();
            }
            return true;
        });
    }

    private WebElement datasetItem(String name) {
        return driver.findElement(By.xpath("//li[.//span[@class='ds-name' and text()='" + name + "']]"));
    }

    private void openDataset(String name) {
        wait.until(d -> datasetItem(name)).findElement(By.cssSelector("[data-action=open]")).click();
        wait.until(d -> name.equals(d.findElement(By.id("dataset-title")).getText()));
    }

    private void filter(String column, String op, String value) {
        wait.until(d -> {
            page.header(column).findElement(By.cssSelector("[data-action=filter]")).click();
            return true;
        });
        WebElement popover = wait.until(d -> {
            WebElement p = d.findElement(By.id("popover"));
            return p.isDisplayed() ? p : null;
        });
        new Select(popover.findElement(By.name("op"))).selectByValue(op);
        WebElement input = popover.findElement(By.name("value"));
        input.clear();
        input.sendKeys(value);
        popover.findElement(By.cssSelector("[data-act=apply]")).click();
        assertFalse(driver.findElement(By.id("popover")).isDisplayed());
    }
}
