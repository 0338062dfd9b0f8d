package org.dataexplorer.api.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class SizedBodyTest {

    /** The response side: what was written, in how many writes, and the length announced (-1: none). */
    private static final class Sink extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<Integer> writes = new ArrayList<>();
        int announced = -1;
        boolean opened;
        boolean closed;

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            assertTrue(!closed, "written after close");
            bytes.write(b, off, len);
            writes.add(len);
        }

        @Override
        public void close() {
            closed = true;
        }

        SizedBody body(int initial, int limit) {
            return new SizedBody(() -> {
                opened = true;
                return this;
            }, n -> announced = n, initial, limit);
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @Test
    void aSmallBodyIsSentOnceWithItsLength() throws IOException {
        Sink sink = new Sink();
        byte[] data = random(50_000);
        try (SizedBody body = sink.body(1024, 64 << 10)) {
            for (int i = 0; i < data.length; i += 777) {
                body.write(data, i, Math.min(777, data.length - i));
            }
            assertTrue(!sink.opened, "nothing reaches the response before the end");
        }
        assertEquals(data.length, sink.announced);
        assertEquals(List.of(data.length), sink.writes);
        assertArrayEquals(data, sink.bytes.toByteArray());
        assertTrue(sink.closed);
    }

    @Test
    void aBodyOfExactlyTheLimitStillHasItsLength() throws IOException {
        Sink sink = new Sink();
        byte[] data = random(4096);
        try (SizedBody body = sink.body(100, 4096)) {
            body.write(data, 0, 4000);
            body.write(data, 4000, 96);
        }
        assertEquals(4096, sink.announced);
        assertArrayEquals(data, sink.bytes.toByteArray());
    }

    @Test
    void aBigBodyStreamsWithoutALengthAndKeepsEveryByte() throws IOException {
        Sink sink = new Sink();
        byte[] data = random(300_000);
        try (SizedBody body = sink.body(1024, 64 << 10)) {
            for (int i = 0; i < data.length; i += 5000) {
                body.write(data, i, Math.min(5000, data.length - i));
                if (i == 100_000) {
                    assertTrue(sink.opened, "streaming once over the limit");
                }
            }
            body.write('!');
        }
        assertEquals(-1, sink.announced);
        byte[] expected = java.util.Arrays.copyOf(data, data.length + 1);
        expected[data.length] = '!';
        assertArrayEquals(expected, sink.bytes.toByteArray());
        assertTrue(sink.closed);
    }

    @Test
    void anEmptyBodyHasLengthZero() throws IOException {
        Sink sink = new Sink();
        sink.body(16, 64).close();
        assertEquals(0, sink.announced);
        assertTrue(sink.closed);
    }

    @Test
    void aBodyAfterAnotherOnTheSameThreadSendsOnlyItsOwnBytes() throws IOException {
        byte[] first = random(20_000);
        Sink before = new Sink();
        try (SizedBody body = before.body(32 << 10, 1 << 20)) {
            body.write(first, 0, first.length);
        }
        byte[] second = random(100);
        Sink after = new Sink();
        try (SizedBody body = after.body(32 << 10, 1 << 20)) {
            body.write(second, 0, second.length);
        }
        assertEquals(100, after.announced);
        assertArrayEquals(second, after.bytes.toByteArray());
        assertArrayEquals(first, before.bytes.toByteArray(), "the first body's bytes are not touched by the second");
    }
}
