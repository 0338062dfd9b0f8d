package org.dataexplorer.ingest.upload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

import org.dataexplorer.ingest.IngestFailure;

/**
 * Streams the content of one part of a {@code multipart/form-data} body (RFC 7578) to a sink: the
 * first part that is named {@code file} or carries a file name (streaming cannot wait to see whether a
 * later part is named {@code file}). Everything else is skipped.
 * Holds at most one boundary's worth of bytes beyond its buffer.
 */
public final class MultipartSink implements ByteSink {

    private static final int MAX_HEADER_BYTES = 16 * 1024;

    private enum State { PREAMBLE, HEADERS, BODY, EPILOGUE }

    private final ByteSink downstream;
    /** "\r\n--boundary": the delimiter before every part after the first. */
    private final byte[] delimiter;
    private byte[] buffer = new byte[64 * 1024];
    private int buffered;
    private State state = State.PREAMBLE;
    private boolean forwarding;
    private boolean found;

    public MultipartSink(ByteSink downstream, String boundary) {
        if (boundary == null || boundary.isEmpty() || boundary.length() > 200) {
            throw IngestFailure.badOption("Content-Type", "multipart/form-data needs a boundary parameter");
        }
        this.downstream = downstream;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The boundary parameter of a multipart Content-Type, or null. */
    public static String boundaryOf(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String param : contentType.split(";")) {
            String p = param.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String value = p.substring("boundary=".length()).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value;
            }
        }
        return null;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        ensureCapacity(buffered + length);
        System.arraycopy(bytes, offset, buffer, buffered, length);
        buffered += length;
        process(false);
    }

    private void process(boolean end) throws IOException {
        int pos = 0;
        boolean progress = true;
        while (progress && pos < buffered) {
            progress = false;
            switch (state) {
                case PREAMBLE -> {
                    // The first boundary may come without the leading CRLF.
                    int at = indexOf(buffer, pos, buffered, delimiter, 2);
                    if (at >= 0) {
                        pos = at + delimiter.length - 2;
                        state = State.HEADERS;
                        progress = true;
                    } else {
                        pos = Math.max(pos, buffered - delimiter.length);
                    }
                }
                case HEADERS -> {
                    int lineEnd = indexOf(buffer, pos, buffered, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
                    if (lineEnd < 0) {
                        if (buffered - pos > MAX_HEADER_BYTES) {
                            throw IngestFailure.invalid("A multipart part has headers longer than " + MAX_HEADER_BYTES + " bytes", -1, -1, -1);
                        }
                        break;
                    }
                    String headers = new String(buffer, pos, lineEnd - pos, StandardCharsets.UTF_8);
                    if (headers.startsWith("--")) {
                        state = State.EPILOGUE;
                        pos = buffered;
                        break;
                    }
                    forwarding = !found && wanted(headers);
                    found |= forwarding;
                    pos = lineEnd + 4;
                    state = State.BODY;
                    progress = true;
                }
                case BODY -> {
                    int at = indexOf(buffer, pos, buffered, delimiter, 0);
                    int safeEnd = at >= 0 ? at : Math.max(pos, buffered - delimiter.length + 1);
                    if (forwarding && safeEnd > pos) {
                        downstream.write(buffer, pos, safeEnd - pos);
                    }
                    pos = safeEnd;
                    if (at >= 0) {
                        pos = at + delimiter.length;
                        forwarding = false;
                        state = State.HEADERS;
                        progress = true;
                    }
                }
                case EPILOGUE -> pos = buffered;
                default -> throw new IllegalStateException(state.name());
            }
        }
        if (state == State.HEADERS && buffered - pos >= 2 && buffer[pos] == '-' && buffer[pos + 1] == '-') {
            state = State.EPILOGUE;
            pos = buffered;
        }
        System.arraycopy(buffer, pos, buffer, 0, buffered - pos);
        buffered -= pos;
    }

    private static boolean wanted(String headers) {
        for (String line : headers.split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-disposition:")) {
                return lower.matches(".*;\\s*name=\"?file\"?(;.*|\\s*$)") || lower.contains("filename=");
            }
        }
        return false;
    }

    @Override
    public void finish() throws IOException {
        process(true);
        if (!found) {
            throw IngestFailure.badOption("file", "The multipart/form-data body has no 'file' part");
        }
        if (state != State.EPILOGUE) {
            throw IngestFailure.invalid("The multipart/form-data body ends before its closing boundary", -1, -1, -1);
        }
        downstream.finish();
    }

    private void ensureCapacity(int needed) {
        if (needed > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
        }
    }

    /** Index of {@code pattern} (from {@code skip} on) in {@code data[from, to)}; -1 if absent. */
    private static int indexOf(byte[] data, int from, int to, byte[] pattern, int skip) {
        int plen = pattern.length - skip;
        outer:
        for (int i = from; i <= to - plen; i++) {
            for (int j = 0; j < plen; j++) {
                if (data[i + j] != pattern[skip + j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
