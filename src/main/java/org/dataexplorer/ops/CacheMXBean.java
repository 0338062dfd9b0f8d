package org.dataexplorer.ops;

/** {@code org.dataexplorer:type=Cache}: the Ehcache caches (chunk column sections, derived query results). */
public interface CacheMXBean {

    CacheFigures[] getCaches();

    double getChunkHitRatio();

    /** Bytes of decoded column chunks held on the heap in front of the chunk cache. */
    long getDecodedBytes();

    /** Whether the Ehcache cache manager is available. */
    boolean isAvailable();
}
