package org.dataexplorer.ops;

/** {@code org.dataexplorer:type=Storage}: the storage directory's file system. */
public interface StorageMXBean {

    String getDirectory();

    boolean isWritable();

    long getFreeBytes();

    long getTotalBytes();

    /** {@code ready.min.free.bytes}: below it {@code /api/ready} answers 503. */
    long getMinFreeBytes();

    /** Share of the file system in use (0..1). */
    double getDiskUsed();

    /** Bytes of dataset chunk files. */
    long getDatasetBytes();

    /** {@code quota.user.bytes}: what one user's datasets may take (0: no quota). */
    long getQuotaBytesPerUser();

    /** Bytes each owner's datasets count for in the quota; {@code -} for datasets without an owner. */
    java.util.Map<String, Long> getBytesByOwner();

    /** The largest share of the quota any one user has taken (0..1; 0 without a quota). */
    double getHighestQuotaUse();
}
