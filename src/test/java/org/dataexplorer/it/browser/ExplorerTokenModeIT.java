package org.dataexplorer.it.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.dataexplorer.it.ItDeployment;
import org.dataexplorer.security.TestTokens;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.container.annotation.ArquillianTest;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The explorer page against the WAR in token mode (the failsafe execution {@code security-tests}, which sets
 * {@code ui.token.url}), behind one origin as in production: {@link ExplorerFrontServer} passes {@code /data/}
 * to the service and plays Django's login and token view. The page reads {@code api/ui-config}, gets its JWTs
 * from the token URL with the session cookie, and uploads, pages and exports with them; the first token is
 * forged, so the page must replace it after the service's 401. Skipped without Chromium unless {@code CI=true}.
 */
@ArquillianTest
@EnabledIfSystemProperty(named = "data.auth.mode", matches = "token",
        disabledReason = "runs in the failsafe execution 'security-tests' (token mode), not in the development-mode ones")
class ExplorerTokenModeIT {

    private static final String TOKEN_PATH = System.getProperty("data.ui.token.url", "/dataexplorer/token/");
    private static final String HMAC = System.getProperty("data.jwt.secret", TestTokens.HMAC_SECRET);
    private static final String SECRET = System.getProperty("data.service.secret", "it-service-secret-0123456789");
    private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
    private static final String USER = "page-user-" + RUN;
    private static final String NAME = "token-page.csv";
    private static final int ROWS = 1000;

