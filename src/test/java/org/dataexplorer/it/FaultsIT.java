package org.dataexplorer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Faults of the machine under a real server process ({@link ServerProcess}): the disk filling up during an
 * upload, the Ehcache directory deleted while the service runs, then — across a SIGKILL and a restart — a
 * chunk file with flipped bytes, a truncated manifest and a delete cut off by the kill. A dataset stored
 * first must come through all of it byte-identical on disk and in its answers.
 *
 * <p>The storage is a small tmpfs mounted by the test, so that it really fills up. Mounting needs root with
 * the mount capability; where the kernel refuses it (an unprivileged container), the storage is a plain
 * folder and only the disk-full test is skipped, with the reason printed: no package can grant it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsIT {

    private static final String DISK_SIZE = "24m";

    private final Path work = Path.of("target", "faults", UUID.randomUUID().toString()).toAbsolutePath();
    private final Path disk = work.resolve("disk");
    private final Path storage = disk.resolve("datasets");
    private final Path log = work.resolve("server.log");
    private boolean mounted;
    /** Why the tmpfs could not be mounted, or null. */
    private String notMounted;
    private ServerProcess server;
    private Http http;
    private String guardId;
    private Integrity.Guard guard;

    @BeforeAll
    void mountAndStart() throws Exception {
        Files.createDirectories(disk);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + DISK_SIZE, "tmpfs", disk.toString())
                .redirectErrorStream(true).start();
        String output = new String(mount.getInputStream().readAllBytes());
        mounted = mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0;
        if (!mounted) {
            notMounted = "cannot mount a " + DISK_SIZE + " tmpfs to fill up (" + output.strip()
                    + "); it needs root with the mount capability";
            System.out.println("FaultsIT: " + notMounted + "; the storage is a plain folder and the disk-full test is skipped");
        }
        server = start("cache-1");
        http = server.http();
        StringBuilder csv = new StringBuilder(SimpleCsv.HEADER);
        for (int i = 0; i < 900; i++) {
            csv.append(SimpleCsv.row(i));
        }
        guardId = http.upload("name=guard", csv.toString()).getString("id");
        guard = Integrity.Guard.of(http, storage.resolve(guardId), guardId);
    }

    private ServerProcess start(String cacheName) {
        return ServerProcess.start(storage, work.resolve(cacheName), log, "256m",
                Map.of("chunk.rows", "1000", "ready.min.free.bytes", "0"));
    }

    @AfterAll
    void stopAndUnmount() throws Exception {
        if (server != null) {
            server.kill();
        }
        if (mounted) {
            new ProcessBuilder("umount", disk.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(1)
    void diskFullDuringAnUploadIs507AndGivesTheSpaceBack() throws IOException {
        Assumptions.assumeTrue(mounted, () -> "FaultsIT disk-full test skipped: " + notMounted);
        long freeBefore = Files.getFileStore(disk).getUsableSpace();
        String name = "fills-the-disk";
        Reply reply = http.postStream("api/datasets?name=" + name, "text/csv", out -> {
            SimpleCsv.writeHeader(out);
            // Three times the disk: the spooled source alone cannot fit.
            SimpleCsv.writeAtLeast(out, 0, 3L * 24 * 1024 * 1024);
        });
        JsonObject problem = reply.expectProblem(507);
        assertFalse(reply.text().contains("at org."), "no stack trace in a problem: " + reply.text());
        assertTrue(problem.getString("detail").contains("storage"), problem::toString);

        JsonObject failed = Poll.until(Duration.ofSeconds(30), "the upload that filled the disk is failed",
                () -> http.findByName(name), d -> d.isPresent() && "failed".equals(d.get().getString("status")))
                .orElseThrow();
        String failedId = failed.getString("id");
        assertEquals(List.of("manifest.json"), List.copyOf(StorageDir.files(storage.resolve(failedId)).keySet()),
                "only the manifest of the failed upload is left");
        long freeAfter = Files.getFileStore(disk).getUsableSpace();
        assertTrue(freeAfter >= freeBefore - (256 << 10), "space not given back: " + freeBefore + " → " + freeAfter);

        guard.assertUnchanged(http, storage.resolve(guardId));
        String after = http.upload("name=after-disk-full", SimpleCsv.HEADER + SimpleCsv.row(1)).getString("id");
        assertEquals(1, http.allRows(after).getJsonNumber("count").longValue());
        http.get("api/ready").expect(200);
    }

    @Test
    @Order(2)
    void cacheDirectoryDeletedWhileRunningChangesNoAnswer() throws IOException {
        JsonObject stats = http.get("stats/" + guardId).expect(200);
        JsonObject page = http.get("data/" + guardId + "?offset=800&limit=100&sort=-amount").expect(200);
        Path cache = work.resolve("cache-1");
        assertTrue(Files.isDirectory(cache), "the disk tier has its directory");
        deleteTree(cache);

        guard.assertUnchanged(http, storage.resolve(guardId));
        assertEquals(stats, http.get("stats/" + guardId).expect(200));
        assertEquals(page, http.get("data/" + guardId + "?offset=800&limit=100&sort=-amount").expect(200));
        assertEquals(900, http.get("api/datasets/" + guardId + "/export?format=csv").text().lines().count() - 1);
        String fresh = http.upload("name=after-cache-loss", SimpleCsv.HEADER + SimpleCsv.row(5)).getString("id");
        assertEquals(1, http.allRows(fresh).getJsonNumber("count").longValue());
        http.get("api/health").expect(200);
    }

    @Test
    @Order(3)
    void afterAKillCorruptionIsReportedAndEverythingElseIsIntact() throws Exception {
        StringBuilder csv = new StringBuilder(SimpleCsv.HEADER);
        for (int i = 0; i < 5_000; i++) {
            csv.append(SimpleCsv.row(i));
        }
        String corruptId = http.upload("name=to-corrupt", csv.toString()).getString("id");
        String truncatedId = http.upload("name=to-truncate", csv.toString()).getString("id");
        String deletedId = http.upload("name=deleted-when-killed", csv.toString()).getString("id");
        JsonObject deletedRows = http.get("data/" + deletedId + "?limit=1000").expect(200);

        // A delete in flight when the process dies: SIGKILL right after the request is sent.
        CompletableFuture<Reply> delete = CompletableFuture.supplyAsync(() -> http.delete("api/datasets/" + deletedId));
        Poll.sleep(3);
        server.kill();
        try {
            delete.get(30, TimeUnit.SECONDS);
        } catch (Exception cutOff) {
            // the server died under it: expected
        }

        Path chunk = storage.resolve(corruptId).resolve("chunks").resolve("00000002.chunk");
        flipBytes(chunk);
        Path manifest = storage.resolve(truncatedId).resolve("manifest.json");
        try (FileChannel channel = FileChannel.open(manifest, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() / 2);
        }

        server = start("cache-2");
        http = server.http();

        // The guard: the same files, the same answers.
        guard.assertUnchanged(http, storage.resolve(guardId));

        // The flipped chunk: a 500 problem naming the dataset and chunk, no stack trace; other chunks still read.
        Reply damaged = http.get("data/" + corruptId + "?offset=2500&limit=10");
        JsonObject problem = damaged.expectProblem(500);
        assertTrue(problem.getString("detail").contains(corruptId) && problem.getString("detail").contains("00000002.chunk"),
                problem::toString);
        assertFalse(damaged.text().contains("at org.") || damaged.text().contains(storage.toString()),
                "no stack trace or server path in the problem: " + damaged.text());
        http.get("data/" + corruptId + "?offset=0&limit=10").expect(200);
        guard.assertUnchanged(http, storage.resolve(guardId));

        // The truncated manifest: that dataset is set aside, the others load.
        http.get("api/datasets/" + truncatedId).expectProblem(404);
        try (Stream<Path> entries = Files.list(storage)) {
            assertTrue(entries.anyMatch(p -> p.getFileName().toString().startsWith(".corrupt-" + truncatedId)),
                    "the unreadable dataset is kept aside for an operator");
        }

        // The delete cut off by the kill: either it never started (intact) or it is finished (no trace).
        Reply summary = http.get("api/datasets/" + deletedId);
        if (summary.status() == 404) {
            assertFalse(Files.exists(storage.resolve(deletedId)), "a deleted dataset left its directory");
        } else {
            assertEquals("ready", summary.expect(200).getString("status"));
            assertEquals(deletedRows, http.get("data/" + deletedId + "?limit=1000").expect(200));
        }
        try (Stream<Path> entries = Files.list(storage)) {
            List<String> deleting = entries.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(".deleting-")).toList();
            assertTrue(deleting.isEmpty(), "unfinished deletes left: " + deleting);
        }
        String fresh = http.upload("name=after-restart", SimpleCsv.HEADER + SimpleCsv.row(7)).getString("id");
        assertEquals(1, http.allRows(fresh).getJsonNumber("count").longValue());
    }

    /** Flips a run of bytes in the middle of a file (a bad sector, a stray write). */
    private static void flipBytes(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long middle = raf.length() / 2;
            for (int i = 0; i < 16; i++) {
                raf.seek(middle + i);
                int b = raf.read();
                raf.seek(middle + i);
                raf.write(b ^ 0x5A);
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
