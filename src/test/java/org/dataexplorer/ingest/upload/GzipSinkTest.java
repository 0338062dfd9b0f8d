package org.dataexplorer.ingest.upload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import org.dataexplorer.ingest.IngestFailure;
import org.junit.jupiter.api.Test;

class GzipSinkTest {

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    /** A gzip member with every optional header field (FEXTRA, FNAME, FCOMMENT, FHCRC). */
    private static byte[] gzipWithAllHeaderFields(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 2 | 4 | 8 | 16, 1, 2, 3, 4, 0, 3});
        out.writeBytes(new byte[] {5, 0, 'e', 'x', 't', 'r', 'a'});
        out.writeBytes("name.csv\0".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes("a comment\0".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(new byte[] {0x12, 0x34}); // header CRC16, not checked
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(data);
        deflater.finish();
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        CRC32 crc = new CRC32();
        crc.update(data);
        writeIntLE(out, (int) crc.getValue());
        writeIntLE(out, data.length);
        return out.toByteArray();
    }

    private static void writeIntLE(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] csv(long seed, int rows) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder("id,name,value\n");
        for (int i = 0; i < rows; i++) {
            text.append(i).append(",name").append(random.nextInt(1000)).append(',').append(random.nextDouble())
                    .append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] decodeAtOnce(byte[] body, boolean declared) throws IOException {
        CollectingSink sink = new CollectingSink();
        GzipSink gzip = new GzipSink(sink, declared);
        gzip.write(body, 0, body.length);
        gzip.finish();
        assertEquals(1, sink.finishes());
        return sink.bytes();
    }

    private static IngestFailure failure(byte[] body, boolean declared) {
        return assertThrows(IngestFailure.class, () -> decodeAtOnce(body, declared));
    }

    @Test
    void decodesInOneWriteByteAtATimeAndInRandomPieces() throws IOException {
        byte[] data = csv(1, 20_000);
        byte[] body = gzip(data);
        for (boolean declared : new boolean[] {false, true}) {
            assertArrayEquals(data, decodeAtOnce(body, declared));

            CollectingSink single = new CollectingSink();
            GzipSink byByte = new GzipSink(single, declared);
            Pieces.writeByteAtATime(byByte, body);
            byByte.finish();
            assertArrayEquals(data, single.bytes());

            for (long seed = 0; seed < 20; seed++) {
                CollectingSink sink = new CollectingSink();
                GzipSink pieces = new GzipSink(sink, declared);
                Pieces.writeRandomly(pieces, body, seed, seed < 10 ? 40 : 100_000);
                pieces.finish();
                assertArrayEquals(data, sink.bytes(), "seed " + seed);
                assertEquals(1, sink.finishes());
            }
        }
    }

    @Test
    void severalMembersAreConcatenated() throws IOException {
        byte[] a = csv(2, 500);
        byte[] b = "more,rows\n".getBytes(StandardCharsets.UTF_8);
        byte[] c = csv(3, 3000);
        byte[] body = concat(gzip(a), gzip(b), gzip(new byte[0]), gzipWithAllHeaderFields(c));
        byte[] expected = concat(a, b, c);
        assertArrayEquals(expected, decodeAtOnce(body, true));
        for (long seed = 0; seed < 30; seed++) {
            CollectingSink sink = new CollectingSink();
            GzipSink gzip = new GzipSink(sink, false);
            Pieces.writeRandomly(gzip, body, seed, 1 + (int) seed * 3);
            gzip.finish();
            assertArrayEquals(expected, sink.bytes(), "seed " + seed);
        }
    }

    @Test
    void optionalHeaderFieldsSplitAcrossWrites() throws IOException {
        byte[] data = "x,y\n1,2\n".getBytes(StandardCharsets.UTF_8);
        byte[] body = gzipWithAllHeaderFields(data);
        CollectingSink sink = new CollectingSink();
        GzipSink gzip = new GzipSink(sink, true);
        Pieces.writeByteAtATime(gzip, body);
        gzip.finish();
        assertArrayEquals(data, sink.bytes());
    }

    @Test
    void plainBodyPassesThroughUntouched() throws IOException {
        byte[] data = csv(4, 1000);
        assertArrayEquals(data, decodeAtOnce(data, false));
        CollectingSink sink = new CollectingSink();
        GzipSink gzip = new GzipSink(sink, false);
        Pieces.writeByteAtATime(gzip, data);
        gzip.finish();
        assertArrayEquals(data, sink.bytes());
        // bodies shorter than the magic number
        assertArrayEquals(new byte[] {'a'}, decodeAtOnce(new byte[] {'a'}, false));
        assertArrayEquals(new byte[] {0x1f}, decodeAtOnce(new byte[] {0x1f}, false));
        assertArrayEquals(new byte[0], decodeAtOnce(new byte[0], false));
    }

    @Test
    void declaredGzipThatIsPlainIsInvalid() {
        byte[] plain = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);
        IngestFailure f = failure(plain, true);
        assertEquals(IngestFailure.Kind.INVALID_INPUT, f.kind());
        assertEquals(IngestFailure.Kind.INVALID_INPUT, failure(new byte[] {'a'}, true).kind());
    }

    @Test
    void corruptDataIsInvalid() throws IOException {
        byte[] body = gzip(csv(5, 2000));
        Random random = new Random(55);
        for (int i = 0; i < 300; i++) {
            byte[] corrupt = body.clone();
            // the header's MTIME, XFL and OS bytes are not checked by gzip at all: corrupt from the method on
            int at = random.nextInt(corrupt.length - 10) + 10;
            corrupt[at] ^= (byte) (1 + random.nextInt(255));
            IngestFailure f = failure(corrupt, random.nextBoolean());
            assertEquals(IngestFailure.Kind.INVALID_INPUT, f.kind(), "byte " + at);
        }
        byte[] badMethod = body.clone();
        badMethod[2] = 7;
        assertEquals(IngestFailure.Kind.INVALID_INPUT, failure(badMethod, false).kind());
    }

    @Test
    void truncatedDataIsInvalid() throws IOException {
        byte[] body = gzip(csv(6, 2000));
        Random random = new Random(66);
        for (int i = 0; i < 200; i++) {
            int cut = 2 + random.nextInt(body.length - 2);
            byte[] truncated = Arrays.copyOf(body, cut);
            assertEquals(IngestFailure.Kind.INVALID_INPUT, failure(truncated, random.nextBoolean()).kind(),
                    "cut at " + cut);
        }
        // a member cut in the middle of the second member
        byte[] two = concat(body, Arrays.copyOf(body, 30));
        assertEquals(IngestFailure.Kind.INVALID_INPUT, failure(two, false).kind());
    }

    @Test
    void bytesAfterTheGzipDataAreInvalid() throws IOException {
        byte[] body = gzip(csv(7, 100));
        assertEquals(IngestFailure.Kind.INVALID_INPUT, failure(concat(body, "junk".getBytes()), false).kind());
        assertEquals(IngestFailure.Kind.INVALID_INPUT, failure(concat(body, new byte[] {'x'}), false).kind());
        assertEquals(IngestFailure.Kind.INVALID_INPUT, failure(concat(body, new byte[] {0x1f}), true).kind());
    }
}
