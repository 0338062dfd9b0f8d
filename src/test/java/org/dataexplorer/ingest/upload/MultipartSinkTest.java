package org.dataexplorer.ingest.upload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.dataexplorer.ingest.IngestFailure;
import org.junit.jupiter.api.Test;

class MultipartSinkTest {

    private static final String BOUNDARY = "----WebKitFormBoundary7MA4YWxkTrZu0gW";

    /** File content full of near-boundaries: CRLFs, dashes, a prefix of the delimiter. */
    private static byte[] fileContent(long seed, int rows) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder("id,text\r\n");
        for (int i = 0; i < rows; i++) {
            text.append(i).append(',');
            switch (random.nextInt(6)) {
                case 0 -> text.append("\"a\r\nb\"");
                case 1 -> text.append("--");
                case 2 -> text.append("\"\r\n--").append(BOUNDARY, 0, random.nextInt(BOUNDARY.length())).append('"');
                case 3 -> text.append("é日\r");
                case 4 -> text.append("\r\n-");
                default -> text.append(random.nextInt());
            }
            text.append("\r\n");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] body(String preamble, String before, byte[] file, String after, String epilogue,
                               boolean closed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(preamble.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(("--" + BOUNDARY + "\r\n").getBytes(StandardCharsets.UTF_8));
        if (before != null) {
            out.writeBytes(("Content-Disposition: form-data; name=\"options\"\r\n\r\n" + before + "\r\n--" + BOUNDARY
                    + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        if (file != null) {
            out.writeBytes(("Content-Disposition: form-data; name=\"file\"; filename=\"data.csv\"\r\n"
                    + "Content-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(file);
            out.writeBytes(("\r\n--" + BOUNDARY).getBytes(StandardCharsets.UTF_8));
        }
        if (after != null) {
            if (file != null) {
                out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            out.writeBytes(("Content-Disposition: form-data; name=\"name\"\r\n\r\n" + after + "\r\n--" + BOUNDARY)
                    .getBytes(StandardCharsets.UTF_8));
        }
        if (closed) {
            out.writeBytes(("--\r\n" + epilogue).getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static byte[] decode(byte[] body, long seed) throws IOException {
        CollectingSink sink = new CollectingSink();
        MultipartSink multipart = new MultipartSink(sink, BOUNDARY);
        if (seed < 0) {
            Pieces.writeByteAtATime(multipart, body);
        } else {
            Pieces.writeRandomly(multipart, body, seed, 1 + (int) (seed % 5) * 50);
        }
        multipart.finish();
        assertEquals(1, sink.finishes());
        return sink.bytes();
    }

    @Test
    void extractsTheFilePartWithFieldsBeforeAndAfter() throws IOException {
        byte[] file = fileContent(1, 300);
        byte[] body = body("This is the preamble.\r\n", "{\"a\":1}\r\n\r\n--x", file, "my data\r\n", "bye\r\n\r\n",
                true);
        for (long seed = -1; seed < 60; seed++) {
            assertArrayEquals(file, decode(body, seed), "seed " + seed);
        }
        CollectingSink sink = new CollectingSink();
        MultipartSink whole = new MultipartSink(sink, BOUNDARY);
        whole.write(body, 0, body.length);
        whole.finish();
        assertArrayEquals(file, sink.bytes());
    }

    @Test
    void boundarySplitAtEveryPosition() throws IOException {
        byte[] file = "a,b\r\n1,\"x\r\n--y\"\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] body = body("", "v", file, "w", "", true);
        for (int split = 0; split <= body.length; split++) {
            for (int split2 = split; split2 <= body.length; split2 += 7) {
                CollectingSink sink = new CollectingSink();
                MultipartSink multipart = new MultipartSink(sink, BOUNDARY);
                multipart.write(body, 0, split);
                multipart.write(body, split, split2 - split);
                multipart.write(body, split2, body.length - split2);
                multipart.finish();
                assertArrayEquals(file, sink.bytes(), "split at " + split + ", " + split2);
            }
        }
    }

    @Test
    void onlyAFilePartAndEmptyFile() throws IOException {
        byte[] file = fileContent(2, 50);
        assertArrayEquals(file, decode(body("", null, file, null, "", true), 3));
        assertArrayEquals(new byte[0], decode(body("", null, new byte[0], null, "", true), 4));
        // content ending in CR, and the epilogue missing its CRLF
        byte[] endsWithCr = "a\r\nb\r".getBytes(StandardCharsets.UTF_8);
        byte[] body = body("", null, endsWithCr, null, "", true);
        byte[] noCrlf = java.util.Arrays.copyOf(body, body.length - 2);
        assertArrayEquals(endsWithCr, decode(noCrlf, -1));
    }

    @Test
    void anyPartWithAFileNameCountsAsTheFile() throws IOException {
        String text = "--B\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"x.csv\"\r\n\r\nq,r\r\n--B--\r\n";
        CollectingSink sink = new CollectingSink();
        MultipartSink multipart = new MultipartSink(sink, "B");
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        multipart.write(bytes, 0, bytes.length);
        multipart.finish();
        assertArrayEquals("q,r".getBytes(StandardCharsets.UTF_8), sink.bytes());
    }

    @Test
    void missingFilePartIsABadOption() {
        byte[] body = body("", "only options", null, "and a name", "", true);
        IngestFailure failure = assertThrows(IngestFailure.class, () -> decode(body, 5));
        assertEquals(IngestFailure.Kind.BAD_OPTION, failure.kind());
        assertEquals("file", failure.parameter());
        // a field called "files" is not the file
        String text = "--B\r\nContent-Disposition: form-data; name=\"files\"\r\n\r\nq\r\n--B--\r\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        MultipartSink multipart = new MultipartSink(new CollectingSink(), "B");
        assertThrows(IngestFailure.class, () -> {
            multipart.write(bytes, 0, bytes.length);
            multipart.finish();
        });
    }

    @Test
    void missingClosingBoundaryIsInvalid() {
        byte[] file = fileContent(3, 40);
        for (byte[] body : new byte[][] {
            body("", null, file, null, "", false),
            body("", "x", file, "y", "", false),
            java.util.Arrays.copyOf(body("", null, file, null, "", true), 200)}) {
            CollectingSink sink = new CollectingSink();
            IngestFailure failure = assertThrows(IngestFailure.class, () -> {
                MultipartSink multipart = new MultipartSink(sink, BOUNDARY);
                multipart.write(body, 0, body.length);
                multipart.finish();
            });
            assertEquals(IngestFailure.Kind.INVALID_INPUT, failure.kind());
            assertEquals(0, sink.finishes(), "the downstream must not be finished");
        }
    }

    @Test
    void boundaryParameter() {
        assertEquals("abc", MultipartSink.boundaryOf("multipart/form-data; boundary=abc"));
        assertEquals("Ab c", MultipartSink.boundaryOf("multipart/form-data; charset=utf-8; BOUNDARY=\"Ab c\""));
        assertNull(MultipartSink.boundaryOf("multipart/form-data"));
        assertNull(MultipartSink.boundaryOf(null));
        assertEquals(IngestFailure.Kind.BAD_OPTION,
                assertThrows(IngestFailure.class, () -> new MultipartSink(new CollectingSink(), "")).kind());
    }
}
