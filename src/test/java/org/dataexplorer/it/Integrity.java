package org.dataexplorer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import jakarta.json.JsonObject;

/**
 * What a hostile request must not touch: a dataset stored before it (every file of its directory,
 * SHA-256, and its answers), and the storage folder (no temporary or orphaned files afterwards).
 */
final class Integrity {

    private Integrity() {
    }

    /** A dataset's files (relative path → SHA-256) and its rows and schema as the service answers them. */
    record Guard(String id, Map<String, String> files, JsonObject rows, JsonObject schema) {

        static Guard of(Http http, Path datasetDir, String id) {
            return new Guard(id, hashes(datasetDir), http.allRows(id), http.get("schema/" + id).expect(200));
        }

        void assertUnchanged(Http http, Path datasetDir) {
            assertEquals(files, hashes(datasetDir), "the files of dataset " + id + " changed");
            assertEquals("ready", http.summary(id).getString("status"));
            assertEquals(rows, http.allRows(id), "the rows of dataset " + id + " changed");
            assertEquals(schema, http.get("schema/" + id).expect(200), "the schema of dataset " + id + " changed");
        }
    }

    /** Regular files under {@code dir}, relative path → SHA-256 of the content. */
    static Map<String, String> hashes(Path dir) {
        Map<String, String> hashes = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                hashes.put(dir.relativize(file).toString().replace('\\', '/'), sha256(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return hashes;
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                digest.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchFileException gone) {
            return "(deleted while hashing)";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Files present now that were not in {@code before}. */
    static List<String> newFiles(Map<String, Long> before, Map<String, Long> now) {
        List<String> added = new ArrayList<>();
        for (String file : now.keySet()) {
            if (!before.containsKey(file)) {
                added.add(file);
            }
        }
        return added;
    }

    /**
     * Asserts that the files added under {@code root} since {@code before} are at most the manifest (and
     * rejects list) of failed datasets, and that no temporary file exists anywhere under it.
     */
    static void assertNoLeftovers(Http http, Path root, Map<String, Long> before) {
        Map<String, Long> now = StorageDir.files(root);
        List<String> leftovers = new ArrayList<>();
        for (String file : newFiles(before, now)) {
            String[] parts = file.split("/");
            boolean failedRecord = parts.length == 2
                    && (parts[1].equals("manifest.json") || parts[1].equals("rejects.jsonl"))
                    && isFailed(http, parts[0]);
            if (!failedRecord) {
                leftovers.add(file);
            }
        }
        assertTrue(leftovers.isEmpty(), () -> "left behind under " + root + ": " + leftovers);
        List<String> temps = now.keySet().stream().filter(f -> f.endsWith(".tmp") || f.contains("/.tmp")).toList();
        assertTrue(temps.isEmpty(), () -> "temporary files under " + root + ": " + temps);
    }

    private static boolean isFailed(Http http, String id) {
        Reply reply = http.get("api/datasets/" + id);
        return reply.status() == 200 && "failed".equals(reply.object().getString("status", ""));
    }
}
