package org.dataexplorer.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.dataexplorer.store.DatasetManifest;
import org.dataexplorer.store.format.CorruptManifestException;
import org.dataexplorer.store.format.ManifestCodec;

/**
 * A manifest file of arbitrary bytes (a torn write, a disk error, a hand edit): reading it either gives a
 * manifest that writes back and reads again to the same value, or fails with
 * {@link CorruptManifestException} — which is what makes recovery quarantine the dataset instead of
 * stopping the start.
 */
class ManifestCodecFuzzTest {

    private static final Path FILE = tempFile();

    private static Path tempFile() {
        try {
            Path dir = Files.createTempDirectory("manifest-fuzz");
            return dir.resolve("manifest.json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void readManifest(byte[] bytes) throws IOException {
        Files.write(FILE, bytes);
        DatasetManifest manifest;
        try {
            manifest = ManifestCodec.read(FILE);
        } catch (CorruptManifestException expected) {
            return;
        }
        ManifestCodec.write(FILE, manifest);
        assertEquals(manifest, ManifestCodec.read(FILE), "a manifest read back after writing it");
    }
}
