package org.dataexplorer.store.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.dataexplorer.store.ChunkCache;
import org.dataexplorer.store.ChunkColumnInfo;
import org.dataexplorer.store.ChunkInfo;
import org.dataexplorer.store.ColumnChunk;
import org.dataexplorer.store.ColumnSchema;
import org.dataexplorer.store.ColumnType;
import org.dataexplorer.store.DatasetManifest;
import org.dataexplorer.store.DatasetStatus;
import org.dataexplorer.store.Dialect;
import org.dataexplorer.store.format.ChunkFileWriter;
import org.dataexplorer.store.format.CorruptChunkException;
import org.dataexplorer.store.format.ManifestCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogTest {

    @TempDir
    Path root;

    /** Writes one chunk (INTEGER "n" stored as {@code storedType}, STRING "s") and returns its info. */
    private static ChunkInfo writeChunk(Catalog catalog, UUID id, int index, int rows, long firstRow)
            throws IOException {
        ColumnChunk.Builder n = ColumnChunk.builder(ColumnType.INTEGER, rows);
        ColumnChunk.Builder s = ColumnChunk.builder(ColumnType.STRING, rows);
        for (int i = 0; i < rows; i++) {
            n.appendLong(firstRow + i);
            byte[] v = ("v" + (firstRow + i)).getBytes(StandardCharsets.UTF_8);
            s.appendString(v, 0, v.length);
        }
        List<ColumnChunk> columns = List.of(n.build(), s.build());
        long crc = ChunkFileWriter.write(catalog.chunkFile(id, index), columns);
        List<ChunkColumnInfo> infos = List.of(columns.get(0).info(null), columns.get(1).info(null));
        return new ChunkInfo(index, Catalog.chunkFileName(index), firstRow, rows, 0, 0, firstRow + 2, crc, infos);
    }

    private static DatasetManifest ready(DatasetManifest m, ColumnType firstColumnType, List<ChunkInfo> chunks) {
        long rows = chunks.stream().mapToLong(ChunkInfo::rowCount).sum();
        return new DatasetManifest(m.formatVersion(), m.id(), m.name(), m.owner(), DatasetStatus.READY,
                m.createdAt(), Instant.now(), 10, 10, 10, rows, 0, Dialect.rfc4180(),
                List.of(new ColumnSchema(0, "n", firstColumnType, false, null),
                        new ColumnSchema(1, "s", ColumnType.STRING, false, null)), chunks, null);
    }

    private static UUID id(DatasetManifest m) {
        return UUID.fromString(m.id());
    }

    @Test
    void createCommitListGetDelete() throws IOException {
        List<String> events = new ArrayList<>();
        CatalogListener listener = new CatalogListener() {
            @Override
            public void created(DatasetManifest manifest) {
                events.add("created " + manifest.name());
            }

            @Override
            public void committed(DatasetManifest manifest) {
                events.add("committed " + manifest.status());
            }

            @Override
            public void deleted(UUID id) {
                events.add("deleted");
            }
        };
        try (Catalog catalog = new Catalog(root, ChunkCache.disabled(), listener)) {
            assertTrue(catalog.recover().isEmpty());
            DatasetManifest first = catalog.create("first.csv", "alice");
            DatasetManifest second = catalog.create("../../etc/passwd", null);
            assertNotEquals(first.id(), second.id());
            assertEquals(DatasetStatus.INGESTING, first.status());
            assertEquals(DatasetStatus.INGESTING, ManifestCodec.read(catalog.datasetDir(id(first))
                    .resolve(Catalog.MANIFEST)).status(), "create commits the manifest");
            assertTrue(Files.isDirectory(catalog.datasetDir(id(second))), "the name is never a path");
            assertEquals(root.toAbsolutePath(), catalog.datasetDir(id(second)).getParent());

            UUID id = id(first);
            ChunkInfo c0 = writeChunk(catalog, id, 0, 100, 0);
            ChunkInfo c1 = writeChunk(catalog, id, 1, 50, 100);
            DatasetManifest progress = ready(first, ColumnType.INTEGER, List.of(c0))
                    .withStatus(DatasetStatus.INGESTING, null);
            assertTrue(catalog.update(progress));
            assertEquals(progress, catalog.get(id).orElseThrow(), "update is visible at once");
            assertEquals(0, ManifestCodec.read(catalog.datasetDir(id).resolve(Catalog.MANIFEST)).chunks().size(),
                    "update is not durable");

            DatasetManifest done = ready(first, ColumnType.INTEGER, List.of(c0, c1));
            catalog.commit(done);
            assertEquals(done, ManifestCodec.read(catalog.datasetDir(id).resolve(Catalog.MANIFEST)));
            assertEquals(List.of(done, second), catalog.list(), "created order");
            assertEquals(149, catalog.readColumn(done, 1, 0).getLong(49));
            assertEquals("v120", catalog.readColumn(done, 1, 1).getString(20));

            assertTrue(catalog.delete(id));
            assertFalse(catalog.delete(id));
            assertTrue(catalog.get(id).isEmpty());
            assertFalse(Files.exists(catalog.datasetDir(id)));
            assertFalse(Files.exists(root.resolve(Catalog.DELETING_PREFIX + id)));
            assertEquals(List.of(second), catalog.list());
            assertThrows(NoSuchFileException.class, () -> catalog.commit(done), "ingest finishing after a delete");
            assertFalse(catalog.update(done));
        }
        assertEquals(List.of("created first.csv", "created ../../etc/passwd", "committed READY", "deleted"), events);
    }

    @Test
    void readColumnWidensOldChunksAndChecksRowCounts() throws IOException {
        try (ChunkCache cache = ChunkCache.open(Path.of("conf", "ehcache.xml").toUri().toURL(), root.resolve("c"));
             Catalog catalog = new Catalog(root.resolve("data"), cache)) {
            catalog.recover();
            DatasetManifest m = catalog.create("x", null);
            UUID id = id(m);
            DatasetManifest widened = ready(m, ColumnType.FLOAT, List.of(writeChunk(catalog, id, 0, 10, 0)));
            catalog.commit(widened);
            ColumnChunk floats = catalog.readColumn(widened, 0, 0);
            assertEquals(ColumnType.FLOAT, floats.type());
            assertEquals(9.0, floats.getDouble(9));
            assertEquals(9.0, catalog.readColumn(widened, 0, 0).getDouble(9), "second read, from the cache");
            assertEquals(1, cache.stats().hits());

            ChunkInfo real = widened.chunks().get(0);
            ChunkInfo lying = new ChunkInfo(0, real.file(), 0, 11, 0, 0, 1, real.crc32(), real.columns());
            DatasetManifest wrong = ready(m, ColumnType.INTEGER, List.of(lying));
            assertThrows(CorruptChunkException.class, () -> catalog.readColumn(wrong, 0, 0));

            DatasetManifest impossible = ready(m, ColumnType.DATE, widened.chunks());
            assertThrows(CorruptChunkException.class, () -> catalog.readColumn(impossible, 0, 0));

            catalog.delete(id);
            assertEquals(0, cache.stats().entries(), "delete evicts the dataset");
        }
    }

    @Test
    void recoveryKeepsReadyFailsIngestingAndCleansUp() throws IOException {
        UUID readyId;
        UUID ingestingId;
        UUID failedId;
        UUID corruptId;
        UUID otherCorruptId;
        DatasetManifest readyManifest;
        try (Catalog before = new Catalog(root, ChunkCache.disabled())) {
            before.recover();
            DatasetManifest corrupt = before.create("corrupt", null); // created first: sorts first
            DatasetManifest r = before.create("ready", "bob");
            DatasetManifest i = before.create("ingesting", null);
            DatasetManifest f = before.create("failed", null);
            DatasetManifest corrupt2 = before.create("corrupt too", null);
            readyId = id(r);
            ingestingId = id(i);
            failedId = id(f);
            corruptId = id(corrupt);
            otherCorruptId = id(corrupt2);

            readyManifest = ready(r, ColumnType.INTEGER, List.of(writeChunk(before, readyId, 0, 20, 0)));
            before.commit(readyManifest);
            Files.writeString(before.sourceFile(readyId), "n,s\n");
            Files.writeString(before.chunkFile(readyId, 7), "left over by a crash after the commit?");

            before.update(ready(i, ColumnType.INTEGER, List.of(writeChunk(before, ingestingId, 0, 20, 0)))
                    .withStatus(DatasetStatus.INGESTING, null));
            writeChunk(before, ingestingId, 1, 20, 20);
            Files.writeString(before.sourceFile(ingestingId), "n,s\n1,a\n");
            Files.writeString(before.rejectsFile(ingestingId), "{}\n");
            Files.writeString(Path.of(before.chunkFile(ingestingId, 2) + ".tmp"), "half a chunk");

            before.fail(failedId, "bad input");
            Files.writeString(before.rejectsFile(failedId), "{\"line\":3}\n");

            Files.writeString(before.datasetDir(corruptId).resolve(Catalog.MANIFEST), "{\"formatVersion\": 1, \"id\"");
            Files.writeString(before.datasetDir(otherCorruptId).resolve(Catalog.MANIFEST), "");
        }
        // debris of a crash
        UUID garbageId = UUID.randomUUID();
        Files.createDirectories(root.resolve(garbageId.toString()).resolve("chunks"));
        Files.writeString(root.resolve(garbageId.toString()).resolve("source.csv"), "x");
        Path deleting = root.resolve(Catalog.DELETING_PREFIX + UUID.randomUUID());
        Files.createDirectories(deleting.resolve("chunks"));
        Files.writeString(deleting.resolve("chunks").resolve("00000000.chunk"), "x");
        Files.writeString(root.resolve("stray.tmp"), "x");
        Files.writeString(root.resolve(readyId.toString()).resolve("manifest.json.tmp"), "{");
        Path foreign = root.resolve("not-a-dataset");
        Files.createDirectories(foreign);

        List<DatasetManifest> recovered;
        Catalog after = new Catalog(root, ChunkCache.disabled());
        recovered = after.recover();

        assertEquals(List.of(readyId, ingestingId, failedId), recovered.stream().map(CatalogTest::id).toList());
        assertEquals(readyManifest, after.get(readyId).orElseThrow());
        assertEquals(19, after.readColumn(readyManifest, 0, 0).getLong(19));
        assertTrue(Files.exists(after.sourceFile(readyId)));
        assertFalse(Files.exists(after.chunkFile(readyId, 7)), "chunk files not in the manifest are removed");
        assertFalse(Files.exists(after.datasetDir(readyId).resolve("manifest.json.tmp")));

        DatasetManifest failed = after.get(ingestingId).orElseThrow();
        assertEquals(DatasetStatus.FAILED, failed.status());
        assertEquals(Catalog.INTERRUPTED, failed.error());
        assertTrue(failed.chunks().isEmpty());
        assertEquals(failed, ManifestCodec.read(after.datasetDir(ingestingId).resolve(Catalog.MANIFEST)),
                "FAILED is committed");
        try (Stream<Path> chunks = Files.list(after.datasetDir(ingestingId).resolve(Catalog.CHUNKS))) {
            assertEquals(0, chunks.count(), "chunks and temp chunks of the interrupted ingest are deleted");
        }
        assertFalse(Files.exists(after.sourceFile(ingestingId)));
        assertFalse(Files.exists(after.rejectsFile(ingestingId)));

        DatasetManifest keptFailed = after.get(failedId).orElseThrow();
        assertEquals("bad input", keptFailed.error());
        assertTrue(Files.exists(after.rejectsFile(failedId)), "rejects of a failed ingest explain it");

        assertFalse(Files.exists(root.resolve(garbageId.toString())), "directory without manifest removed");
        assertFalse(Files.exists(deleting), "unfinished delete completed");
        assertFalse(Files.exists(root.resolve("stray.tmp")));
        assertTrue(Files.isDirectory(foreign), "only UUID directories are ever removed");
        assertTrue(after.get(corruptId).isEmpty());
        assertFalse(Files.exists(after.datasetDir(corruptId)));
        try (Stream<Path> entries = Files.list(root)) {
            List<String> aside = entries.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(Catalog.CORRUPT_PREFIX)).sorted().toList();
            assertEquals(2, aside.size(), aside.toString());
            assertTrue(aside.stream().anyMatch(n -> n.startsWith(Catalog.CORRUPT_PREFIX + corruptId)));
        }

        // a second recovery changes nothing
        Catalog again = new Catalog(root, ChunkCache.disabled());
        assertEquals(recovered, again.recover());
    }

    @Test
    void readyDatasetWithMissingChunkFileIsMarkedFailed() throws IOException {
        UUID id;
        try (Catalog before = new Catalog(root, ChunkCache.disabled())) {
            before.recover();
            DatasetManifest m = before.create("x", null);
            id = id(m);
            before.commit(ready(m, ColumnType.INTEGER, List.of(writeChunk(before, id, 0, 5, 0),
                    writeChunk(before, id, 1, 5, 5))));
            Files.delete(before.chunkFile(id, 1));
        }
        Catalog after = new Catalog(root, ChunkCache.disabled());
        after.recover();
        DatasetManifest m = after.get(id).orElseThrow();
        assertEquals(DatasetStatus.FAILED, m.status());
        assertTrue(m.error().contains("00000001.chunk"), m.error());
        assertNull(new Catalog(root.resolve("empty"), ChunkCache.disabled()).get(id).orElse(null));
    }

    @Test
    void reencodedChunkNamesFromTheManifestSurviveRecovery() throws IOException {
        UUID id;
        DatasetManifest committed;
        try (Catalog before = new Catalog(root, ChunkCache.disabled())) {
            before.recover();
            DatasetManifest m = before.create("x", null);
            id = id(m);
            ChunkInfo original = writeChunk(before, id, 0, 5, 0);
            Path renamed = before.datasetDir(id).resolve(Catalog.CHUNKS).resolve("00000000.r1.chunk");
            Files.move(before.chunkFile(id, 0), renamed); // as ingest does when it re-encodes a chunk
            ChunkInfo r1 = new ChunkInfo(0, "00000000.r1.chunk", 0, 5, 0, 0, 2, original.crc32(), original.columns());
            committed = ready(m, ColumnType.INTEGER, List.of(r1));
            before.commit(committed);
        }
        Catalog after = new Catalog(root, ChunkCache.disabled());
        after.recover();
        assertEquals(committed, after.get(id).orElseThrow());
        assertEquals(4, after.readColumn(committed, 0, 0).getLong(4));
        assertEquals(4, after.readStoredColumn(id, committed.chunks().get(0), 0).getLong(4));

        ChunkInfo evil = new ChunkInfo(0, "../../../etc/passwd.chunk", 0, 5, 0, 0, 2, 0, List.of());
        assertThrows(CorruptChunkException.class, () -> after.readStoredColumn(id, evil, 0));
        assertThrows(IllegalArgumentException.class, () -> after.chunkFile(id, evil));
    }

    @Test
    void chunkFileNamesHaveEightDigits() {
        assertEquals("00000042.chunk", Catalog.chunkFileName(42));
        assertThrows(IllegalArgumentException.class, () -> Catalog.chunkFileName(-1));
        Catalog catalog = new Catalog(root, ChunkCache.disabled());
        UUID id = UUID.randomUUID();
        assertEquals(root.toAbsolutePath().resolve(id.toString()).resolve("chunks").resolve("00000003.chunk"),
                catalog.chunkFile(id, 3));
        assertEquals("source.csv", catalog.sourceFile(id).getFileName().toString());
        assertEquals("rejects.jsonl", catalog.rejectsFile(id).getFileName().toString());
    }
}