    static {
        // The deployment reads data.jwt.public.key (a PEM file) after this class is loaded; TokenModeSecurityIT
        // writes it too when it runs first.
        String file = System.getProperty("data.jwt.public.key");
        if (file != null && !Files.exists(Path.of(file))) {
            try {
                Files.createDirectories(Path.of(file).getParent());
                Files.writeString(Path.of(file), TestTokens.pem(TestTokens.rsaKeys()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

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
        // The service secret acts as admin: it lists and deletes the page user's datasets.
        service = new ServiceCalls(base, "Bearer " + SECRET);
        page = ExplorerPage.start("ExplorerTokenModeIT", work);
        driver = page.driver();
        wait = page.waiting();
    }

    @AfterEach
    void stopBrowser() {
        if (page != null) {
            page.close();
        }
    }

    /** The n-th token of the session: the first is signed with another key (the service answers 401). */
    private static String mint(int n) {
        String key = n == 1 ? "not-the-service-key-0123456789abcdef-forged" : HMAC;
        return TestTokens.hs256(key, TestTokens.claims(USER, Instant.now().plusSeconds(ExplorerFrontServer.TOKEN_LIFETIME_SECONDS),
                "read write"));
    }

    @Test
    void pageGetsTokensThenUploadsPagesAndExports() throws Exception {
        HttpResponse<String> config = service.send(HttpRequest.newBuilder(service.uri("api/ui-config")).GET());
        assertEquals(200, config.statusCode(), config.body());
        assertEquals("{\"authMode\":\"token\",\"tokenUrl\":\"" + TOKEN_PATH + "\"}", config.body().replace(" ", ""));
        assertEquals(401, service.send(HttpRequest.newBuilder(service.uri("api/datasets")).GET()).statusCode());

        Path csv = Files.createTempDirectory(Files.createDirectories(work), "token-").resolve(NAME);
        StringBuilder b = new StringBuilder("id,name,score\n");
        for (int i = 0; i < ROWS; i++) {
            b.append(i).append(",name-").append(i).append(',').append(i % 7).append('\n');
        }
        Files.writeString(csv, b.toString());

        try (ExplorerFrontServer front = new ExplorerFrontServer(base.toURI(), TOKEN_PATH, ExplorerTokenModeIT::mint)) {
            driver.get(front.uri("/login").toString());
            wait.until(d -> d.findElement(By.id("upload-limit")).isDisplayed()); // api/limits answered: a token works
            assertTrue(driver.getCurrentUrl().endsWith("/data/"), driver.getCurrentUrl());

            // Upload through the page, then the page opens the dataset.
            driver.findElement(By.id("file-input")).sendKeys(csv.toAbsolutePath().toString());
            wait.until(d -> String.valueOf(ROWS).equals(page.rowCount()) && NAME.equals(page.text("#dataset-title")));
            wait.until(d -> "name-0".equals(page.cell(0, 1)));

            // Paging: the last row, then back.
            WebElement grid = driver.findElement(By.id("grid"));
            grid.sendKeys(Keys.chord(Keys.CONTROL, Keys.END));
            wait.until(d -> String.valueOf(ROWS - 1).equals(page.cell(ROWS - 1, 0))
                    && ("name-" + (ROWS - 1)).equals(page.cell(ROWS - 1, 1)));
            grid.sendKeys(Keys.chord(Keys.CONTROL, Keys.HOME));
            page.waitLoaded(0);

            // A view: score hidden, id descending; exported through the page with its token.
            new Actions(driver).contextClick(page.header("score")).perform();
            wait.until(d -> d.findElement(By.cssSelector("#popover.menu"))).findElement(By.cssSelector("[data-act=hide]")).click();
            wait.until(d -> driver.findElements(By.cssSelector("#grid .head-cell")).size() == 2);
            new Actions(driver).contextClick(page.header("id")).perform();
            wait.until(d -> d.findElement(By.cssSelector("#popover.menu"))).findElement(By.cssSelector("[data-act=desc]")).click();
            wait.until(d -> String.valueOf(ROWS - 1).equals(page.cell(0, 0)));
            String href = driver.findElement(By.id("export-link")).getAttribute("href");
            assertTrue(href.contains("sort=-id") && href.contains("columns=id%2Cname"), href);
            page.screenshot("20-token-mode");
            driver.findElement(By.id("export-link")).click();
            List<String> lines = Files.readAllLines(Chromium.downloaded(page.downloads(), NAME, ExplorerPage.WAIT));
            assertEquals(ROWS + 1, lines.size());
            assertEquals("id,name", lines.get(0));
            for (int r = 0; r < ROWS; r++) {
                int id = ROWS - 1 - r;
                assertEquals(id + ",name-" + id, lines.get(r + 1));
            }
            assertFalse(driver.findElement(By.id("problem")).isDisplayed()
                    && !driver.findElement(By.id("problem")).getAttribute("class").contains("info"), page.text("#problem"));

            // Two tokens: the forged one, replaced after its 401; then the second one for every call.
            List<String> tokens = front.minted();
            assertEquals(2, tokens.size(), "tokens fetched");
            List<ExplorerFrontServer.Passed> api = new ArrayList<>();
            for (ExplorerFrontServer.Passed p : front.passed()) {
                if (p.pathAndQuery().startsWith("/data/api/")) {
                    api.add(p);
                }
            }
            for (ExplorerFrontServer.Passed p : api) {
                assertFalse(p.pathAndQuery().contains("access_token"), p.toString());
                if (p.pathAndQuery().startsWith("/data/api/ui-config")) {
                    assertEquals(null, p.authorization(), p.toString());
                } else if (("Bearer " + tokens.get(0)).equals(p.authorization())) {
                    assertEquals(401, p.status(), p.toString());
                } else {
                    assertEquals("Bearer " + tokens.get(1), p.authorization(), p.toString());
                    assertTrue(p.status() < 400, p.toString());
                }
            }
            assertTrue(api.stream().anyMatch(p -> p.status() == 401), "the forged token was sent and refused");
            assertTrue(api.stream().anyMatch(p -> p.method().equals("POST") && p.pathAndQuery().startsWith("/data/api/datasets?")
                    && p.status() == 201), "the upload");
            assertTrue(api.stream().anyMatch(p -> p.pathAndQuery().contains("/export?") && p.status() == 200), "the export");
        } catch (AssertionError | RuntimeException e) {
            page.screenshot("failure-token-mode");
            throw e;
        } finally {
            service.deleteNamed(NAME);
        }
    }
}
