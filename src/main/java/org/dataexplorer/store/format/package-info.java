/**
 * Files of the store: one chunk file per chunk and one {@code manifest.json} per dataset.
 *
 * <h2>Chunk file, format version 2</h2>
 * A chunk file holds every column of one chunk (a run of consecutive rows). All integers are
 * big-endian. Every file is written to {@code <name>.tmp}, fsynced and renamed into place, so a
 * chunk file that exists under its final name was written completely.
 *
 * <pre>
 * Header        (20 bytes)
 *   magic          8 bytes   ASCII "DXCHUNK1"
 *   version        int32     {@link org.dataexplorer.store.format.ChunkFormat#VERSION_CURRENT} (2); version 1 is
 *                            the same without the PACKED and DECIMAL encodings, and is read as it is
 *   rowCount       int32     rows in every column
 *   columnCount    int32
 * Column sections, in column order, back to back (see below)
 * Directory     (columnCount x 16 bytes, starts at directoryOffset)
 *   offset         int64     file position of the section
 *   length         int32     section bytes
 *   crc32          int32     CRC32 of the section bytes
 * Trailer       (24 bytes, the last bytes of the file)
 *   directoryOffset int64
 *   directoryCrc   int32     CRC32 of the header followed by the directory
 *   footerMagic    int32     0x44584654 ("DXFT")
 *   fileCrc        int64     CRC32 of every byte before this field (upper 32 bits zero)
 * </pre>
 *
 * Reading one column touches only the header, trailer, directory and that column's section; the
 * directory CRC protects the section offsets and the section CRC the values.
 * {@link org.dataexplorer.store.format.ChunkFileReader#verify} checks the whole-file CRC, which is
 * also what {@link org.dataexplorer.store.format.ChunkFileWriter#write} returns and what
 * {@link org.dataexplorer.store.ChunkInfo#crc32()} records.
 *
 * <h3>Column section</h3>
 * <pre>
 *   type           byte      1 INTEGER, 2 FLOAT, 3 BOOLEAN, 4 DATE, 5 TIMESTAMP, 6 STRING
 *   encoding       byte      0 PLAIN, 1 DICTIONARY (STRING only), 2 PACKED (INTEGER, DATE, TIMESTAMP),
 *                            3 DECIMAL (FLOAT)
 *   rowCount       int32     equal to the header's
 *   nullCount      int32
 *   nulls          ceil(rowCount/64) x int64, only when nullCount &gt; 0;
 *                  row r is null when bit (r % 64) of word (r / 64) is set
 *   values, by type and encoding (a null row holds 0, false or an empty string):
 *     INTEGER, DATE, TIMESTAMP   rowCount x int64 (value, epoch day, epoch microseconds)
 *     FLOAT                      rowCount x int64 (IEEE 754 bits)
 *     BOOLEAN                    ceil(rowCount/64) x int64 bitmap, like the nulls
 *     STRING PLAIN               (rowCount + 1) x int32 offsets (first 0, never decreasing),
 *                                then offsets[rowCount] bytes of UTF-8
 *     STRING DICTIONARY          dictSize int32 (at most 65,536), (dictSize + 1) x int32 offsets,
 *                                the dictionary's UTF-8 bytes, codeWidth byte (1, 2 or 4),
 *                                rowCount x codeWidth unsigned codes (0 for null rows)
 *     INTEGER, DATE, TIMESTAMP PACKED
 *                                base int64, multiplier int64 (at least 1), width byte (0..64),
 *                                ceil(rowCount x width / 64) x int64 words; row r's value is
 *                                base + u x multiplier, u the width bits at bit r x width of the words
 *                                (bit i is bit i % 64 of word i / 64; a value may straddle two words);
 *                                a null row holds u = 0 and reads as 0
 *     FLOAT DECIMAL              scale byte (0..9), then base, multiplier, width and words as PACKED;
 *                                row r's value is the double k / 10^scale (IEEE division of the exact
 *                                integer k by the exact power of ten), k the row's PACKED value
 * </pre>
 * The writer picks, per section, the smallest encoding that gives every value back bit for bit: PACKED with
 * base the chunk's minimum and width the bits of (max - min) / multiplier, where multiplier is 1 000 000 or
 * 1 000 for TIMESTAMPs that are all whole seconds or milliseconds and 1 otherwise; DECIMAL with the fewest
 * decimal places at which every value round-trips (never for NaN, infinities, -0.0 or |k| past 2^53);
 * PLAIN when neither is smaller.
 * A section has no bytes after its values. Min/max per column and chunk are not in the chunk file
 * but in the manifest ({@link org.dataexplorer.store.ChunkColumnInfo}), so a query can skip a chunk
 * without opening it.
 *
 * <h2>Manifest</h2>
 * {@code manifest.json} is the JSON-B form of {@link org.dataexplorer.store.DatasetManifest}
 * (nulls written out, instants as ISO-8601, non-finite doubles as the strings "NaN", "Infinity"
 * and "-Infinity"); see {@link org.dataexplorer.store.format.ManifestCodec}. It is the commit
 * record of a dataset.
 */
package org.dataexplorer.store.format;
