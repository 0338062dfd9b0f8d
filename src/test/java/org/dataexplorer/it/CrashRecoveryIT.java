package org.dataexplorer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server process is killed with SIGKILL in the middle of an upload. After a restart on the same
 * storage, the interrupted dataset is {@code failed} with none of its chunks or source left, and a
 * dataset committed before answers exactly as it did. The server is the built WAR in a Jetty of its
 * own process ({@code org.dataexplorer.bench.BenchServer}), so the kill is real.
 */
class CrashRecoveryIT {

    private static final Duration START = Duration.ofSeconds(90);

    /** Under target/ (java.io.tmpdir of the ITs exists only once Arquillian has started). */
    private final Path storage = Path.of("target", "crash-recovery", UUID.randomUUID().toString(), "datasets")
            .toAbsolutePath();
    private Process server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.destroyForcibly();
        }
    }

    @Test
    void killedMidIngestRecoversToAConsistentCatalog() throws Exception {
        int port = freePort();
        Http first = start(port);

        StringBuilder csv = new StringBuilder(SimpleCsv.HEADER);
        for (int i = 0; i < 300; i++) {
            csv.append(SimpleCsv.row(i));
        }
        String keptId = first.upload("name=kept", csv.toString()).getString("id");
        JsonObject keptRows = first.allRows(keptId);
        JsonObject keptSchema = first.get("schema/" + keptId).expect(200);

        String name = "interrupted-" + UUID.randomUUID();
        Thread sender = new Thread(() -> SimpleCsv.uploadUntilCut(port, name, 64 * 1024, 10_000, 20), "endless-upload");
        sender.setDaemon(true);
        sender.start();
        JsonObject running = Poll.until(Duration.ofSeconds(60), "the endless upload has sealed chunks",
                () -> first.findByName(name),
                d -> d.isPresent() && d.get().getJsonNumber("rowCount").longValue() >= 100_000).orElseThrow();
        String interruptedId = running.getString("id");

        server.destroyForcibly().waitFor();
        assertTrue(Files.isDirectory(storage.resolve(interruptedId).resolve("chunks")),
                "the killed ingest had chunk files on disk");

        Http http = start(port);
        JsonObject recovered = http.summary(interruptedId);
        assertEquals("failed", recovered.getString("status"), recovered::toString);
        assertTrue(leftovers(interruptedId).isEmpty(), () -> "left behind: " + leftovers(interruptedId));
        http.get("data/" + interruptedId).expectProblem(409);

        assertEquals("ready", http.summary(keptId).getString("status"));
        assertEquals(keptRows, http.allRows(keptId));
        assertEquals(keptSchema, http.get("schema/" + keptId).expect(200));
        String again = http.upload("name=after-restart", csv.toString()).getString("id");
        assertEquals(keptRows.getJsonArray("rows"), http.allRows(again).getJsonArray("rows"));
    }

    private Http start(int port) throws IOException {
        Files.createDirectories(storage);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m",
                "-Ddata.auth.mode=none", "-Ddata.storage.dir=" + storage, "-Ddata.cache.dir=" + storage.resolveSibling(storage.getFileName() + "-cache"),
                "-Djava.io.tmpdir=" + storage.getParent(),
                "-cp", System.getProperty("java.class.path"), "org.dataexplorer.bench.BenchServer",
                new File(System.getProperty("data.war", "target/data.war")).getAbsolutePath(), String.valueOf(port)));
        server = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(storage.resolveSibling("server-" + port + ".log").toFile()).start();
        Http http = new Http(URI.create("http://127.0.0.1:" + port + "/data/").toURL());
        Poll.until(START, "the server answers /data/api/health", () -> health(http), ok -> ok);
        return http;
    }

    private static boolean health(Http http) {
        try {
            return http.get("api/health").status() == 200;
        } catch (RuntimeException | AssertionError notYet) {
            return false;
        }
    }

    private List<Path> leftovers(String id) {
        Path dir = storage.resolve(id);
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().equals("manifest.json")
                            && !f.getFileName().toString().equals("rejects.jsonl"))
                    .toList();
        } catch (IOException e) {
            return List.of(dir);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
