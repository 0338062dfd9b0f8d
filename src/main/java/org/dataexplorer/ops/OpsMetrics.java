package org.dataexplorer.ops;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import org.dataexplorer.ingest.IngestFailure;
import org.dataexplorer.ingest.IngestListener;
import org.dataexplorer.store.DatasetManifest;
import org.dataexplorer.store.catalog.CatalogListener;

/**
 * The counters of the service, fed by the engine's listeners and the request filter, kept in one
 * Micrometer registry so that JMX and {@code /api/metrics} show the same figures. Thread-safe; the
 * listener methods never block.
 */
public final class OpsMetrics implements IngestListener, CatalogListener {

    static final double[] PERCENTILES = {0.5, 0.95, 0.99};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final LongAdder started = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder bytesIngested = new LongAdder();
    private final LongAdder rowsIngested = new LongAdder();
    private final LongAdder ingestNanos = new LongAdder();
    private final LongAdder deleted = new LongAdder();
    private final LongAdder recoveredAsFailed = new LongAdder();
    private final Map<EndpointKind, Endpoint> endpoints = new EnumMap<>(EndpointKind.class);
    private volatile double lastBytesPerSecond;
    private volatile double lastRowsPerSecond;
    private volatile Failure lastFailure;

    private record Failure(String message, Instant at) {
    }

    private record Endpoint(Timer timer, Counter errors, Counter rejected) {
    }

    public OpsMetrics() {
        for (EndpointKind kind : EndpointKind.values()) {
            String tag = kind.tag();
            Timer timer = Timer.builder("dataexplorer.requests")
                    .description("Requests answered, by endpoint kind")
                    .tag("kind", tag)
                    .publishPercentiles(PERCENTILES)
                    .distributionStatisticExpiry(Duration.ofMinutes(5))
                    .register(registry);
            Counter errors = Counter.builder("dataexplorer.requests.errors")
                    .description("Requests answered with a server error (5xx other than 503)")
                    .tag("kind", tag).register(registry);
            Counter rejected = Counter.builder("dataexplorer.requests.rejected")
                    .description("Requests refused by a limit (413, 429, 503, and 422 on query routes)")
                    .tag("kind", tag).register(registry);
            endpoints.put(kind, new Endpoint(timer, errors, rejected));
        }
        counter("dataexplorer.ingest.started", "Uploads started", started);
        counter("dataexplorer.ingest.completed", "Uploads completed", completed);
        counter("dataexplorer.ingest.failed", "Uploads failed or aborted", failed);
        FunctionCounter.builder("dataexplorer.ingest.bytes", bytesIngested, LongAdder::doubleValue)
                .description("Source bytes of completed uploads").baseUnit("bytes").register(registry);
        counter("dataexplorer.ingest.rows", "Rows of completed uploads", rowsIngested);
        FunctionCounter.builder("dataexplorer.ingest.time", ingestNanos, n -> n.doubleValue() / 1e9)
                .description("Time spent parsing completed uploads").baseUnit("seconds").register(registry);
        counter("dataexplorer.datasets.deleted", "Datasets deleted since start", deleted);
        counter("dataexplorer.datasets.recovered.failed", "Interrupted uploads marked failed at startup",
                recoveredAsFailed);
    }

    private void counter(String name, String description, LongAdder adder) {
        FunctionCounter.builder(name, adder, LongAdder::doubleValue).description(description).register(registry);
    }

    /** The registry behind {@code /api/metrics}; gauges of the running service are added to it. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Records one answered request. */
    public void request(EndpointKind kind, int status, long nanos) {
        Endpoint endpoint = endpoints.get(kind);
        endpoint.timer().record(nanos, TimeUnit.NANOSECONDS);
        if (isRejection(kind, status)) {
            endpoint.rejected().increment();
        } else if (status >= 500) {
            endpoint.errors().increment();
        }
    }

    static boolean isRejection(EndpointKind kind, int status) {
        return status == 413 || status == 429 || status == 503 || (status == 422 && kind.isQuery());
    }

