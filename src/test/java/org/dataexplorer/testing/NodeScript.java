package org.dataexplorer.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a script in Debian's Node ({@code /usr/bin/node}, package nodejs; {@code -Dnode.binary=} elsewhere): the
 * explorer's {@code api.js} under test, or JavaScript itself as the reference for its semantics. Without Node the
 * calling test is skipped or failed as {@link Prerequisite} says.
 */
public final class NodeScript {

    private static final long TIMEOUT_SECONDS = 120;

    private NodeScript() {
    }

    /** Writes {@code script} to {@code dir/fileName} and runs it with {@code args}; its output is stdout and stderr. */
    public static Result run(String test, Path dir, String fileName, String script, String... args)
            throws IOException, InterruptedException {
        String node = System.getProperty("node.binary", "/usr/bin/node");
        Prerequisite.require(Files.isExecutable(Path.of(node)), test, test + " needs " + node + " (Debian package nodejs)");
        Path file = Files.writeString(dir.resolve(fileName), script);
        Path output = dir.resolve(fileName + ".out");
        List<String> command = new ArrayList<>(List.of(node, file.toString()));
        command.addAll(List.of(args));
        // The output goes to a file: read from a pipe only at the end, a chatty script would block on a full pipe.
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("node did not finish in " + TIMEOUT_SECONDS + " s: " + Files.readString(output));
        }
        return new Result(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    /**
     * Runs {@code script} with {@code args} and the name of an answers file as its last argument, requires it to
     * succeed, and returns the lines it wrote there.
     */
    public static List<String> answers(String test, Path dir, String script, String... args)
            throws IOException, InterruptedException {
        Path answers = dir.resolve("answers.txt");
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = answers.toString();
        Result result = run(test, dir, "script.js", script, all);
        assertEquals(0, result.exit(), result.output());
        return Files.readAllLines(answers, StandardCharsets.UTF_8);
    }

    public record Result(int exit, String output) {
    }
}
