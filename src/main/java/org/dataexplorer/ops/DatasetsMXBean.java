package org.dataexplorer.ops;

/** {@code org.dataexplorer:type=Datasets}: what the catalog holds. */
public interface DatasetsMXBean {

    int getCount();

    int getReady();

    int getIngesting();

    int getFailed();

    /** Bytes of the chunk files of every dataset (the source copies are not counted). */
    long getBytesOnDisk();

    long getRows();

    long getDeletedSinceStart();
}
