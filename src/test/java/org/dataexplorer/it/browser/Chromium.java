package org.dataexplorer.it.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.dataexplorer.testing.Prerequisite;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.FluentWait;

/**
 * Debian's headless Chromium for the explorer's browser tests ({@code /usr/bin/chromium} and
 * {@code /usr/bin/chromedriver}, or {@code -Dchromium.binary=} / {@code -Dchromedriver.binary=}); nothing is
 * downloaded. Missing, the test is skipped with the reason printed, unless {@code CI=true}, where that is a
 * failure. Downloads go to a folder of the session's own, without asking.
 */
final class Chromium {

    /** Where the browser tests save their screenshots. */
    static final Path SCREENSHOTS = Path.of("target", "browser-screenshots");

    private static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));

    private Chromium() {
    }

    /** Skips (or, with {@code CI=true}, fails) the calling test when the browser is missing. */
    static void requireInstalled(String testName) {
        String missing = missing();
        if (missing != null) {
            skip(testName, "browser tests need " + missing);
        }
    }

    /** What of the browser is not installed ({@code /usr/bin/chromium (Debian package chromium)}), or null. */
    static String missing() {
        return !Files.isExecutable(CHROMIUM) ? CHROMIUM + " (Debian package chromium)"
                : !Files.isExecutable(CHROMEDRIVER) ? CHROMEDRIVER + " (Debian package chromium-driver)" : null;
    }

    /** Skips the calling test with the reason printed, or with {@code CI=true} fails it. */
    static void skip(String testName, String reason) {
        Prerequisite.missing(testName, reason);
    }

    /**
     * A headless browser with a fresh profile under {@code work}, saving downloads in {@code downloads};
     * {@code arguments} are added to its command line.
     */
    static WebDriver start(Path work, Path downloads, String... arguments) throws IOException {
        Files.createDirectories(work);
        Files.createDirectories(downloads);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1440,900", "--user-data-dir=" + Files.createTempDirectory(work, "chromium-profile-"));
        options.addArguments(arguments);
        options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", downloads.toAbsolutePath().toString(),
                "download.prompt_for_download", false,
                "download.directory_upgrade", true,
                "safebrowsing.enabled", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    /** Waits until {@code name} is complete in {@code downloads} (no {@code .crdownload} of it left). */
    static Path downloaded(Path downloads, String name, Duration timeout) {
        return new FluentWait<>(downloads).withTimeout(timeout).pollingEvery(Duration.ofMillis(100))
                .withMessage(() -> "no download " + name + " in " + downloads + ": " + list(downloads))
                .until(dir -> {
                    Path file = dir.resolve(name);
                    boolean partial = list(dir).contains(".crdownload");
                    return Files.isRegularFile(file) && !partial ? file : null;
                });
    }

    private static String list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList().toString();
        } catch (IOException e) {
            return Optional.ofNullable(e.getMessage()).orElse(e.toString());
        }
    }
}
