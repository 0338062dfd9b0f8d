package org.dataexplorer.ingest.upload;

import java.io.IOException;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import org.dataexplorer.ingest.IngestFailure;

/**
 * Decompresses gzip (RFC 1952, several members allowed) as bytes are pushed in. When the body is not
 * declared gzip, the magic number decides; anything else passes through untouched.
 */
public final class GzipSink implements ByteSink {

    private static final int MAGIC1 = 0x1f;
    private static final int MAGIC2 = 0x8b;
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;

    private enum State { SNIFF, HEADER, BODY, TRAILER, PASS_THROUGH }

    private final ByteSink downstream;
    private final boolean declared;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte[] out = new byte[64 * 1024];
    /** Bytes of a header or trailer collected across writes. */
    private byte[] pending = new byte[0];
    private State state = State.SNIFF;
    private long memberBytes;
    private int members;

    public GzipSink(ByteSink downstream, boolean declared) {
        this.downstream = downstream;
        this.declared = declared;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        byte[] data = bytes;
        int off = offset;
        int len = length;
        if (pending.length > 0) {
            data = concat(pending, bytes, offset, length);
            off = 0;
            len = data.length;
            pending = new byte[0];
        }
        while (len > 0) {
            int used = step(data, off, len);
            if (used < 0) {
                pending = java.util.Arrays.copyOfRange(data, off, off + len);
                return;
            }
            off += used;
            len -= used;
        }
    }

    /** Consumes from the input; returns how much, or -1 when more bytes are needed first. */
    private int step(byte[] data, int off, int len) throws IOException {
        switch (state) {
            case SNIFF -> {
                if (len < 2) {
                    return -1;
                }
                boolean magic = (data[off] & 0xFF) == MAGIC1 && (data[off + 1] & 0xFF) == MAGIC2;
                if (!magic && members > 0) {
                    throw IngestFailure.invalid("Unexpected bytes after the end of the gzip data", -1, -1, -1);
                }
                if (!magic && declared) {
                    throw IngestFailure.invalid("The body is declared gzip (Content-Encoding) but is not gzip data", -1, -1, -1);
                }
                state = magic ? State.HEADER : State.PASS_THROUGH;
                return 0;
            }
            case PASS_THROUGH -> {
                downstream.write(data, off, len);
                return len;
            }
            case HEADER -> {
                int headerLength = headerLength(data, off, len);
                if (headerLength < 0) {
                    return -1;
                }
                inflater.reset();
                crc.reset();
                memberBytes = 0;
                state = State.BODY;
                return headerLength;
            }
            case BODY -> {
                return inflate(data, off, len);
            }
            case TRAILER -> {
                if (len < 8) {
                    return -1;
                }
                long expectedCrc = readIntLE(data, off) & 0xFFFFFFFFL;
                long expectedSize = readIntLE(data, off + 4) & 0xFFFFFFFFL;
                if (expectedCrc != crc.getValue() || expectedSize != (memberBytes & 0xFFFFFFFFL)) {
                    throw IngestFailure.invalid("The gzip data is corrupt (checksum mismatch)", -1, -1, -1);
                }
                members++;
                state = State.SNIFF;
                return 8;
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    private int inflate(byte[] data, int off, int len) throws IOException {
        inflater.setInput(data, off, len);
        try {
            while (true) {
                int n = inflater.inflate(out);
                if (n > 0) {
                    crc.update(out, 0, n);
                    memberBytes += n;
                    downstream.write(out, 0, n);
                    continue;
                }
                if (inflater.finished()) {
                    int left = inflater.getRemaining();
                    state = State.TRAILER;
                    return len - left;
                }
                if (inflater.needsInput()) {
                    return len;
                }
                if (inflater.needsDictionary()) {
                    throw IngestFailure.invalid("The gzip data needs a preset dictionary", -1, -1, -1);
                }
            }
        } catch (DataFormatException e) {
            throw IngestFailure.invalid("The gzip data is corrupt: " + e.getMessage(), -1, -1, -1);
        }
    }

    /** Length of a complete gzip member header at {@code off}, or -1 if it is not all there yet. */
    private static int headerLength(byte[] data, int off, int len) {
        if (len < 10) {
            return -1;
        }
        if ((data[off + 2] & 0xFF) != 8) {
            throw IngestFailure.invalid("Unsupported gzip compression method " + (data[off + 2] & 0xFF), -1, -1, -1);
        }
        int flags = data[off + 3] & 0xFF;
        int p = 10;
        if ((flags & FEXTRA) != 0) {
            if (len < p + 2) {
                return -1;
            }
            p += 2 + ((data[off + p] & 0xFF) | (data[off + p + 1] & 0xFF) << 8);
        }
        for (int flag : new int[] {FNAME, FCOMMENT}) {
            if ((flags & flag) != 0) {
                while (true) {
                    if (p >= len) {
                        return -1;
                    }
                    if (data[off + p++] == 0) {
                        break;
                    }
                }
            }
        }
        if ((flags & FHCRC) != 0) {
            p += 2;
        }
        return p <= len ? p : -1;
    }

    @Override
    public void finish() throws IOException {
        if (state == State.SNIFF && pending.length > 0) {
            // One byte is too short for the magic number: the same verdicts as step(SNIFF) would give.
            if (members > 0) {
                throw IngestFailure.invalid("Unexpected bytes after the end of the gzip data", -1, -1, -1);
            }
            if (declared) {
                throw IngestFailure.invalid("The body is declared gzip (Content-Encoding) but is not gzip data", -1, -1, -1);
            }
            downstream.write(pending, 0, pending.length);
            pending = new byte[0];
        } else if (state == State.HEADER || state == State.BODY || state == State.TRAILER) {
            throw IngestFailure.invalid("The gzip data ends before its end (truncated upload?)", -1, -1, -1);
        } else if (pending.length > 0) {
            throw IngestFailure.invalid("Trailing bytes after the gzip data", -1, -1, -1);
        }
        inflater.end();
        downstream.finish();
    }

    private static int readIntLE(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }

    private static byte[] concat(byte[] a, byte[] b, int off, int len) {
        byte[] joined = new byte[a.length + len];
        System.arraycopy(a, 0, joined, 0, a.length);
        System.arraycopy(b, off, joined, a.length, len);
        return joined;
    }
}
