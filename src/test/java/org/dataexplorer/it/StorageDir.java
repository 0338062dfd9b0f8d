package org.dataexplorer.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The server's storage folder on disk ({@code data.storage.dir}, the same system property the
 * embedded server reads), so tests can check what an operation left behind.
 */
final class StorageDir {

    private StorageDir() {
    }

    static Path root() {
        String dir = System.getProperty("data.storage.dir");
        if (dir == null) {
            throw new IllegalStateException("data.storage.dir is not set (failsafe systemPropertyVariables)");
        }
        return Path.of(dir);
    }

    /** Regular files under {@code dir} (relative path → size); files vanishing meanwhile are skipped. */
    static Map<String, Long> files(Path dir) {
        Map<String, Long> files = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.forEach(p -> {
                try {
                    if (Files.isRegularFile(p)) {
                        files.put(dir.relativize(p).toString().replace('\\', '/'), Files.size(p));
                    }
                } catch (NoSuchFileException gone) {
                    // deleted while we walked
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof NoSuchFileException)) {
                throw e;
            }
            return files(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    static Map<String, Long> files() {
        return files(root());
    }

    /** The directory named after a dataset id, anywhere up to four levels under the storage root. */
    static Optional<Path> datasetDir(String id) {
        Path root = root();
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> walk = Files.walk(root, 4)) {
            return walk.filter(p -> p.getFileName().toString().equals(id) && Files.isDirectory(p)).findFirst();
        } catch (IOException | UncheckedIOException e) {
            // a concurrent delete; look again
            return datasetDir(id);
        }
    }
}
