package org.dataexplorer.ops;

/**
 * {@code org.dataexplorer:type=Queries}: requests that read datasets (list, summary, schema, rows, sample,
 * stats, query, facets, rejects), and the latency of every endpoint kind.
 */
public interface QueriesMXBean {

    long getCount();

    /** Answered with a server error (5xx other than 503). */
    long getErrors();

    /** Refused by a limit: the time budget (503), the memory or group budget (422), too many requests (429). */
    long getRejected();

    /** One entry per endpoint kind that has been asked at least once. */
    EndpointLatency[] getEndpoints();
}
