package org.dataexplorer.store.format;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** The commit primitives of the store: fsync a file or a directory, rename atomically. */
public final class DurableFiles {

    private DurableFiles() {
    }

    /** The temporary sibling a file is written to before it is renamed into place. */
    public static Path tempFor(Path file) {
        return file.resolveSibling(file.getFileName() + ".tmp");
    }

    /**
     * Renames {@code source} to {@code target} atomically, replacing it, then fsyncs the parent
     * directory so the rename itself survives a crash.
     */
    public static void atomicMove(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // only across file systems, which the store never does: say so instead of copying
            throw new IOException("cannot rename " + source + " to " + target + " atomically", e);
        }
        syncDirectory(target.toAbsolutePath().getParent());
    }

    /**
     * Fsyncs a directory so entries created, renamed or deleted in it are durable. Some platforms
     * (Windows) cannot open a directory; there the rename is as durable as the OS makes it.
     */
    public static void syncDirectory(Path dir) throws IOException {
        if (dir == null) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            if (Files.isDirectory(dir) && !isWindows()) {
                throw e;
            }
        }
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").startsWith("Windows");
    }
}
