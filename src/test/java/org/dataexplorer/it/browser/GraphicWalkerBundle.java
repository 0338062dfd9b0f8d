package org.dataexplorer.it.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the test page's JavaScript bundle (Graphic Walker from npm + the example component of
 * {@code etc/graphic-walker/}) with the project's test folder {@code src/test/graphic-walker/}: its
 * {@code package.json}, {@code package-lock.json} and {@code build.mjs} are copied to
 * {@code target/graphic-walker/}, {@code npm ci} installs there (only when the lock file changed since the
 * last install, so later runs reuse {@code target/graphic-walker/node_modules}), and esbuild writes
 * {@code target/graphic-walker/dist/app.js}. Nothing of it goes into the WAR the build packages.
 */
final class GraphicWalkerBundle {

    /** Node, npm or the npm registry is not there: the test cannot run on this machine. */
    static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    static final Path SOURCES = Path.of("src", "test", "graphic-walker");
    static final Path ENTRY = SOURCES.resolve("page.jsx");
    static final Path PAGE = SOURCES.resolve("index.html");
    static final Path WORK = Path.of("target", "graphic-walker");
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(3);
    private static final int MIN_NODE_MAJOR = 18;
    private static final String PACKAGES = "install the Debian packages nodejs and npm";
    private static final Pattern NODE_VERSION = Pattern.compile("v(\\d+)\\.");
    private static final List<String> COPIED = List.of("package.json", "package-lock.json", "build.mjs");

    private GraphicWalkerBundle() {
    }

    /** Builds the bundle and returns the folder holding {@code app.js}. */
    static Path build() throws Unavailable, IOException, InterruptedException {
        String node = System.getProperty("node.binary", "node");
        String npm = System.getProperty("npm.binary", "npm");
        long start = System.nanoTime();
        checkNode(node);
        Files.createDirectories(WORK);
        for (String name : COPIED) {
            Files.copy(SOURCES.resolve(name), WORK.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
        Path stamp = WORK.resolve("node_modules").resolve(".data-explorer-installed");
        String lock = digest(SOURCES.resolve("package.json"), SOURCES.resolve("package-lock.json"));
        if (!Files.isRegularFile(stamp) || !lock.equals(Files.readString(stamp).trim())) {
            Files.deleteIfExists(stamp);
            Path log = WORK.resolve("npm-ci.log");
            int exit;
            try {
                exit = run(List.of(npm, "ci", "--no-audit", "--no-fund", "--loglevel=warn"), log, INSTALL_TIMEOUT);
            } catch (IOException e) {
                throw new Unavailable("npm is not runnable (" + e.getMessage() + "): " + PACKAGES);
            }
            if (exit != 0) {
                throw new Unavailable("npm ci failed with exit code " + exit + " (offline? the npm registry must be reachable"
                        + " for the first run), see " + log.toAbsolutePath() + ":\n" + tail(log));
            }
            Files.writeString(stamp, lock + "\n");
            System.out.printf("GraphicWalkerBundle: npm ci in %s took %.1f s%n", WORK, (System.nanoTime() - start) / 1e9);
        }
        Path dist = WORK.resolve("dist");
        Path log = WORK.resolve("build.log");
        int exit = run(List.of(node, WORK.resolve("build.mjs").toAbsolutePath().toString(),
                ENTRY.toAbsolutePath().toString(), dist.toAbsolutePath().toString()), log, BUILD_TIMEOUT);
        if (exit != 0 || !Files.isRegularFile(dist.resolve("app.js"))) {
            // Not a missing tool: the page or the example component does not build.
            throw new IllegalStateException("the Graphic Walker test bundle does not build (exit " + exit + "):\n" + tail(log));
        }
        System.out.printf("GraphicWalkerBundle: %s ready after %.1f s%n", dist.resolve("app.js"),
                (System.nanoTime() - start) / 1e9);
        return dist;
    }

    private static void checkNode(String node) throws Unavailable, InterruptedException {
        Path log;
        try {
            Files.createDirectories(WORK);
            log = WORK.resolve("node-version.log");
            if (run(List.of(node, "--version"), log, Duration.ofSeconds(30)) != 0) {
                throw new Unavailable("`" + node + " --version` failed: " + tail(log));
            }
            Matcher version = NODE_VERSION.matcher(Files.readString(log));
            if (!version.find() || Integer.parseInt(version.group(1)) < MIN_NODE_MAJOR) {
                throw new Unavailable("Node.js " + MIN_NODE_MAJOR + " or later is needed, found " + Files.readString(log).trim());
            }
        } catch (IOException e) {
            throw new Unavailable("Node.js is not runnable (" + e.getMessage() + "): " + PACKAGES);
        }
    }

    /** Runs a command in {@link #WORK} with its output in {@code log}; the exit code, or -1 after the timeout. */
    private static int run(List<String> command, Path log, Duration timeout) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command))
                .directory(WORK.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // esbuild is a devDependency: an inherited NODE_ENV=production would make npm ci skip it.
        builder.environment().remove("NODE_ENV");
        builder.environment().put("npm_config_update_notifier", "false");
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            Files.writeString(log, "\n[timed out after " + timeout + "]\n", java.nio.file.StandardOpenOption.APPEND);
            return -1;
        }
        return process.exitValue();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static String digest(Path... files) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path file : files) {
                sha.update(Files.readAllBytes(file));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
