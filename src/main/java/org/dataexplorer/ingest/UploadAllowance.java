package org.dataexplorer.ingest;

/**
 * Room one upload may take besides {@code max.upload.bytes}, asked for as it grows (e.g. what is left of its owner's
 * storage quota, which the owner's other uploads in flight share). Refused, the upload fails as too large.
 */
public interface UploadAllowance {

    UploadAllowance UNLIMITED = new UploadAllowance() {
        @Override
        public boolean source(long totalBytes) {
            return true;
        }

        @Override
        public boolean chunks(long totalBytes) {
            return true;
        }
    };

    /** Before the decoded source grows to {@code totalBytes} (the receiving thread); false refuses the bytes. */
    boolean source(long totalBytes);

    /** Before committing a chunk that makes the chunk files {@code totalBytes} (the parser thread); false refuses it. */
    boolean chunks(long totalBytes);
}
