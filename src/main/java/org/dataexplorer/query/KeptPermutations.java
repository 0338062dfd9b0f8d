package org.dataexplorer.query;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.dataexplorer.query.sort.Permutation;

/**
 * Sort permutations too large for the heap stay in their spill files, kept for the next pages of the
 * same query: at most {@code maxBytes} of files, least recently used first out. Like the Ehcache
 * entries they are only a cache: files a restart finds are removed with the other spill files, and a
 * file that vanished is a miss. Thread-safe.
 */
public final class KeptPermutations {

    private static final Logger LOG = Logger.getLogger(KeptPermutations.class.getName());

    /** Spill files of kept permutations start with this (removed at start-up like runs). */
    public static final String PREFIX = "perm-kept-";

    private record Entry(UUID dataset, Path file, long rows) {
    }

    private final Path dir;
    private final long maxBytes;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final AtomicLong sequence = new AtomicLong();
    private long bytes;

    public KeptPermutations(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    public static KeptPermutations disabled() {
        return new KeptPermutations(null, 0);
    }

    /**
     * The kept permutation of a query key, or null. Reading it may still find the file gone (evicted or
     * removed meanwhile): then call {@link #forget}.
     */
    public synchronized Permutation get(String key) {
        Entry e = entries.get(key);
        return e == null ? null : Permutation.kept(e.file(), e.rows());
    }

    /** Drops the entry of a key whose file turned out to be gone. */
    public synchronized void forget(String key) {
        remove(key);
    }

    /** Takes over a spilled permutation's file when it fits; the permutation stays readable either way. */
    public void keep(UUID dataset, String key, Permutation.Spilled permutation) throws IOException {
        long size = permutation.size() * 8;
        if (dir == null || size > maxBytes) {
            return;
        }
        Path target = dir.resolve(PREFIX + sequence.incrementAndGet() + ".bin");
        permutation.moveTo(target);
        List<Path> evicted = new ArrayList<>();
        synchronized (this) {
            Entry old = entries.put(key, new Entry(dataset, target, permutation.size()));
            bytes += size;
            if (old != null) {
                bytes -= old.rows() * 8;
                evicted.add(old.file());
            }
            Iterator<Map.Entry<String, Entry>> eldest = entries.entrySet().iterator();
            while (bytes > maxBytes && eldest.hasNext()) {
                Entry e = eldest.next().getValue();
                eldest.remove();
                bytes -= e.rows() * 8;
                evicted.add(e.file());
            }
        }
        delete(evicted);
    }

    /** Drops every kept permutation of a dataset; called when it is deleted. */
    public void evictDataset(UUID dataset) {
        List<Path> evicted = new ArrayList<>();
        synchronized (this) {
            Iterator<Entry> it = entries.values().iterator();
            while (it.hasNext()) {
                Entry e = it.next();
                if (e.dataset().equals(dataset)) {
                    it.remove();
                    bytes -= e.rows() * 8;
                    evicted.add(e.file());
                }
            }
        }
        delete(evicted);
    }

    public synchronized long bytes() {
        return bytes;
    }

    public synchronized int size() {
        return entries.size();
    }

    private void remove(String key) {
        Entry e = entries.remove(key);
        if (e != null) {
            bytes -= e.rows() * 8;
        }
    }

    // A reader that opened the file before its eviction keeps reading it: deleting only unlinks the name.
    private static void delete(List<Path> files) {
        for (Path file : files) {
            try {
                Files.deleteIfExists(file);
            } catch (NoSuchFileException ignored) {
                // already gone
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Could not remove kept sort permutation " + file + ": " + e.getMessage());
            }
        }
    }
}
