package org.dataexplorer.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.dataexplorer.ingest.parse.RejectSink;

/**
 * The rejects of one chunk, held until the chunk is committed so that the reject log lists them in
 * file order although chunks are typed and encoded in parallel. Keeps at most as many as the log
 * would list and only counts the rest, so a chunk of nothing but bad rows stays small.
 */
final class ChunkRejects implements RejectSink {

    private final int maxKept;
    private final List<Reject> kept = new ArrayList<>();
    private long unlisted;

    ChunkRejects(int maxKept) {
        this.maxKept = maxKept;
    }

    @Override
    public void reject(long line, long byteOffset, int column, String reason) {
        if (kept.size() < maxKept) {
            kept.add(new Reject(line, byteOffset, column, reason));
        } else {
            unlisted++;
        }
    }

    void drainTo(RejectLog log) throws IOException {
        for (Reject reject : kept) {
            log.add(reject);
        }
        log.countUnlisted(unlisted);
        kept.clear();
        unlisted = 0;
    }
}
