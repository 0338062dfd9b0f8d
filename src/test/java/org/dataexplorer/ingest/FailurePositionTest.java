package org.dataexplorer.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.dataexplorer.store.DatasetManifest;
import org.dataexplorer.store.DatasetStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dataset that failed on its content says where, so a client that did not wait for the upload can tell. */
class FailurePositionTest {

    @TempDir
    Path root;

    @Test
    void aFailedDatasetsErrorNamesTheLineColumnAndByte() throws IOException {
        try (IngestHarness harness = new IngestHarness(root)) {
            String csv = "a,b\n1,2\n3,4\n5,\"" + "x".repeat(1_100_000) + "\"\n";
            IngestFailure failure = assertThrows(IngestFailure.class,
                    () -> harness.ingest(IngestHarness.options(), csv.getBytes(StandardCharsets.UTF_8), 3));
            assertEquals(4, failure.line());
            assertEquals(2, failure.column());
            DatasetManifest failed = harness.catalog().list().get(0);
            assertEquals(DatasetStatus.FAILED, failed.status());
            assertEquals(failure.getMessage() + " (line 4, column 2, byte 12)", failed.error());
        }
    }
}
