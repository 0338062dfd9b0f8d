package org.dataexplorer.store;

import java.util.List;

/**
 * One sealed chunk: a run of consecutive rows stored column by column in one file.
 *
 * @param index        0-based chunk number, also in the file name
 * @param file         file name inside the dataset's chunk folder
 * @param firstRow     0-based row number of the chunk's first row in the dataset
 * @param rowCount     rows in the chunk
 * @param sourceOffset byte offset in the spooled (decoded) source where the chunk's first record starts
 * @param sourceLength bytes of source the chunk's records span
 * @param firstLine    1-based physical line of the chunk's first record in the source
 * @param crc32        checksum of the whole chunk file as written
 * @param columns      per-column encoding and min/max, in column order
 */
public record ChunkInfo(int index, String file, long firstRow, int rowCount, long sourceOffset,
                        long sourceLength, long firstLine, long crc32, List<ChunkColumnInfo> columns) {
}
