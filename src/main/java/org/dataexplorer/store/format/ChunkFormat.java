package org.dataexplorer.store.format;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.dataexplorer.store.ColumnChunk;
import org.dataexplorer.store.ColumnType;

/** Constants of the chunk file layout and the column section codec; the spec is in {@code package-info}. */
public final class ChunkFormat {

    public static final byte[] MAGIC = "DXCHUNK1".getBytes(StandardCharsets.US_ASCII);
    public static final int VERSION_START = 1;
    /** Version 2 added the PACKED and DECIMAL encodings; version 1 files are read as they are. */
    public static final int VERSION_CURRENT = 2;
    public static final int FOOTER_MAGIC = 0x44584654;

    static final int HEADER_LENGTH = 20;
    static final int DIRECTORY_ENTRY_LENGTH = 16;
    static final int TRAILER_LENGTH = 24;

    static final byte PLAIN = 0;
    static final byte DICTIONARY = 1;
    static final byte PACKED = 2;
    static final byte DECIMAL = 3;

    private ChunkFormat() {
    }

    static byte typeId(ColumnType type) {
        return switch (type) {
            case INTEGER -> 1;
            case FLOAT -> 2;
            case BOOLEAN -> 3;
            case DATE -> 4;
            case TIMESTAMP -> 5;
            case STRING -> 6;
        };
    }

    static ColumnType typeOf(byte id, Path file) throws CorruptChunkException {
        return switch (id) {
            case 1 -> ColumnType.INTEGER;
            case 2 -> ColumnType.FLOAT;
            case 3 -> ColumnType.BOOLEAN;
            case 4 -> ColumnType.DATE;
            case 5 -> ColumnType.TIMESTAMP;
            case 6 -> ColumnType.STRING;
            default -> throw new CorruptChunkException(file, "unknown column type id " + id);
        };
    }

    /** Writes one column section, in the smallest of the encodings its type has. */
    static void encodeSection(ColumnChunk column, ChunkOutput out) throws IOException {
        int rows = column.size();
        int words = ColumnChunk.wordCount(rows);
        byte encoding = column.isDictionary() ? DICTIONARY : PLAIN;
        PackedLongs packing = null;
        PackedLongs.Decimals decimals = null;
        if (column.type() == ColumnType.INTEGER || column.type() == ColumnType.DATE
                || column.type() == ColumnType.TIMESTAMP) {
            packing = PackedLongs.of(column);
            encoding = packing.bytes(rows) < (long) rows * Long.BYTES ? PACKED : PLAIN;
        } else if (column.type() == ColumnType.FLOAT) {
            decimals = PackedLongs.decimals(column);
            encoding = decimals != null && 1 + decimals.packing().bytes(rows) < (long) rows * Long.BYTES
                    ? DECIMAL : PLAIN;
        }
        out.writeByte(typeId(column.type()));
        out.writeByte(encoding);
        out.writeInt(rows);
        out.writeInt(column.nullCount());
        if (column.nullCount() > 0) {
            for (int i = 0; i < words; i++) {
                out.writeLong(column.nullWord(i));
            }
        }
        switch (column.type()) {
            case INTEGER, DATE, TIMESTAMP -> {
                if (encoding == PACKED) {
                    packing.writeLongs(column, out);
                } else {
                    for (int row = 0; row < rows; row++) {
                        out.writeLong(column.getLong(row));
                    }
                }
            }
            case FLOAT -> {
                if (encoding == DECIMAL) {
                    decimals.packing().writeDecimals(column, decimals.scale(), out);
                } else {
                    for (int row = 0; row < rows; row++) {
                        out.writeLong(Double.doubleToRawLongBits(column.getDouble(row)));
                    }
                }
            }
            case BOOLEAN -> {
                for (int i = 0; i < words; i++) {
                    out.writeLong(column.booleanWord(i));
                }
            }
            case STRING -> encodeStrings(column, out);
        }
    }

    private static void encodeStrings(ColumnChunk column, ChunkOutput out) throws IOException {
        int rows = column.size();
        if (!column.isDictionary()) {
            int offset = 0;
            out.writeInt(0);
            for (int row = 0; row < rows; row++) {
                offset += column.utf8Length(row);
                out.writeInt(offset);
            }
            byte[] scratch = new byte[256];
            for (int row = 0; row < rows; row++) {
                int length = column.utf8Length(row);
                if (length > scratch.length) {
                    scratch = new byte[Math.max(length, scratch.length * 2)];
                }
                out.writeBytes(scratch, 0, column.copyUtf8(row, scratch, 0));
            }
            return;
        }
        int dictSize = column.dictionarySize();
        out.writeInt(dictSize);
        int offset = 0;
        out.writeInt(0);
        for (int code = 0; code < dictSize; code++) {
            offset += column.dictionaryUtf8Length(code);
            out.writeInt(offset);
        }
        byte[] scratch = new byte[256];
        for (int code = 0; code < dictSize; code++) {
            int length = column.dictionaryUtf8Length(code);
            if (length > scratch.length) {
                scratch = new byte[Math.max(length, scratch.length * 2)];
            }
            out.writeBytes(scratch, 0, column.copyDictionaryUtf8(code, scratch, 0));
        }
        int width = dictSize <= 256 ? 1 : dictSize <= 65_536 ? 2 : 4;
        out.writeByte((byte) width);
        for (int row = 0; row < rows; row++) {
            int code = Math.max(0, column.code(row));
            switch (width) {
                case 1 -> out.writeByte((byte) code);
                case 2 -> out.writeShort((short) code);
                default -> out.writeInt(code);
            }
        }
    }

