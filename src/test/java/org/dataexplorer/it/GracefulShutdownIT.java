package org.dataexplorer.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM ({@link Process#destroy()}) reaches a server process (the built WAR in a Jetty of its own,
 * {@code org.dataexplorer.deploy.LoopbackJetty}, which stops its web application in a shutdown hook) while a
 * throttled chunked upload is still sending and a second upload, fully received, waits for the one parser
 * thread ({@code ingest.threads=1}). The process must exit within {@code shutdown.grace.ms} (plus the time
 * to stop Jetty); after a restart on the same storage the cut upload is {@code failed} with a reason and none
 * of its chunks or source, the received one finished within the grace period and is {@code ready} with every
 * row, no temporary file is left anywhere, and a dataset committed before answers byte for byte as it did.
 */
class GracefulShutdownIT {

    private static final Duration START = Duration.ofSeconds(90);
    private static final long GRACE_MS = 8_000;
    /** Stopping Jetty itself, and the parser threads' last wait, on top of the grace period. */
    private static final long STOP_MARGIN_MS = 20_000;
    private static final int RECEIVED_ROWS = 5_000;

    private final Path base = Path.of("target", "graceful-shutdown", UUID.randomUUID().toString()).toAbsolutePath();
    private final Path storage = base.resolve("datasets");
    private Process server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.destroyForcibly();
        }
    }

    @Test
    void sigtermFinishesReceivedUploadsAndAbortsCutOnes() throws Exception {
        int port = freePort();
        Http first = start(port);

        StringBuilder csv = new StringBuilder(SimpleCsv.HEADER);
        for (int i = 0; i < 300; i++) {
            csv.append(SimpleCsv.row(i));
        }
        String keptId = first.upload("name=kept", csv.toString()).getString("id");
        byte[] keptRows = first.get("api/datasets/" + keptId + "/rows?pageSize=1000").body();
        byte[] keptExport = first.get("api/datasets/" + keptId + "/export?format=csv").body();

        String cutName = "cut-" + UUID.randomUUID();
        Thread sender = new Thread(() -> SimpleCsv.uploadUntilCut(port, cutName, 8 * 1024, 500, 100), "throttled-upload");
        sender.setDaemon(true);
        sender.start();
        JsonObject cut = Poll.until(Duration.ofSeconds(60), "the throttled upload is being parsed",
                () -> first.findByName(cutName),
                d -> d.isPresent() && d.get().getJsonNumber("rowsParsed").longValue() > 0).orElseThrow();
        String cutId = cut.getString("id");

        StringBuilder received = new StringBuilder(SimpleCsv.HEADER);
        for (int i = 0; i < RECEIVED_ROWS; i++) {
            received.append(SimpleCsv.row(i));
        }
        JsonObject waiting = first.upload("name=received&wait=false", received.toString());
        String receivedId = waiting.getString("id");
        assertEquals("ingesting", waiting.getString("status"), "the one parser thread is busy with the cut upload");

        long t0 = System.nanoTime();
        server.destroy();
        assertTrue(server.waitFor(GRACE_MS + STOP_MARGIN_MS, TimeUnit.MILLISECONDS),
                "the server did not exit within " + (GRACE_MS + STOP_MARGIN_MS) + " ms of SIGTERM:\n" + log());
        long stopMs = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("GracefulShutdownIT: the server exited " + stopMs + " ms after SIGTERM (grace "
                + GRACE_MS + " ms)");
        assertFalse(log().contains("Exception"), () -> "the stop logged an exception:\n" + log());

        Http http = start(port);
        JsonObject failed = http.summary(cutId);
        assertEquals("failed", failed.getString("status"), failed::toString);
        assertFalse(failed.getString("error", "").isBlank(), () -> "a failed dataset says why: " + failed);
        http.get("api/datasets/" + cutId + "/rows").expectProblem(409);

        JsonObject done = http.summary(receivedId);
        assertEquals("ready", done.getString("status"), done::toString);
        assertEquals(RECEIVED_ROWS, done.getJsonNumber("rowCount").longValue());
        // The same file uploaded again, with no stop in between, is the truth.
        String again = http.upload("name=again", received.toString()).getString("id");
        assertArrayEquals(http.get("api/datasets/" + again + "/export?format=csv").body(),
                http.get("api/datasets/" + receivedId + "/export?format=csv").body());

        assertArrayEquals(keptRows, http.get("api/datasets/" + keptId + "/rows?pageSize=1000").body());
        assertArrayEquals(keptExport, http.get("api/datasets/" + keptId + "/export?format=csv").body());

        List<Path> unexpected = unexpectedFiles(Map.of(cutId, Set.of("manifest.json", "rejects.jsonl")));
        assertTrue(unexpected.isEmpty(), () -> "left behind: " + unexpected);
    }

    /**
     * Files that should not be there: temporary files anywhere under the storage, and for each dataset in
     * {@code onlyThese} anything but the named files.
     */
    private List<Path> unexpectedFiles(Map<String, Set<String>> onlyThese) throws IOException {
        try (Stream<Path> files = Files.walk(storage)) {
            return files.filter(Files::isRegularFile).filter(f -> {
                String name = f.getFileName().toString();
                if (name.endsWith(".tmp") || name.contains("spool")) {
                    return true;
                }
                String dataset = storage.relativize(f).getName(0).toString();
                Set<String> allowed = onlyThese.get(dataset);
                return allowed != null && !allowed.contains(name);
            }).toList();
        }
    }

    private Http start(int port) throws IOException {
        Files.createDirectories(storage);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m",
                "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Djava.io.tmpdir=" + base,
                "-cp", System.getProperty("java.class.path"), "org.dataexplorer.deploy.LoopbackJetty",
                new File(System.getProperty("data.war", "target/data.war")).getAbsolutePath(), String.valueOf(port)));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(base.resolve("server.log").toFile()));
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(name -> name.startsWith("DATA_"));
        env.put("DATA_AUTH_MODE", "none");
        env.put("DATA_STORAGE_DIR", storage.toString());
        env.put("DATA_CACHE_DIR", base.resolve("cache").toString());
        env.put("DATA_READY_MIN_FREE_BYTES", "1MB");
        env.put("DATA_INGEST_THREADS", "1");
        env.put("DATA_SHUTDOWN_GRACE_MS", Long.toString(GRACE_MS));
        // The throttled upload is slow on purpose: not a slowloris to cut off.
        env.put("DATA_UPLOAD_MIN_BYTES_PER_SECOND", "0");
        server = pb.start();
        Http http = new Http(URI.create("http://127.0.0.1:" + port + "/data/").toURL());
        Poll.until(START, "the server answers /data/api/health", () -> health(http), ok -> ok);
        return http;
    }

    private String log() {
        try {
            return Files.readString(base.resolve("server.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private boolean health(Http http) {
        if (!server.isAlive()) {
            throw new AssertionError("the server exited with " + server.exitValue() + ":\n" + log());
        }
        try {
            return http.get("api/health").status() == 200;
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
