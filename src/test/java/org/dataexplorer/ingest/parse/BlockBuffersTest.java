package org.dataexplorer.ingest.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class BlockBuffersTest {

    @Test
    void handsBackWhatWasGivenUpToWhatItKeepsAndOnlyOfItsSize() {
        BlockBuffers buffers = new BlockBuffers(64, 2);
        byte[] a = buffers.take();
        byte[] b = buffers.take();
        byte[] c = buffers.take();
        assertEquals(64, a.length);
        assertNotSame(a, b);
        buffers.give(a);
        buffers.give(b);
        buffers.give(c); // beyond what it keeps: left to the collector
        buffers.give(new byte[32]); // not block-sized: ignored
        assertSame(b, buffers.take());
        assertSame(a, buffers.take());
        byte[] fresh = buffers.take();
        assertNotSame(c, fresh);
        assertEquals(64, fresh.length);
    }
}
