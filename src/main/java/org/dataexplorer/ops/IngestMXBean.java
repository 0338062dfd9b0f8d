package org.dataexplorer.ops;

/** {@code org.dataexplorer:type=Ingest}: uploads since start. */
public interface IngestMXBean {

    int getActive();

    long getStarted();

    long getCompleted();

    long getFailed();

    /** Source bytes of completed uploads. */
    long getBytesIngested();

    long getRowsIngested();

    /** Source bytes per second of parsing, over every completed upload. */
    double getBytesPerSecond();

    double getRowsPerSecond();

    double getLastBytesPerSecond();

    double getLastRowsPerSecond();

    /** The message of the last failed upload, or null. */
    String getLastError();

    /** When the last upload failed (ISO-8601), or null. */
    String getLastErrorTime();
}