    public List<EndpointLatency> endpoints() {
        List<EndpointLatency> figures = new ArrayList<>();
        for (Map.Entry<EndpointKind, Endpoint> e : endpoints.entrySet()) {
            Endpoint endpoint = e.getValue();
            HistogramSnapshot snapshot = endpoint.timer().takeSnapshot();
            if (snapshot.count() == 0) {
                continue;
            }
            double max = snapshot.max(TimeUnit.MILLISECONDS);
            double[] p = new double[PERCENTILES.length];
            for (ValueAtPercentile v : snapshot.percentileValues()) {
                for (int i = 0; i < PERCENTILES.length; i++) {
                    if (v.percentile() == PERCENTILES[i]) {
                        // Micrometer's percentiles are bucket bounds, a little above the true value: a p99 of
                        // 60.8 ms with a max of 60 ms reads as nonsense, so none is shown above the max.
                        p[i] = Math.min(v.value(TimeUnit.MILLISECONDS), max);
                    }
                }
            }
            figures.add(new EndpointLatency(e.getKey().tag(), snapshot.count(), (long) endpoint.errors().count(),
                    (long) endpoint.rejected().count(), p[0], p[1], p[2], max));
        }
        return figures;
    }

    /** Sums over the query kinds: {count, errors, rejected}. */
    long[] queryTotals() {
        long[] totals = new long[3];
        for (Map.Entry<EndpointKind, Endpoint> e : endpoints.entrySet()) {
            if (e.getKey().isQuery()) {
                totals[0] += e.getValue().timer().count();
                totals[1] += (long) e.getValue().errors().count();
                totals[2] += (long) e.getValue().rejected().count();
            }
        }
        return totals;
    }

    // --- IngestListener

    @Override
    public void started(UUID dataset) {
        started.increment();
    }

    @Override
    public void completed(UUID dataset, long sourceBytes, long rows, long nanos) {
        completed.increment();
        bytesIngested.add(sourceBytes);
        rowsIngested.add(rows);
        ingestNanos.add(nanos);
        double seconds = Math.max(nanos, 1) / 1e9;
        lastBytesPerSecond = sourceBytes / seconds;
        lastRowsPerSecond = rows / seconds;
    }

    @Override
    public void failed(UUID dataset, IngestFailure failure) {
        failed.increment();
        lastFailure = new Failure(dataset + ": " + failure.getMessage(), Instant.now());
    }

    // --- CatalogListener

    @Override
    public void deleted(UUID id) {
        deleted.increment();
    }

    @Override
    public void recoveredAsFailed(DatasetManifest manifest) {
        recoveredAsFailed.increment();
    }

    long started() {
        return started.sum();
    }

    long completed() {
        return completed.sum();
    }

    long failed() {
        return failed.sum();
    }

    long bytesIngested() {
        return bytesIngested.sum();
    }

    long rowsIngested() {
        return rowsIngested.sum();
    }

    long ingestNanos() {
        return ingestNanos.sum();
    }

    long deleted() {
        return deleted.sum();
    }

    double lastBytesPerSecond() {
        return lastBytesPerSecond;
    }

    double lastRowsPerSecond() {
        return lastRowsPerSecond;
    }

    String lastError() {
        Failure f = lastFailure;
        return f == null ? null : f.message();
    }

    String lastErrorTime() {
        Failure f = lastFailure;
        return f == null ? null : f.at().toString();
    }

    /** Both listeners, in order (the catalog takes one). */
    public static CatalogListener chain(CatalogListener first, CatalogListener second) {
        return new CatalogListener() {
            @Override
            public void created(DatasetManifest manifest) {
                first.created(manifest);
                second.created(manifest);
            }

            @Override
            public void committed(DatasetManifest manifest) {
                first.committed(manifest);
                second.committed(manifest);
            }

            @Override
            public void deleted(UUID id) {
                first.deleted(id);
                second.deleted(id);
            }

            @Override
            public void recoveredAsFailed(DatasetManifest manifest) {
                first.recoveredAsFailed(manifest);
                second.recoveredAsFailed(manifest);
            }

            @Override
            public void discarded(Path path, String reason) {
                first.discarded(path, reason);
                second.discarded(path, reason);
            }
        };
    }
}
