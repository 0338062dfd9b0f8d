package org.dataexplorer.ingest.sniff;

import java.nio.charset.Charset;
import org.dataexplorer.store.Dialect;

/**
 * What {@link Sniffer} found.
 *
 * @param dialect   the detected dialect (hints applied)
 * @param charset   charset to decode the source with
 * @param bomLength bytes of byte order mark at the start of the source, to skip before decoding
 * @param confident false when a larger sample could change the answer: sniff again with more data
 *                  or, at end of file, take this answer
 */
public record SniffResult(Dialect dialect, Charset charset, int bomLength, boolean confident) {
}
