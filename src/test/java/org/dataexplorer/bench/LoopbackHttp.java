package org.dataexplorer.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection to a server on the loopback, with blocking I/O on the calling thread: the
 * load test's client. A load generator that shares two cores with the server it measures must cost next to
 * nothing, and {@code java.net.http} costs a selector thread per client, buffers copied per exchange, and a
 * CSV body pushed through a publisher; here a request is one write and an answer one read loop, and a file
 * goes out with {@link FileChannel#transferTo} (sendfile). Not thread-safe: one per thread.
 */
final class LoopbackHttp implements Closeable {

    /** A status and, unless discarded, the body. */
    record Answer(int status, byte[] body) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final InetSocketAddress address;
    private final String host;
    private final int timeoutMillis;
    private SocketChannel channel;
    private OutputStream out;
    private InputStream in;
    /** Whether a byte of the current answer came (a failure after that is not retried). */
    private boolean answerStarted;

    LoopbackHttp(URI base, int timeoutMillis) {
        this.address = new InetSocketAddress(base.getHost(), base.getPort());
        this.host = base.getHost() + ":" + base.getPort();
        this.timeoutMillis = timeoutMillis;
    }

    Answer get(String path) throws IOException {
        return exchange("GET", path, null, null, false);
    }

    /** A GET whose body is read and dropped (an export), so its size does not matter. */
    Answer getDiscarding(String path) throws IOException {
        return exchange("GET", path, null, null, true);
    }

    Answer post(String path, String contentType, byte[] body) throws IOException {
        return exchange("POST", path, contentType, body, false);
    }

    Answer delete(String path) throws IOException {
        return exchange("DELETE", path, null, null, false);
    }

    /** POSTs the file as the body, sent by the kernel from the page cache. */
    Answer postFile(String path, String contentType, Path file) throws IOException {
        try (FileChannel source = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = source.size();
            return withRetry(() -> {
                out.write(head("POST", path, contentType, size));
                out.flush();
                long sent = 0;
                while (sent < size) {
                    sent += source.transferTo(sent, size - sent, channel);
                }
                return readAnswer(false);
            });
        }
    }

    private Answer exchange(String method, String path, String contentType, byte[] body, boolean discard)
            throws IOException {
        byte[] head = head(method, path, contentType, body == null ? -1 : body.length);
        byte[] request = head;
        if (body != null) {
            request = new byte[head.length + body.length];
            System.arraycopy(head, 0, request, 0, head.length);
            System.arraycopy(body, 0, request, head.length, body.length);
        }
        byte[] bytes = request;
        return withRetry(() -> {
            out.write(bytes);
            out.flush();
            return readAnswer(discard);
        });
    }

    private interface Exchange {
        Answer run() throws IOException;
    }

    /**
     * Runs the exchange, once more on a new connection when a kept-alive one turns out closed before any answer
     * came (the server closes idle connections; it has then not seen the request).
     */
    private Answer withRetry(Exchange exchange) throws IOException {
        boolean reused = channel != null;
        connect();
        try {
            return exchange.run();
        } catch (IOException e) {
            close();
            if (!reused || answerStarted) {
                throw e;
            }
        }
        connect();
        try {
            return exchange.run();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private byte[] head(String method, String path, String contentType, long length) {
        StringBuilder head = new StringBuilder(128).append(method).append(' ').append(path)
                .append(" HTTP/1.1\r\nHost: ").append(host).append("\r\n");
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (length >= 0) {
            head.append("Content-Length: ").append(length).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private void connect() throws IOException {
        if (channel != null) {
            return;
        }
        SocketChannel opened = SocketChannel.open();
        try {
            opened.socket().connect(address, timeoutMillis);
            opened.socket().setTcpNoDelay(true);
            opened.socket().setSoTimeout(timeoutMillis);
        } catch (IOException e) {
            opened.close();
            throw e;
        }
        channel = opened;
        // Through the socket's own streams, so the read timeout holds (a channel's stream ignores it).
        out = opened.socket().getOutputStream();
        in = new BufferedInputStream(opened.socket().getInputStream(), 64 * 1024);
    }

    private Answer readAnswer(boolean discard) throws IOException {
        answerStarted = false;
        int first = in.read();
        if (first < 0) {
            throw new EOFException("the connection was closed");
        }
        answerStarted = true;
        String status = (char) first + line();
        if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
            throw new IOException("not an HTTP/1.1 answer: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closeAfter = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> closeAfter = value.equalsIgnoreCase("close");
                default -> {
                    // not needed
                }
            }
        }
        ByteArrayOutputStream body = discard ? null : new ByteArrayOutputStream(length > 0 ? (int) length : 1024);
        if (chunked) {
            for (long size = Long.parseLong(chunkSize(line()), 16); size > 0;
                 size = Long.parseLong(chunkSize(line()), 16)) {
                copy(size, body);
                line();
            }
            for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                // trailers are not needed
            }
        } else if (length >= 0) {
            copy(length, body);
        } else if (code != 204 && code != 304) {
            // No length: the body runs to the end of the connection.
            copy(Long.MAX_VALUE, body);
            closeAfter = true;
        }
        if (closeAfter) {
            close();
        }
        return new Answer(code, body == null ? new byte[0] : body.toByteArray());
    }

    private static String chunkSize(String line) {
        int semicolon = line.indexOf(';');
        return (semicolon < 0 ? line : line.substring(0, semicolon)).trim();
    }

    private final byte[] scratch = new byte[64 * 1024];

    private void copy(long count, ByteArrayOutputStream body) throws IOException {
        long left = count;
        while (left > 0) {
            int n = in.read(scratch, 0, (int) Math.min(scratch.length, left));
            if (n < 0) {
                if (count == Long.MAX_VALUE) {
                    return;
                }
                throw new EOFException("the answer ended " + left + " bytes early");
            }
            if (body != null) {
                body.write(scratch, 0, n);
            }
            left -= n;
        }
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("the connection closed in the middle of an answer");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            channel = null;
            out = null;
            in = null;
        }
    }
}
