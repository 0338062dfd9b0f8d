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
}
