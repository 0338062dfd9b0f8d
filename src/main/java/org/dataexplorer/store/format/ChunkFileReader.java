package org.dataexplorer.store.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32;

import org.dataexplorer.store.ColumnChunk;

/**
 * Reads chunk files (layout in {@code package-info}). Every read checks the header, trailer and
 * directory (with its CRC) and the CRC of the section it returns: damaged files raise
 * {@link CorruptChunkException}, never wrong values.
 */
public final class ChunkFileReader {

    private ChunkFileReader() {
    }

    /** Reads, verifies and decodes one column. */
    public static ColumnChunk readColumn(Path file, int column) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Layout layout = readLayout(channel, file);
            ColumnChunk chunk = ChunkFormat.decodeSection(readSection(channel, layout, column, file), file);
            if (chunk.size() != layout.rows) {
                throw new CorruptChunkException(file, "column " + column + " has " + chunk.size()
                        + " rows, header says " + layout.rows);
            }
            return chunk;
        }
    }

    /** The verified bytes of one column section, for caches; decode them with {@link #decodeColumn}. */
    public static byte[] readColumnBytes(Path file, int column) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return readSection(channel, readLayout(channel, file), column, file);
        }
    }

    /** Decodes section bytes returned by {@link #readColumnBytes}. */
    public static ColumnChunk decodeColumn(byte[] section) throws CorruptChunkException {
        return ChunkFormat.decodeSection(section, null);
    }

    /** Number of columns in a chunk file (structure verified). */
    public static int columnCount(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return readLayout(channel, file).columns;
        }
    }

    /**
     * Checks the whole file: its structure, the CRC32 over all of it against the stored one, and
     * that against {@code expectedCrc32} (the value {@link ChunkFileWriter#write} returned).
     */
    public static void verify(Path file, long expectedCrc32) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Layout layout = readLayout(channel, file);
            long checked = layout.size - Long.BYTES;
            CRC32 crc = new CRC32();
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            long position = 0;
            while (position < checked) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), checked - position));
                readFully(channel, buffer, position, file);
                crc.update(buffer.array(), 0, buffer.limit());
                position += buffer.limit();
            }
            long actual = crc.getValue();
            if (actual != layout.fileCrc) {
                throw new CorruptChunkException(file, "checksum failed: stored " + hex(layout.fileCrc)
                        + ", computed " + hex(actual));
            }
            if (actual != expectedCrc32) {
                throw new CorruptChunkException(file, "checksum " + hex(actual) + " is not the expected "
                        + hex(expectedCrc32) + " (file replaced?)");
            }
        }
    }

    private record Layout(long size, int rows, int columns, long[] offsets, int[] lengths, int[] crcs,
                          long fileCrc) {
    }

    private static Layout readLayout(FileChannel channel, Path file) throws IOException {
        long size = channel.size();
        if (size < ChunkFormat.HEADER_LENGTH + ChunkFormat.TRAILER_LENGTH) {
            throw new CorruptChunkException(file, "only " + size + " bytes, shorter than header and footer"
                    + " (truncated?)");
        }
        ByteBuffer header = ByteBuffer.allocate(ChunkFormat.HEADER_LENGTH);
        readFully(channel, header, 0, file);
        byte[] magic = new byte[ChunkFormat.MAGIC.length];
        header.get(magic);
        if (!Arrays.equals(magic, ChunkFormat.MAGIC)) {
            throw new CorruptChunkException(file, "wrong magic, not a chunk file");
        }
        int version = header.getInt();
        if (version < ChunkFormat.VERSION_START || version > ChunkFormat.VERSION_CURRENT) {
            throw new CorruptChunkException(file, "unsupported format version " + version + " (this build reads "
                    + ChunkFormat.VERSION_START + ".." + ChunkFormat.VERSION_CURRENT + ")");
        }
        int rows = header.getInt();
        int columns = header.getInt();
        if (rows < 0 || columns < 0) {
            throw new CorruptChunkException(file, "negative row or column count in header");
        }

        ByteBuffer trailer = ByteBuffer.allocate(ChunkFormat.TRAILER_LENGTH);
        readFully(channel, trailer, size - ChunkFormat.TRAILER_LENGTH, file);
        long directoryOffset = trailer.getLong();
        int directoryCrc = trailer.getInt();
        int footerMagic = trailer.getInt();
        long fileCrc = trailer.getLong();
        if (footerMagic != ChunkFormat.FOOTER_MAGIC) {
            throw new CorruptChunkException(file, "bad footer magic " + Integer.toHexString(footerMagic)
                    + " (truncated or overwritten?)");
        }
        long directoryLength = (long) columns * ChunkFormat.DIRECTORY_ENTRY_LENGTH;
        if (directoryOffset < ChunkFormat.HEADER_LENGTH
                || directoryOffset + directoryLength != size - ChunkFormat.TRAILER_LENGTH) {
            throw new CorruptChunkException(file, "directory at " + directoryOffset + " with " + columns
                    + " entries does not fit a file of " + size + " bytes (truncated?)");
        }
        ByteBuffer directory = ByteBuffer.allocate((int) directoryLength);
        readFully(channel, directory, directoryOffset, file);
        CRC32 crc = new CRC32();
        crc.update(header.array());
        crc.update(directory.array());
        if ((int) crc.getValue() != directoryCrc) {
            throw new CorruptChunkException(file, "header/directory checksum failed");
        }
        long[] offsets = new long[columns];
        int[] lengths = new int[columns];
        int[] crcs = new int[columns];
        for (int i = 0; i < columns; i++) {
            offsets[i] = directory.getLong();
            lengths[i] = directory.getInt();
            crcs[i] = directory.getInt();
            if (offsets[i] < ChunkFormat.HEADER_LENGTH || lengths[i] < 0
                    || offsets[i] + lengths[i] > directoryOffset) {
                throw new CorruptChunkException(file, "column " + i + " section lies outside the data area");
            }
        }
        return new Layout(size, rows, columns, offsets, lengths, crcs, fileCrc);
    }

    private static byte[] readSection(FileChannel channel, Layout layout, int column, Path file)
            throws IOException {
        if (column < 0 || column >= layout.columns) {
            throw new IllegalArgumentException("column " + column + " out of range, " + file + " has "
                    + layout.columns + " columns");
        }
        byte[] section = new byte[layout.lengths[column]];
        readFully(channel, ByteBuffer.wrap(section), layout.offsets[column], file);
        CRC32 crc = new CRC32();
        crc.update(section);
        if ((int) crc.getValue() != layout.crcs[column]) {
            throw new CorruptChunkException(file, "column " + column + " checksum failed: stored "
                    + hex(layout.crcs[column] & 0xFFFF_FFFFL) + ", computed " + hex(crc.getValue()));
        }
        return section;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position, Path file)
            throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new CorruptChunkException(file, "ends early at byte " + at);
            }
            at += n;
        }
        buffer.flip();
    }

    private static String hex(long crc) {
        return String.format("%08x", crc);
    }
}
