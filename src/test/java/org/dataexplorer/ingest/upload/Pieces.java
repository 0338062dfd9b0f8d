package org.dataexplorer.ingest.upload;

import java.io.IOException;
import java.util.Random;

/** Pushes a byte array into a sink in pieces: one at a time, or of seeded random sizes. */
final class Pieces {

    private Pieces() {
    }

    static void writeByteAtATime(ByteSink sink, byte[] data) throws IOException {
        for (int i = 0; i < data.length; i++) {
            // a fresh array each time, so a sink that keeps a reference to the caller's buffer is caught
            sink.write(new byte[] {data[i]}, 0, 1);
        }
    }

    static void writeRandomly(ByteSink sink, byte[] data, long seed, int maxPiece) throws IOException {
        Random random = new Random(seed);
        int position = 0;
        while (position < data.length) {
            int n = Math.min(data.length - position, random.nextInt(maxPiece + 1));
            // surround the piece with junk, to catch offset mistakes
            byte[] carrier = new byte[n + 7];
            random.nextBytes(carrier);
            System.arraycopy(data, position, carrier, 3, n);
            sink.write(carrier, 3, n);
            position += n;
        }
    }
}
