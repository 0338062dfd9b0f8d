package org.dataexplorer.webapp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Runs an ES module script with Debian's Node ({@code /usr/bin/node}, package nodejs; {@code -Dnode.binary=}
 * elsewhere), passing the file URL of {@code webapp/js/api.js} as its argument. Without Node the calling test
 * is skipped with the reason printed, unless {@code CI=true}, where that is a failure.
 */
final class NodeScript {

    private NodeScript() {
    }

    /** @return the exit status and the output (stdout and stderr) of {@code script}, run from {@code dir} */
    static Result runWithApiJs(String testName, Path dir, String script) throws IOException, InterruptedException {
        String node = System.getProperty("node.binary", "/usr/bin/node");
        if (!Files.isExecutable(Path.of(node))) {
            String reason = "the api.js test needs " + node + " (Debian package nodejs)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(reason + ", and CI=true");
            }
            System.out.println("SKIPPED " + testName + ": " + reason);
            Assumptions.abort(reason);
        }
        Path file = dir.resolve(testName + ".mjs");
        Files.writeString(file, script);
        Path apiJs = Path.of("webapp", "js", "api.js").toAbsolutePath();
        Process p = new ProcessBuilder(node, file.toString(), apiJs.toUri().toString()).redirectErrorStream(true).start();
        String output;
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("node did not finish");
            }
        } finally {
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        return new Result(p.exitValue(), output);
    }

    record Result(int exit, String output) {
    }
}
