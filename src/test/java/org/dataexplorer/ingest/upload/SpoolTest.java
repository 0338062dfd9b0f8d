package org.dataexplorer.ingest.upload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.dataexplorer.ingest.IngestFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {

    @TempDir
    Path dir;

    private static CompletableFuture<byte[]> readAllInBackground(InputStream in, CountDownLatch started) {
        return CompletableFuture.supplyAsync(() -> {
            started.countDown();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[1000];
            try {
                int n;
                while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return out.toByteArray();
        });
    }

    @Test
    void readerWaitsForBytesWrittenLaterAndSeesTheEnd() throws Exception {
        byte[] data = new byte[300_000];
        new Random(1).nextBytes(data);
        try (Spool spool = new Spool(dir.resolve("source.csv"), Long.MAX_VALUE)) {
            CountDownLatch started = new CountDownLatch(1);
            CompletableFuture<byte[]> reader = readAllInBackground(spool.openStream(0), started);
            started.await();
            Pieces.writeRandomly(spool, data, 7, 5000);
            assertFalse(reader.isDone(), "the reader cannot see the end before finish()");
            spool.finish();
            assertArrayEquals(data, reader.get(30, TimeUnit.SECONDS));
            assertEquals(data.length, spool.size());
            assertTrue(spool.isComplete());
            assertArrayEquals(data, Files.readAllBytes(spool.file()));

            // a second reader from an offset, after the end
            InputStream late = spool.openStream(1000);
            byte[] rest = late.readAllBytes();
            assertEquals(data.length - 1000, rest.length);
            assertEquals(data[1000], rest[0]);
            assertEquals(-1, late.read());
        }
    }

    @Test
    void singleByteReadsAndReadAtPosition() throws IOException {
        try (Spool spool = new Spool(dir.resolve("s"), 100)) {
            spool.write(new byte[] {9, 8, 7, 6}, 1, 2);
            byte[] target = new byte[10];
            assertEquals(2, spool.read(0, target, 0, 10), "returns what is there without waiting for more");
            assertEquals(8, target[0]);
            assertEquals(7, target[1]);
            spool.finish();
            assertEquals(-1, spool.read(2, target, 0, 10));
            InputStream in = spool.openStream(0);
            assertEquals(8, in.read());
            assertEquals(7, in.read());
            assertEquals(-1, in.read());
            assertEquals(0, in.read(target, 0, 0));
        }
    }

    @Test
    void emptyUploadReadsAsEnd() throws IOException {
        try (Spool spool = new Spool(dir.resolve("empty"), 100)) {
            spool.finish();
            assertEquals(-1, spool.openStream(0).read());
        }
    }

    @Test
    void waitingReaderGetsTheFailure() throws Exception {
        try (Spool spool = new Spool(dir.resolve("f"), Long.MAX_VALUE)) {
            spool.write(new byte[] {1, 2, 3}, 0, 3);
            CountDownLatch started = new CountDownLatch(1);
            CompletableFuture<byte[]> reader = readAllInBackground(spool.openStream(0), started);
            started.await();
            IngestFailure reason = IngestFailure.aborted("client went away", null);
            spool.fail(reason);
            ExecutionException e = assertThrows(ExecutionException.class, () -> reader.get(30, TimeUnit.SECONDS));
            assertSame(reason, e.getCause());
            // any later read fails the same way, even where bytes exist
            assertSame(reason, assertThrows(IngestFailure.class, () -> spool.read(0, new byte[3], 0, 3)));
        }
    }

    @Test
    void otherFailuresBecomeAborted() throws IOException {
        try (Spool spool = new Spool(dir.resolve("g"), Long.MAX_VALUE)) {
            IOException cause = new IOException("connection reset");
            spool.fail(cause);
            IngestFailure failure = assertThrows(IngestFailure.class, () -> spool.openStream(0).read());
            assertEquals(IngestFailure.Kind.ABORTED, failure.kind());
            assertSame(cause, failure.getCause());
        }
    }

    @Test
    void sizeLimitIsTooLarge() throws IOException {
        try (Spool spool = new Spool(dir.resolve("h"), 10)) {
            spool.write(new byte[8], 0, 8);
            spool.write(new byte[2], 0, 2);
            assertEquals(10, spool.size());
            IngestFailure failure = assertThrows(IngestFailure.class, () -> spool.write(new byte[1], 0, 1));
            assertEquals(IngestFailure.Kind.TOO_LARGE, failure.kind());
            assertEquals(10, spool.size(), "the refused bytes are not counted");
        }
    }

    @Test
    void refusesToReuseAnExistingFile() throws IOException {
        Path existing = Files.writeString(dir.resolve("old"), "x");
        assertThrows(IOException.class, () -> new Spool(existing, 10));
    }
}
