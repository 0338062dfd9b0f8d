package org.dataexplorer.store.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.dataexplorer.ingest.IngestHarness;
import org.dataexplorer.store.DatasetManifest;
import org.dataexplorer.store.format.CorruptChunkException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reader that looked a dataset up before it was deleted finds its chunk files gone: that is a deleted
 * dataset (a 404 at the API), not damage; a chunk file missing from a dataset that still exists is damage.
 */
class DeletedWhileReadTest {

    @TempDir
    Path root;

    @Test
    void aChunkGoneWithItsDatasetIsDeletedNotDamaged() throws IOException {
        try (IngestHarness harness = new IngestHarness(root)) {
            DatasetManifest manifest = harness.ingest("a,b\n1,x\n2,y\n".getBytes(StandardCharsets.UTF_8));
            UUID id = harness.id(manifest);
            Catalog catalog = harness.catalog();
            catalog.delete(id);
            DatasetDeletedException gone = assertThrows(DatasetDeletedException.class,
                    () -> catalog.readColumn(manifest, 0, 0));
            assertEquals(id, gone.id());
        }
    }

    @Test
    void aChunkMissingFromALiveDatasetIsDamage() throws IOException {
        try (IngestHarness harness = new IngestHarness(root)) {
            DatasetManifest manifest = harness.ingest("a,b\n1,x\n2,y\n".getBytes(StandardCharsets.UTF_8));
            Catalog catalog = harness.catalog();
            Files.delete(catalog.chunkFile(harness.id(manifest), manifest.chunks().get(0)));
            assertThrows(CorruptChunkException.class, () -> catalog.readColumn(manifest, 0, 1));
        }
    }
}
