package org.dataexplorer.store.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32;

/**
 * Buffered big-endian writer over a file channel that keeps the file position, a CRC32 of the
 * whole file and a CRC32 of the current section. One 64 KB buffer, whatever the file size.
 */
final class ChunkOutput {

    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private final CRC32 fileCrc = new CRC32();
    private final CRC32 sectionCrc = new CRC32();
    private long flushed;

    ChunkOutput(FileChannel channel) {
        this.channel = channel;
    }

    long position() {
        return flushed + buffer.position();
    }

    void writeByte(byte b) throws IOException {
        ensure(1);
        buffer.put(b);
    }

    void writeShort(short v) throws IOException {
        ensure(2);
        buffer.putShort(v);
    }

    void writeInt(int v) throws IOException {
        ensure(4);
        buffer.putInt(v);
    }

    void writeLong(long v) throws IOException {
        ensure(8);
        buffer.putLong(v);
    }

    void writeBytes(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (!buffer.hasRemaining()) {
                flush();
            }
            int n = Math.min(len, buffer.remaining());
            buffer.put(b, off, n);
            off += n;
            len -= n;
        }
    }

    /** Starts a new section checksum (flushes so the section CRC covers exactly its bytes). */
    void beginSection() throws IOException {
        flush();
        sectionCrc.reset();
    }

    /** CRC32 of the bytes written since {@link #beginSection}. */
    int sectionCrc() throws IOException {
        flush();
        return (int) sectionCrc.getValue();
    }

    /** CRC32 of every byte written so far. */
    long fileCrc() throws IOException {
        flush();
        return fileCrc.getValue();
    }

    void flush() throws IOException {
        buffer.flip();
        if (buffer.hasRemaining()) {
            fileCrc.update(buffer.array(), 0, buffer.limit());
            sectionCrc.update(buffer.array(), 0, buffer.limit());
            while (buffer.hasRemaining()) {
                flushed += channel.write(buffer);
            }
        }
        buffer.clear();
    }

    private void ensure(int bytes) throws IOException {
        if (buffer.remaining() < bytes) {
            flush();
        }
    }
}
