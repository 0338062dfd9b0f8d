package org.dataexplorer.ops;

/** {@code org.dataexplorer:type=Operations}: what an administrator can do from jconsole. */
public interface OperationsMXBean {

    /** In read-only mode uploads and deletes answer 503; reads go on. */
    boolean isReadOnly();

    void setReadOnly(boolean readOnly);

    /** Drops every cached entry of a dataset (chunk sections, derived results, decoded columns). */
    String evictDatasetCache(String datasetId);

    /** Deletes every failed dataset; answers how many were deleted. */
    int deleteFailedDatasets();
}
