package org.dataexplorer.it.browser;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The explorer page ({@code webapp/index.html}) in the browser, for {@link ExplorerBrowserIT} and
 * {@link ExplorerTokenModeIT}: reading the grid's cells and the toolbar, finding headers, waiting for rows,
 * screenshots (in {@link Chromium#SCREENSHOTS}). Cells are read in one script each, as the grid may re-render between two WebDriver calls.
 */
final class ExplorerPage implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(60);

    /**
     * What of the toolbar does not show whole: a control outside the toolbar, a chip outside the chips, a
     * text cut short, or the toolbar over the grid; empty when it all shows.
     */
    private static final String TOOLBAR_CUT = """
            const bar = document.querySelector('.toolbar');
            const box = bar.getBoundingClientRect();
            const chips = document.getElementById('chips').getBoundingClientRect();
            const inside = (r, o) => r.left >= o.left - 0.5 && r.right <= o.right + 0.5
                && r.top >= o.top - 0.5 && r.bottom <= o.bottom + 0.5;
            const cut = [];
            const shown = e => e.getClientRects().length > 0;
            const name = e => (e.id || e.textContent).trim();
            for (const e of [...bar.querySelectorAll('#row-count, .chip, button, select, a')].filter(shown)) {
              const r = e.getBoundingClientRect();
              if (!inside(r, box) || (e.classList.contains('chip') && !inside(r, chips))) cut.push('outside: ' + name(e));
            }
            for (const e of [...bar.querySelectorAll('#row-count, .chip-text, button, a')].filter(shown)) {
              if (e.scrollWidth > e.clientWidth + 1) cut.push('text cut: ' + name(e));
            }
            const grid = document.getElementById('grid').getBoundingClientRect();
            if (box.bottom > grid.top + 0.5) cut.push('over the grid');
            return cut;
            """;

    private final WebDriver driver;
    private final WebDriverWait wait;
    private final Path downloads;

    private ExplorerPage(WebDriver driver, Path downloads) {
        this.driver = driver;
        this.downloads = downloads;
        wait = new WebDriverWait(driver, WAIT);
        // The grid re-renders its rows on every frame that changes them: a found element may be replaced.
        wait.ignoring(StaleElementReferenceException.class);
    }

    /**
     * Starts a browser (skipping or failing {@code testName} without one, see {@link Chromium}) with its profile
     * and a downloads folder of its own under {@code work}.
     */
    static ExplorerPage start(String testName, Path work) throws IOException {
        Chromium.requireInstalled(testName);
        Files.createDirectories(Chromium.SCREENSHOTS);
        Path downloads = Files.createTempDirectory(Files.createDirectories(work), "downloads-");
        return new ExplorerPage(Chromium.start(work, downloads), downloads);
    }

    WebDriver driver() {
        return driver;
    }

    /** Where the browser saves downloads, without asking. */
    Path downloads() {
        return downloads;
    }

    WebDriverWait waiting() {
        return wait;
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    /** The row count the toolbar shows (the filtered one when filtered), as the page states it in {@code data-count}. */
    String rowCount() {
        return driver.findElement(By.id("row-count")).getAttribute("data-count");
    }

    /** The text of a rendered, loaded cell; null when the cell is not in the DOM or still loading. */
    String cell(int row, int col) {
        Object text = js("const c = document.querySelector(\".grid-row[data-row='" + row + "'] .cell[data-col='" + col
                + "']\"); return c && !c.classList.contains('loading') ? c.textContent : null;");
        return text == null ? null : text.toString();
    }

    /** Waits until {@code row} is rendered with every cell loaded. */
    void waitLoaded(int row) {
        wait.until(d -> Boolean.TRUE.equals(js("const r = document.querySelector(\".grid-row[data-row='" + row
                + "']\"); return !!r && r.querySelector('.cell') !== null && r.querySelector('.cell.loading') === null;")));
    }

    /** The header cell of the column {@code name}. */
    WebElement header(String name) {
        return driver.findElement(By.xpath("//div[contains(@class,'head-cell')][.//span[@class='head-name' and text()='"
                + name + "']]"));
    }

    /** Sizes the window so that the page's viewport is {@code width} × {@code height} CSS pixels. */
    void viewport(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
        @SuppressWarnings("unchecked")
        List<Number> inner = (List<Number>) js("return [window.innerWidth, window.innerHeight]");
        driver.manage().window().setSize(new Dimension(2 * width - inner.get(0).intValue(),
                2 * height - inner.get(1).intValue()));
        wait.until(d -> List.of(width, height).equals(((List<?>) js("return [window.innerWidth, window.innerHeight]"))
                .stream().map(n -> ((Number) n).intValue()).toList()));
    }

    /** What of the toolbar does not show whole, once layout settled (see {@link #TOOLBAR_CUT}); empty when all does. */
    @SuppressWarnings("unchecked")
    List<String> toolbarCut() {
        ((JavascriptExecutor) driver).executeAsyncScript(
                "requestAnimationFrame(() => requestAnimationFrame(arguments[arguments.length - 1]))");
        return (List<String>) js(TOOLBAR_CUT);
    }

    void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), Chromium.SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
