package org.dataexplorer.query.gw;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Runs a script in Node ({@code /usr/bin/node}, Debian package nodejs; {@code -Dnode.binary=} elsewhere), the
 * reference for JavaScript's semantics. Without it the test is skipped with the reason printed, unless
 * {@code CI=true}, where that is a failure.
 */
final class NodeScript {

    private NodeScript() {
    }

    static String binary(String test) {
        String node = System.getProperty("node.binary", "/usr/bin/node");
        if (!Files.isExecutable(Path.of(node))) {
            String reason = test + " needs " + node + " (Debian package nodejs)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(reason + ", and CI=true");
            }
            System.out.println("SKIPPED " + test + ": " + reason);
            Assumptions.abort(reason);
        }
        return node;
    }

    /** Runs {@code script} with {@code args} and answers the lines it wrote to the file named by its last argument. */
    static List<String> run(String test, Path dir, String script, String... args) throws Exception {
        String node = binary(test);
        Path file = Files.writeString(dir.resolve("script.js"), script);
        Path answers = dir.resolve("answers.txt");
        List<String> command = new ArrayList<>(List.of(node, file.toString()));
        command.addAll(List.of(args));
        command.add(answers.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("node did not finish");
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), output);
        return Files.readAllLines(answers, StandardCharsets.UTF_8);
    }
}
