package org.dataexplorer.it;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for what a client library hides: a server that answers before
 * the body is complete (413), and a client that vanishes mid-upload.
 */
final class RawHttp {

    private static final int MAX_RESPONSE_BYTES = 1 << 20;

    private RawHttp() {
    }

    /** An open upload whose body the caller writes, then aborts or finishes. */
    static final class Upload implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final Thread reader;
        private final ByteArrayOutputStream response = new ByteArrayOutputStream();
        private volatile IOException writeError;

        private Upload(Socket socket) throws IOException {
            this.socket = socket;
            this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            InputStream in = socket.getInputStream();
            // Read the response while the body is still being written: a server may answer early.
            this.reader = new Thread(() -> {
                byte[] buf = new byte[8192];
                try {
                    int n;
                    while ((n = in.read(buf)) != -1) {
                        synchronized (response) {
                            if (response.size() < MAX_RESPONSE_BYTES) {
                                response.write(buf, 0, n);
                            }
                        }
                    }
                } catch (IOException e) {
                    // reset or closed: whatever arrived before is kept
                }
            }, "raw-http-reader");
            reader.setDaemon(true);
            reader.start();
        }

        OutputStream body() {
            return out;
        }

        /**
         * Writes with {@code writer}; a failed write (the server closed the connection) is
         * remembered rather than thrown, so the response can still be read. A write still blocked
         * after {@code timeoutMillis} (a server that neither reads nor closes) closes the socket.
         */
        boolean write(Http.BodyWriter writer, long timeoutMillis) {
            if (writeError != null) {
                return false;
            }
            Thread watchdog = new Thread(() -> {
                try {
                    Thread.sleep(timeoutMillis);
                    socket.close();
                } catch (InterruptedException | IOException e) {
                    // finished in time, or already closed
                }
            }, "raw-http-write-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
            try {
                writer.write(out);
                out.flush();
                return true;
            } catch (IOException e) {
                writeError = e;
                return false;
            } finally {
                watchdog.interrupt();
            }
        }

        IOException writeError() {
            return writeError;
        }

        /** Waits (bounded) until a complete response head has arrived, and parses what arrived. */
        Response awaitHead(long timeoutMillis) {
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
            while (System.nanoTime() < deadline && reader.isAlive()) {
                synchronized (response) {
                    if (response.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                        break;
                    }
                }
                Poll.sleep(20);
            }
            byte[] bytes;
            synchronized (response) {
                bytes = response.toByteArray();
            }
            return Response.parse(bytes, reader.isAlive());
        }

        /** Whether the server has closed (or reset) the connection. */
        boolean closedByServer() {
            return !reader.isAlive();
        }

        /** Waits for the server to close the connection (bounded) and parses what it sent. */
        Response awaitResponse(long timeoutMillis) {
            try {
                reader.join(timeoutMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            byte[] bytes;
            synchronized (response) {
                bytes = response.toByteArray();
            }
            return Response.parse(bytes, reader.isAlive());
        }

        /** Half-closes: the server reads end of stream (FIN) while the response can still arrive. */
        void shutdownOutput() {
            try {
                out.flush();
                socket.shutdownOutput();
            } catch (IOException e) {
                writeError = e;
            }
        }

        /** Drops the connection with a TCP reset, as a crashed or killed client would. */
        void abort() {
            try {
                socket.setSoLinger(true, 0);
                socket.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /**
     * Opens a connection and sends the request head. {@code headers} are complete header lines
     * (without CRLF); Host and Connection: close are added.
     */
    static Upload open(URI base, String method, String pathAndQuery, List<String> headers) {
        return open(base, method, pathAndQuery, headers, false);
    }

    /** Like {@link #open(URI, String, String, List)}; {@code keepAlive} leaves out Connection: close. */
    static Upload open(URI base, String method, String pathAndQuery, List<String> headers, boolean keepAlive) {
        return open(base, method, pathAndQuery, headers, keepAlive, 60_000);
    }

    /** {@code readTimeoutMillis} bounds the wait for each read of the response. */
    static Upload open(URI base, String method, String pathAndQuery, List<String> headers, boolean keepAlive,
                       long readTimeoutMillis) {
        try {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 10_000);
            socket.setSoTimeout((int) readTimeoutMillis);
            Upload upload = new Upload(socket);
            StringBuilder head = new StringBuilder();
            head.append(method).append(' ').append(base.resolve(pathAndQuery).getRawPath());
            String query = base.resolve(pathAndQuery).getRawQuery();
            if (query != null) {
                head.append('?').append(query);
            }
            head.append(" HTTP/1.1\r\n");
            head.append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n");
            for (String header : headers) {
                head.append(header).append("\r\n");
            }
            head.append(keepAlive ? "\r\n" : "Connection: close\r\n\r\n");
            upload.body().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            upload.body().flush();
            return upload;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends {@code request} byte for byte (request line, headers and body as given, nothing added), then
     * half-closes and returns what the server answered before closing (status -1 for nothing).
     */
    static Response exchange(URI base, byte[] request, long timeoutMillis) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 10_000);
            socket.setSoTimeout((int) timeoutMillis);
            Upload upload = new Upload(socket);
            upload.write(out -> out.write(request), timeoutMillis);
            upload.shutdownOutput();
            return upload.awaitResponse(timeoutMillis);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * POSTs a body of unknown length with chunked transfer encoding through a fixed buffer (a
     * chunk goes out when the buffer is full or on {@code flush()}), and returns the response even
     * when the server answered early and closed the connection before the body was complete.
     */
    static Reply postChunked(URI base, String pathAndQuery, String contentType, Http.BodyWriter writer,
                             long timeoutMillis) {
        try (Upload upload = open(base, "POST", pathAndQuery,
                List.of("Content-Type: " + contentType, "Transfer-Encoding: chunked"), false, timeoutMillis)) {
            upload.write(out -> {
                ChunkedBody body = new ChunkedBody(out);
                writer.write(body);
                body.finish();
            }, timeoutMillis);
            Response response = upload.awaitResponse(timeoutMillis);
            if (response.status() < 0) {
                throw new UncheckedIOException("POST " + pathAndQuery + ": no response"
                        + (upload.writeError() == null ? "" : " (sending failed: " + upload.writeError() + ")")
                        + "; received: " + response.raw(), upload.writeError() != null
                        ? upload.writeError() : new java.io.EOFException());
            }
            return response.toReply("POST", base.resolve(pathAndQuery).toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Chunked transfer coding over a fixed buffer. */
    private static final class ChunkedBody extends OutputStream {
        private final OutputStream out;
        private final byte[] buf = new byte[64 * 1024];
        private int count;

        ChunkedBody(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            if (count == buf.length) {
                writeBuffer();
            }
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (count == buf.length) {
                    writeBuffer();
                }
                int n = Math.min(len, buf.length - count);
                System.arraycopy(b, off, buf, count, n);
                count += n;
                off += n;
                len -= n;
            }
        }

        @Override
        public void flush() throws IOException {
            writeBuffer();
            out.flush();
        }

        void finish() throws IOException {
            writeBuffer();
            writeLastChunk(out);
            out.flush();
        }

        private void writeBuffer() throws IOException {
            if (count > 0) {
                writeChunk(out, buf, count);
                count = 0;
            }
        }
    }

    /** Writes {@code data} as one HTTP/1.1 chunk. */
    static void writeChunk(OutputStream out, byte[] data, int length) throws IOException {
        out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(data, 0, length);
        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    static void writeLastChunk(OutputStream out) throws IOException {
        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A parsed response; status -1 when nothing (or no status line) arrived. */
    record Response(int status, Map<String, String> headers, byte[] body, boolean stillOpen, String raw) {

        static Response parse(byte[] bytes, boolean stillOpen) {
            String raw = new String(bytes, StandardCharsets.ISO_8859_1);
            int end = raw.indexOf("\r\n\r\n");
            if (!raw.startsWith("HTTP/1.") || end < 0) {
                return new Response(-1, Map.of(), new byte[0], stillOpen, raw);
            }
            String[] lines = raw.substring(0, end).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).trim());
                }
            }
            byte[] body = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = dechunk(body);
            }
            return new Response(status, headers, body, stillOpen, raw);
        }

        private static byte[] dechunk(byte[] body) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int pos = 0;
            while (pos < body.length) {
                int lineEnd = indexOfCrlf(body, pos);
                if (lineEnd < 0) {
                    break;
                }
                String sizeLine = new String(body, pos, lineEnd - pos, StandardCharsets.ISO_8859_1);
                int semicolon = sizeLine.indexOf(';');
                int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
                if (size == 0) {
                    break;
                }
                int start = lineEnd + 2;
                int n = Math.min(size, body.length - start);
                out.write(body, start, n);
                pos = start + size + 2;
            }
            return out.toByteArray();
        }

        private static int indexOfCrlf(byte[] b, int from) {
            for (int i = from; i + 1 < b.length; i++) {
                if (b[i] == '\r' && b[i + 1] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        String contentType() {
            return headers.getOrDefault("content-type", "").toLowerCase(Locale.ROOT);
        }

        /** As a {@link Reply}, for the shared assertions. */
        Reply toReply(String method, String uri) {
            Map<String, List<String>> map = new LinkedHashMap<>();
            headers.forEach((k, v) -> map.put(k, new ArrayList<>(List.of(v))));
            return new Reply(method, uri, status, map, body);
        }
    }
}
