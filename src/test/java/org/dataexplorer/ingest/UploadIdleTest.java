package org.dataexplorer.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.dataexplorer.store.DatasetStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadIdleTest {

    @TempDir
    Path root;

    @Test
    void anUploadWhoseClientWentQuietIsAbortedAndCleanedUp() throws Exception {
        try (IngestHarness harness = new IngestHarness(root)) {
            Upload quiet = harness.service().begin(IngestHarness.options(), null);
            byte[] start = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);
            quiet.write(start, 0, start.length);

            harness.service().abortIdle(Duration.ofHours(1));
            assertFalse(quiet.result().isDone(), "a recently active upload is left alone");

            Thread.sleep(5);
            harness.service().abortIdle(Duration.ofMillis(1));
            IngestFailure failure = assertThrows(IngestFailure.class, () -> IngestHarness.await(quiet));
            assertEquals(IngestFailure.Kind.TIMED_OUT, failure.kind());
            assertTrue(failure.getMessage().contains("upload.idle.timeout.ms"), failure.getMessage());

            UUID id = quiet.id();
            assertEquals(DatasetStatus.FAILED, harness.catalog().get(id).orElseThrow().status());
            assertTrue(Files.notExists(harness.catalog().sourceFile(id)));
            assertThrows(IngestFailure.class, () -> quiet.write(start, 0, start.length),
                    "the receiving side learns the upload is over");
        }
    }

    @Test
    void anUploadThatFinishedSendingIsNeverTimedOut() throws IOException {
        try (IngestHarness harness = new IngestHarness(root)) {
            Upload done = harness.service().begin(IngestHarness.options(), null);
            byte[] body = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);
            done.write(body, 0, body.length);
            done.endOfInput();
            harness.service().abortIdle(Duration.ZERO);
            assertEquals(DatasetStatus.READY, IngestHarness.await(done).status());
        }
    }

    @Test
    void anUploadTricklingBelowTheMinimumRateIsAbortedButAFastOneIsNot() throws Exception {
        try (IngestHarness harness = new IngestHarness(root)) {
            Upload slow = harness.service().begin(IngestHarness.options(), null);
            Upload fast = harness.service().begin(IngestHarness.options(), null);
            byte[] header = "a,b\n".getBytes(StandardCharsets.UTF_8);
            slow.write(header, 0, header.length);
            byte[] many = new byte[1 << 20];
            java.util.Arrays.fill(many, (byte) '7');
            many[many.length - 1] = '\n';
            fast.write(header, 0, header.length);
            fast.write(many, 0, many.length);

            harness.service().abortSlow(Duration.ofHours(1), 1000);
            assertFalse(slow.result().isDone(), "no verdict before a whole period has passed");

            Thread.sleep(20);
            // Since the start: 4 bytes, and a megabyte (well over 100 KB/s unless the machine stalls for seconds).
            harness.service().abortSlow(Duration.ofMillis(10), 100_000);
            IngestFailure failure = assertThrows(IngestFailure.class, () -> IngestHarness.await(slow));
            assertEquals(IngestFailure.Kind.TIMED_OUT, failure.kind());
            assertTrue(failure.getMessage().contains("upload.min.bytes.per.second"), failure.getMessage());
            assertFalse(fast.result().isDone(), "a fast upload goes on");

            Thread.sleep(20);
            harness.service().abortSlow(Duration.ofMillis(10), 100_000);
            assertFalse(fast.result().isDone(), "a period without any byte is left to the idle limit");
            fast.endOfInput();
            assertEquals(DatasetStatus.READY, IngestHarness.await(fast).status());
        }
    }
}
