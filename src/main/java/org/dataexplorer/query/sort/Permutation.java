package org.dataexplorer.query.sort;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Dataset rows in sorted order: in memory, or in a spill file when it did not fit the memory budget. */
public abstract sealed class Permutation implements AutoCloseable {

    public abstract long size();

    /** Rows {@code [offset, offset + limit)} of the order. */
    public abstract long[] rows(long offset, int limit) throws IOException;

    @Override
    public void close() throws IOException {
    }

    public static Permutation of(long[] rows) {
        return new InMemory(rows);
    }

    /** The cache form of an in-memory permutation (8 bytes per row). */
    public static byte[] toBytes(long[] rows) {
        ByteBuffer out = ByteBuffer.allocate(rows.length * 8);
        out.asLongBuffer().put(rows);
        return out.array();
    }

    public static Permutation fromBytes(byte[] bytes) {
        long[] rows = new long[bytes.length / 8];
        ByteBuffer.wrap(bytes).asLongBuffer().get(rows);
        return new InMemory(rows);
    }

    public static final class InMemory extends Permutation {
        private final long[] rows;

        InMemory(long[] rows) {
            this.rows = rows;
        }

        public long[] all() {
            return rows;
        }

        @Override
        public long size() {
            return rows.length;
        }

        @Override
        public long[] rows(long offset, int limit) {
            int from = (int) Math.min(offset, rows.length);
            int to = (int) Math.min((long) from + limit, rows.length);
            return java.util.Arrays.copyOfRange(rows, from, to);
        }
    }

    /** Rows {@code [offset, offset + limit)} of a permutation in its cache form, without decoding the rest. */
    public static long[] rows(byte[] bytes, long offset, int limit) {
        long size = bytes.length / 8;
        int from = (int) Math.min(offset, size);
        int n = (int) Math.min(limit, size - from);
        long[] rows = new long[n];
        ByteBuffer.wrap(bytes).asLongBuffer().get(from, rows);
        return rows;
    }

    /** A permutation file kept by someone else: reading it does not delete it. */
    public static Spilled kept(Path file, long size) {
        return new Spilled(file, size, false);
    }

    /** A file of big-endian longs, deleted on close unless {@link #moveTo moved} away. */
    public static final class Spilled extends Permutation {
        private Path file;
        private final long size;
        private boolean owned;

        Spilled(Path file, long size) {
            this(file, size, true);
        }

        private Spilled(Path file, long size, boolean owned) {
            this.file = file;
            this.size = size;
            this.owned = owned;
        }

        /** Moves the file to {@code target}, which the caller then owns; this permutation keeps reading it. */
        public void moveTo(Path target) throws IOException {
            Files.move(file, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            file = target;
            owned = false;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public long[] rows(long offset, int limit) throws IOException {
            int n = (int) Math.max(0, Math.min(limit, size - offset));
            ByteBuffer buffer = ByteBuffer.allocate(n * 8);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                long position = offset * 8;
                while (buffer.hasRemaining()) {
                    if (channel.read(buffer, position + buffer.position()) < 0) {
                        throw new IOException("spilled permutation " + file + " is truncated");
                    }
                }
            }
            buffer.flip();
            long[] rows = new long[n];
            buffer.asLongBuffer().get(rows);
            return rows;
        }

        @Override
        public void close() throws IOException {
            if (owned) {
                Files.deleteIfExists(file);
            }
        }
    }
}
