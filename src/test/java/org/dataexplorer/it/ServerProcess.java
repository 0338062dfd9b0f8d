package org.dataexplorer.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The built WAR in a Jetty of its own process ({@code org.dataexplorer.bench.BenchServer}), for tests
 * that kill the server, restart it, or give it settings the shared embedded deployment must not have.
 */
final class ServerProcess implements AutoCloseable {

    private static final Duration START = Duration.ofSeconds(90);

    private final Process process;
    private final int port;
    private final Http http;

    private ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
        try {
            this.http = new Http(new URL("http://127.0.0.1:" + port + "/data/"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a server on {@code storage} with the {@code data.*} settings given (names without the
     * {@code data.} prefix), listening on 127.0.0.1, logging to {@code log}, and waits until {@code /api/health}
     * answers.
     */
    static ServerProcess start(Path storage, Path cache, Path log, String heap, Map<String, String> settings) {
        ServerProcess server = launch(storage, cache, log, heap, settings, "127.0.0.1");
        try {
            Poll.until(START, "the server answers /data/api/health (log: " + log + ")", server::healthy, ok -> ok);
        } catch (RuntimeException | AssertionError e) {
            server.kill();
            throw e;
        }
        return server;
    }

    /** Like {@link #start}, listening on {@code host} ({@code 0.0.0.0}: every interface), without waiting. */
    static ServerProcess launch(Path storage, Path cache, Path log, String heap, Map<String, String> settings,
                                String host) {
        try {
            Files.createDirectories(storage);
            int port = freePort();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap,
                    "--add-opens=java.base/java.nio=ALL-UNNAMED",
                    "-Ddata.storage.dir=" + storage, "-Ddata.cache.dir=" + cache,
                    "-Djava.io.tmpdir=" + log.getParent()));
            if (!settings.containsKey("auth.mode")) {
                // conf/ ships auth.mode=token; these servers run in development mode, on the loopback.
                command.add("-Ddata.auth.mode=none");
            }
            settings.forEach((k, v) -> command.add("-Ddata." + k + "=" + v));
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.dataexplorer.bench.BenchServer",
                    new File(System.getProperty("data.war", "target/data.war")).getAbsolutePath(), String.valueOf(port),
                    host));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return new ServerProcess(process, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Http http() {
        return http;
    }

    URI base() {
        return http.base();
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    boolean healthy() {
        if (!process.isAlive()) {
            throw new IllegalStateException("the server process exited with " + process.exitValue());
        }
        try {
            return http.get("api/health").status() == 200;
        } catch (RuntimeException | AssertionError notYet) {
            return false;
        }
    }

    /** SIGKILL, and waits for the process to be gone. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