    /**
     * Decodes one column section. Every length is checked against the bytes present before
     * anything is allocated, so damaged input fails with {@link CorruptChunkException}, never with
     * an {@link OutOfMemoryError} or garbage values.
     *
     * @param file for messages only; may be null
     */
    static ColumnChunk decodeSection(byte[] section, Path file) throws CorruptChunkException {
        ByteBuffer in = ByteBuffer.wrap(section);
        try {
            ColumnType type = typeOf(in.get(), file);
            byte encoding = in.get();
            int rows = in.getInt();
            int nullCount = in.getInt();
            if (rows < 0 || nullCount < 0 || nullCount > rows) {
                throw new CorruptChunkException(file, "bad row count " + rows + " / null count " + nullCount);
            }
            boolean longs = type == ColumnType.INTEGER || type == ColumnType.DATE || type == ColumnType.TIMESTAMP;
            if (encoding != PLAIN && !(encoding == DICTIONARY && type == ColumnType.STRING)
                    && !(encoding == PACKED && longs) && !(encoding == DECIMAL && type == ColumnType.FLOAT)) {
                throw new CorruptChunkException(file, "bad encoding " + encoding + " for " + type);
            }
            int words = ColumnChunk.wordCount(rows);
            long[] nulls = null;
            if (nullCount > 0) {
                nulls = readLongs(in, words, file);
            }
            ColumnChunk chunk = switch (type) {
                case INTEGER, DATE, TIMESTAMP -> ColumnChunk.ofLongs(type, rows, encoding == PACKED
                        ? PackedLongs.readLongs(in, rows, nulls, file) : readLongs(in, rows, file), nulls);
                case FLOAT -> {
                    if (encoding == DECIMAL) {
                        yield ColumnChunk.ofDoubles(rows, PackedLongs.readDecimals(in, rows, nulls, file), nulls);
                    }
                    long[] raw = readLongs(in, rows, file);
                    double[] values = new double[rows];
                    for (int row = 0; row < rows; row++) {
                        values[row] = Double.longBitsToDouble(raw[row]);
                    }
                    yield ColumnChunk.ofDoubles(rows, values, nulls);
                }
                case BOOLEAN -> ColumnChunk.ofBooleans(rows, readLongs(in, words, file), nulls);
                case STRING -> encoding == DICTIONARY ? decodeDictionary(in, rows, nulls, file)
                        : decodePlainStrings(in, rows, nulls, file);
            };
            if (in.hasRemaining()) {
                throw new CorruptChunkException(file, in.remaining() + " unexpected bytes after the column values");
            }
            if (chunk.nullCount() != nullCount) {
                throw new CorruptChunkException(file, "null bitmap holds " + chunk.nullCount()
                        + " nulls, section header says " + nullCount);
            }
            return chunk;
        } catch (BufferUnderflowException e) {
            throw new CorruptChunkException(file, "column section ends early", e);
        } catch (IllegalArgumentException e) {
            throw new CorruptChunkException(file, e.getMessage(), e);
        }
    }

    private static ColumnChunk decodePlainStrings(ByteBuffer in, int rows, long[] nulls, Path file)
            throws CorruptChunkException {
        int[] offsets = readInts(in, rows + 1, file);
        byte[] utf8 = readBytes(in, offsets[rows], file);
        return ColumnChunk.ofStrings(rows, utf8, offsets, nulls);
    }

    private static ColumnChunk decodeDictionary(ByteBuffer in, int rows, long[] nulls, Path file)
            throws CorruptChunkException {
        int dictSize = in.getInt();
        if (dictSize < 0 || dictSize > ColumnChunk.MAX_DICTIONARY_SIZE) {
            throw new CorruptChunkException(file, "bad dictionary size " + dictSize);
        }
        int[] dictOffsets = readInts(in, dictSize + 1, file);
        byte[] dict = readBytes(in, dictOffsets[dictSize], file);
        int width = in.get();
        if (width != 1 && width != 2 && width != 4) {
            throw new CorruptChunkException(file, "bad dictionary code width " + width);
        }
        requireRemaining(in, (long) rows * width, file);
        int[] codes = new int[rows];
        for (int row = 0; row < rows; row++) {
            codes[row] = switch (width) {
                case 1 -> Byte.toUnsignedInt(in.get());
                case 2 -> Short.toUnsignedInt(in.getShort());
                default -> in.getInt();
            };
        }
        return ColumnChunk.ofDictionary(rows, codes, dict, dictOffsets, nulls);
    }

    private static long[] readLongs(ByteBuffer in, int count, Path file) throws CorruptChunkException {
        requireRemaining(in, (long) count * Long.BYTES, file);
        long[] values = new long[count];
        in.asLongBuffer().get(values);
        in.position(in.position() + count * Long.BYTES);
        return values;
    }

    private static int[] readInts(ByteBuffer in, int count, Path file) throws CorruptChunkException {
        requireRemaining(in, (long) count * Integer.BYTES, file);
        int[] values = new int[count];
        in.asIntBuffer().get(values);
        in.position(in.position() + count * Integer.BYTES);
        return values;
    }

    private static byte[] readBytes(ByteBuffer in, int count, Path file) throws CorruptChunkException {
        if (count < 0) {
            throw new CorruptChunkException(file, "negative byte length " + count);
        }
        requireRemaining(in, count, file);
        byte[] bytes = new byte[count];
        in.get(bytes);
        return bytes;
    }

    private static void requireRemaining(ByteBuffer in, long needed, Path file) throws CorruptChunkException {
        if (needed > in.remaining()) {
            throw new CorruptChunkException(file, "column section ends early: needs " + needed
                    + " more bytes, has " + in.remaining());
        }
    }
}
