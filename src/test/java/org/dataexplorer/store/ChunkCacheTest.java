package org.dataexplorer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.dataexplorer.store.format.ChunkFileWriter;
import org.dataexplorer.store.format.CorruptChunkException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkCacheTest {

    /** The shipped configuration, so the test also proves conf/ehcache.xml is valid. */
    static URL shippedConfig() throws IOException {
        Path xml = Path.of("conf", "ehcache.xml");
        assertTrue(Files.isRegularFile(xml), "run from the project directory: " + xml.toAbsolutePath());
        return xml.toUri().toURL();
    }

    @TempDir
    Path dir;

    private Path writeChunk(String name, int rows) throws IOException {
        ColumnChunk.Builder ids = ColumnChunk.builder(ColumnType.INTEGER, rows);
        ColumnChunk.Builder names = ColumnChunk.builder(ColumnType.STRING, rows);
        for (int i = 0; i < rows; i++) {
            ids.appendLong(i * 3L);
            byte[] v = ("name" + i).getBytes(StandardCharsets.UTF_8);
            names.appendString(v, 0, v.length);
        }
        Path file = dir.resolve(name);
        ChunkFileWriter.write(file, List.of(ids.build(), names.build()));
        return file;
    }

    @Test
    void hitAfterMissAndTheCacheDirComesFromTheCaller() throws IOException {
        Path file = writeChunk("a.chunk", 500);
        Path cacheDir = dir.resolve("cache");
        UUID dataset = UUID.randomUUID();
        try (ChunkCache cache = ChunkCache.open(shippedConfig(), cacheDir)) {
            assertTrue(cache.isEnabled());
            ColumnChunk first = cache.column(dataset, 0, 1, file);
            assertEquals("name499", first.getString(499));
            CacheStats afterMiss = cache.stats();
            assertEquals(1, afterMiss.misses());
            assertEquals(0, afterMiss.hits());
            assertEquals(1, afterMiss.puts());
            assertEquals(1, afterMiss.entries());

            Files.delete(file); // a hit must not touch the file
            ColumnChunk second = cache.column(dataset, 0, 1, file);
            assertEquals("name7", second.getString(7));
            assertEquals(500, second.size());
            assertEquals(1, cache.stats().hits());
            assertEquals(0.5, cache.stats().hitRatio());

            // another column of the same chunk is another key: a miss, and the file is gone
            assertThrows(IOException.class, () -> cache.column(dataset, 0, 0, file));
            try (Stream<Path> files = Files.walk(cacheDir)) {
                assertTrue(files.count() > 1, "disk tier must live under the given cache dir");
            }
        }
    }

    /** A read misses the heap, then off-heap, and is answered by the disk tier, which holds every entry. */
    @Test
    void statisticsPerTier() throws IOException {
        Path xml = dir.resolve("tiers.xml");
        Files.writeString(xml, """
                <config xmlns="http://www.ehcache.org/v3">
                  <cache alias="chunks">
                    <key-type>java.lang.String</key-type>
                    <value-type>[B</value-type>
                    <resources>
                      <heap unit="entries">2</heap>
                      <offheap unit="MB">1</offheap>
                      <disk persistent="false" unit="MB">16</disk>
                    </resources>
                  </cache>
                </config>
                """);
        UUID dataset = UUID.randomUUID();
        int chunks = 6;
        Path[] files = new Path[chunks];
        for (int i = 0; i < chunks; i++) {
            files[i] = writeChunk(i + ".chunk", 200);
        }
        try (ChunkCache cache = ChunkCache.open(xml.toUri().toURL(), dir.resolve("cache"))) {
            for (int i = 0; i < chunks; i++) {
                cache.column(dataset, i, 1, files[i]); // misses: stored in the disk tier
            }
            CacheStats stored = cache.stats();
            assertEquals(List.of("heap", "offheap", "disk"), stored.tiers().stream().map(CacheTierStats::tier).toList());
            CacheTierStats disk = stored.tier("disk").orElseThrow();
            assertEquals(chunks, disk.entries());
            assertTrue(disk.bytes() > 0, disk.toString());
            assertTrue(disk.allocatedBytes() >= disk.bytes(), disk.toString());
            assertEquals(-1, stored.tier("heap").orElseThrow().bytes(), "the heap tier is sized by entries");

            for (int i = 0; i < chunks; i++) {
                cache.column(dataset, i, 1, files[i]); // from disk, faulted into heap (2 entries) and off-heap
            }
            for (int i = 0; i < 3; i++) {
                cache.column(dataset, chunks - 1, 1, files[chunks - 1]); // the heap has it now
            }
            CacheStats read = cache.stats();
            CacheTierStats heap = read.tier("heap").orElseThrow();
            CacheTierStats offheap = read.tier("offheap").orElseThrow();
            disk = read.tier("disk").orElseThrow();
            assertEquals(chunks + 3, read.hits());
            // Served by the caching tiers, not the disk; the two-entry heap's sampling eviction may already have
            // moved the chunk on to off-heap, so which of the two answered varies.
            assertTrue(heap.hits() + offheap.hits() >= 3, heap + " " + offheap);
            assertTrue(heap.entries() <= 2 && heap.entries() >= 1, heap.toString());
            assertTrue(heap.evictions() >= chunks - 2, heap.toString());
            assertTrue(disk.hits() >= chunks, disk.toString());
            assertEquals(chunks, disk.entries());
            assertTrue(offheap.entries() >= 1 && offheap.bytes() > 0, offheap.toString());
            assertTrue(offheap.allocatedBytes() > 0, offheap.toString());
        }
        CacheStats none = ChunkCache.disabled().stats();
        assertTrue(none.tiers().isEmpty());
    }

    @Test
    void evictDatasetDropsOnlyThatDataset() throws IOException {
        Path fileA = writeChunk("a.chunk", 100);
        Path fileB = writeChunk("b.chunk", 100);
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        try (ChunkCache cache = ChunkCache.open(shippedConfig(), dir.resolve("cache"))) {
            cache.column(a, 0, 0, fileA);
            cache.column(a, 0, 1, fileA);
            cache.column(b, 0, 0, fileB);
            assertEquals(3, cache.stats().entries());

            cache.evictDataset(a);
            assertEquals(1, cache.stats().entries());
            Files.delete(fileA);
            Files.delete(fileB);
            assertThrows(IOException.class, () -> cache.column(a, 0, 0, fileA), "evicted: must go to the file");
            assertEquals(297, cache.column(b, 0, 0, fileB).getLong(99), "still cached");
            cache.evictDataset(UUID.randomUUID()); // unknown dataset: nothing happens
        }
    }

    @Test
    void deletedCacheDirOnlyCostsFileReads() throws IOException {
        Path file = writeChunk("a.chunk", 2_000);
        Path cacheDir = dir.resolve("cache");
        UUID dataset = UUID.randomUUID();
        try (ChunkCache cache = ChunkCache.open(shippedConfig(), cacheDir)) {
            cache.column(dataset, 0, 0, file);
            deleteTree(cacheDir);
            assertFalse(Files.exists(cacheDir));
            for (int round = 0; round < 3; round++) {
                for (int chunk = 0; chunk < 20; chunk++) {
                    ColumnChunk c = cache.column(dataset, chunk, chunk % 2, file);
                    assertEquals(2_000, c.size());
                }
            }
            assertEquals(5_997L, cache.column(dataset, 0, 0, file).getLong(1_999));
            cache.evictDataset(dataset);
        }
    }

    @Test
    void corruptFileIsReportedNotCached() throws IOException {
        Path file = writeChunk("a.chunk", 50);
        byte[] bytes = Files.readAllBytes(file);
        bytes[40] ^= 1;
        Files.write(file, bytes);
        try (ChunkCache cache = ChunkCache.open(shippedConfig(), dir.resolve("cache"))) {
            assertThrows(CorruptChunkException.class, () -> cache.column(UUID.randomUUID(), 0, 0, file));
            assertEquals(0, cache.stats().entries());
        }
    }

    @Test
    void aChunkRewrittenUnderANewNameIsNotServedStale() throws IOException {
        Path v0 = writeChunk("00000000.chunk", 10);
        Path v1 = writeChunk("00000000.r1.chunk", 20);
        UUID dataset = UUID.randomUUID();
        try (ChunkCache cache = ChunkCache.open(shippedConfig(), dir.resolve("cache"))) {
            assertEquals(10, cache.column(dataset, 0, 0, v0).size());
            assertEquals(20, cache.column(dataset, 0, 0, v1).size());
            assertEquals(10, cache.column(dataset, 0, 0, v0).size());
            assertEquals(1, cache.stats().hits());
        }
    }

    @Test
    void reopeningOnTheSameDirStartsEmpty() throws IOException {
        Path file = writeChunk("a.chunk", 10);
        Path cacheDir = dir.resolve("cache");
        UUID dataset = UUID.randomUUID();
        try (ChunkCache cache = ChunkCache.open(shippedConfig(), cacheDir)) {
            cache.column(dataset, 0, 0, file);
        }
        try (ChunkCache cache = ChunkCache.open(shippedConfig(), cacheDir)) {
            assertEquals(0, cache.stats().entries(), "the disk tier is not persistent: files are the truth");
            cache.column(dataset, 0, 0, file);
            assertEquals(1, cache.stats().misses());
        }
    }

    @Test
    void disabledCacheReadsTheFileEveryTime() throws IOException {
        Path file = writeChunk("a.chunk", 10);
        try (ChunkCache cache = ChunkCache.disabled()) {
            assertFalse(cache.isEnabled());
            UUID dataset = UUID.randomUUID();
            assertEquals(27, cache.column(dataset, 0, 0, file).getLong(9));
            Files.delete(file);
            assertThrows(IOException.class, () -> cache.column(dataset, 0, 0, file));
            assertEquals(2, cache.stats().misses());
            assertEquals(0, cache.stats().hits());
        }
    }

    @Test
    void configWithoutTheChunksCacheIsRejected() throws IOException {
        Path xml = dir.resolve("other.xml");
        Files.writeString(xml, """
                <config xmlns="http://www.ehcache.org/v3">
                  <cache alias="other"><key-type>java.lang.String</key-type><value-type>[B</value-type>
                    <heap unit="entries">10</heap></cache>
                </config>
                """);
        assertThrows(IllegalArgumentException.class, () -> ChunkCache.open(xml.toUri().toURL(), dir.resolve("c")));
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
