package org.dataexplorer.ops;

/**
 * Figures of one endpoint kind (a JMX composite). Percentiles cover the last few minutes (Micrometer's
 * rotating window), counts everything since start.
 */
public record EndpointLatency(String kind, long count, long errors, long rejected, double p50Ms, double p95Ms,
                              double p99Ms, double maxMs) {
}
