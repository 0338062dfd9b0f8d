package org.dataexplorer.store.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32;

import org.dataexplorer.store.ColumnChunk;

/** Writes chunk files (layout in {@code package-info}); memory use is one 64 KB buffer plus the directory. */
public final class ChunkFileWriter {

    private ChunkFileWriter() {
    }

    /**
     * Writes all columns of one chunk to {@code file}: to {@code file.tmp} first, fsynced, then
     * renamed into place (replacing an older file) and the directory fsynced.
     *
     * @param columns every column of the chunk, each with the same number of rows
     * @return the CRC32 of the whole file as stored in its trailer (for {@code ChunkInfo.crc32})
     */
    public static long write(Path file, List<ColumnChunk> columns) throws IOException {
        int rows = columns.isEmpty() ? 0 : columns.get(0).size();
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).size() != rows) {
                throw new IllegalArgumentException("column " + i + " has " + columns.get(i).size()
                        + " rows, column 0 has " + rows);
            }
        }
        Path tmp = DurableFiles.tempFor(file);
        long crc;
        boolean done = false;
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            crc = writeTo(channel, columns, rows);
            channel.force(true);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
        DurableFiles.atomicMove(tmp, file);
        return crc;
    }

    private static long writeTo(FileChannel channel, List<ColumnChunk> columns, int rows) throws IOException {
        ChunkOutput out = new ChunkOutput(channel);
        ByteBuffer header = ByteBuffer.allocate(ChunkFormat.HEADER_LENGTH);
        header.put(ChunkFormat.MAGIC).putInt(ChunkFormat.VERSION_CURRENT).putInt(rows).putInt(columns.size());
        out.writeBytes(header.array(), 0, header.capacity());

        ByteBuffer directory = ByteBuffer.allocate(columns.size() * ChunkFormat.DIRECTORY_ENTRY_LENGTH);
        for (ColumnChunk column : columns) {
            out.beginSection();
            long offset = out.position();
            ChunkFormat.encodeSection(column, out);
            int sectionCrc = out.sectionCrc();
            long length = out.position() - offset;
            if (length > Integer.MAX_VALUE - 64) {
                throw new IOException("column section of " + length + " bytes exceeds the 2 GB limit");
            }
            directory.putLong(offset).putInt((int) length).putInt(sectionCrc);
        }
        long directoryOffset = out.position();
        out.writeBytes(directory.array(), 0, directory.capacity());

        CRC32 directoryCrc = new CRC32();
        directoryCrc.update(header.array());
        directoryCrc.update(directory.array());
        out.writeLong(directoryOffset);
        out.writeInt((int) directoryCrc.getValue());
        out.writeInt(ChunkFormat.FOOTER_MAGIC);
        long fileCrc = out.fileCrc();
        out.writeLong(fileCrc);
        out.flush();
        return fileCrc;
    }
}
