package org.dataexplorer.query;

import java.nio.file.Path;

/**
 * The engine's limits.
 *
 * @param timeoutMs   time budget of one request
 * @param memoryBytes memory budget of one request (big arrays, sort buffers, group tables)
 * @param topKMax     sorted pages ending within this many rows use a bounded heap instead of a full sort
 * @param maxGroups   most groups a group-by or facet may build
 * @param spillDir    where external sorts write their runs
 */
public record QueryLimits(long timeoutMs, long memoryBytes, int topKMax, int maxGroups, Path spillDir) {
}
