package org.dataexplorer.ops;

/** {@code org.dataexplorer:type=Cache}: the Ehcache caches (chunk column sections, derived query results). */
public interface CacheMXBean {

    /** Per cache: hits, misses, puts, evictions, entries, bytes, and the same per tier. */
    CacheFigures[] getCaches();

    /** Per tier (heap, offheap, disk) of every cache: hits, misses, evictions, entries, bytes, allocated bytes. */
    CacheTierFigures[] getTiers();

    double getChunkHitRatio();

    /** Bytes of decoded column chunks held on the heap in front of the chunk cache. */
    long getDecodedBytes();

    /**
     * The decoded-column cache (a heap LRU in front of the Ehcache chunk cache, not an Ehcache cache): hits,
     * misses, evictions, entries, estimated bytes, and its bound as {@code allocatedBytes}.
     */
    CacheTierFigures getDecoded();

    /** Whether the Ehcache cache manager is available. */
    boolean isAvailable();
}
