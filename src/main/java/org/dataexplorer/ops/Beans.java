package org.dataexplorer.ops;

import org.dataexplorer.store.CacheStats;

/** The MXBean implementations: thin views of {@link OpsService} and {@link OpsMetrics}. */
final class Beans {

    private Beans() {
    }

    record Datasets(OpsService ops) implements DatasetsMXBean {
        @Override
        public int getCount() {
            return (int) ops.datasetFigures()[0];
        }

        @Override
        public int getReady() {
            return (int) ops.datasetFigures()[1];
        }

        @Override
        public int getIngesting() {
            return (int) ops.datasetFigures()[2];
        }

        @Override
        public int getFailed() {
            return (int) ops.datasetFigures()[3];
        }

        @Override
        public long getBytesOnDisk() {
            return ops.datasetFigures()[4];
        }

        @Override
        public long getRows() {
            return ops.datasetFigures()[5];
        }

        @Override
        public long getDeletedSinceStart() {
            return ops.metrics().deleted();
        }
    }

    record Ingest(OpsService ops) implements IngestMXBean {
        private OpsMetrics m() {
            return ops.metrics();
        }

        @Override
        public int getActive() {
            return ops.parts().ingest().activeCount();
        }

        @Override
        public long getStarted() {
            return m().started();
        }

        @Override
        public long getCompleted() {
            return m().completed();
        }

        @Override
        public long getFailed() {
            return m().failed();
        }

        @Override
        public long getBytesIngested() {
            return m().bytesIngested();
        }

        @Override
        public long getRowsIngested() {
            return m().rowsIngested();
        }

        @Override
        public double getBytesPerSecond() {
            long nanos = m().ingestNanos();
            return nanos == 0 ? 0 : m().bytesIngested() / (nanos / 1e9);
        }

        @Override
        public double getRowsPerSecond() {
            long nanos = m().ingestNanos();
            return nanos == 0 ? 0 : m().rowsIngested() / (nanos / 1e9);
        }

        @Override
        public double getLastBytesPerSecond() {
            return m().lastBytesPerSecond();
        }

        @Override
        public double getLastRowsPerSecond() {
            return m().lastRowsPerSecond();
        }

        @Override
        public String getLastError() {
            return m().lastError();
        }

        @Override
        public String getLastErrorTime() {
            return m().lastErrorTime();
        }
    }

    record Queries(OpsService ops) implements QueriesMXBean {
        @Override
        public long getCount() {
            return ops.metrics().queryTotals()[0];
        }

        @Override
        public long getErrors() {
            return ops.metrics().queryTotals()[1];
        }

        @Override
        public long getRejected() {
            return ops.metrics().queryTotals()[2];
        }

        @Override
        public EndpointLatency[] getEndpoints() {
            return ops.metrics().endpoints().toArray(EndpointLatency[]::new);
        }
    }

    record Cache(OpsService ops) implements CacheMXBean {
        @Override
        public CacheFigures[] getCaches() {
            return ops.caches().toArray(CacheFigures[]::new);
        }

        @Override
        public CacheTierFigures getDecoded() {
            return ops.decoded();
        }

        @Override
        public CacheTierFigures[] getTiers() {
            return ops.caches().stream().flatMap(c -> java.util.Arrays.stream(c.tiers()))
                    .toArray(CacheTierFigures[]::new);
        }

        @Override
        public double getChunkHitRatio() {
            CacheStats s = ops.parts().cache().stats();
            return s.hitRatio();
        }

        @Override
        public long getDecodedBytes() {
            return ops.decodedBytes();
        }

        @Override
        public boolean isAvailable() {
            return ops.cacheAvailable();
        }
    }

    record Storage(OpsService ops) implements StorageMXBean {
        @Override
        public String getDirectory() {
            return ops.storageDir().toAbsolutePath().toString();
        }

        @Override
        public boolean isWritable() {
            return java.nio.file.Files.isWritable(ops.storageDir());
        }

        @Override
        public long getFreeBytes() {
            return ops.freeBytes();
        }

        @Override
        public long getTotalBytes() {
            return ops.totalBytes();
        }

        @Override
        public long getMinFreeBytes() {
            return ops.minFreeBytes();
        }

        @Override
        public double getDiskUsed() {
            long total = ops.totalBytes();
            return total == 0 ? 0 : 1 - (double) ops.freeBytes() / total;
        }

        @Override
        public long getDatasetBytes() {
            return ops.datasetFigures()[4];
        }

        @Override
        public long getQuotaBytesPerUser() {
            return ops.quotaBytesPerUser();
        }

        @Override
        public java.util.Map<String, Long> getBytesByOwner() {
            return ops.bytesByOwner();
        }

        @Override
        public double getHighestQuotaUse() {
            return ops.highestQuotaUse();
        }
    }

    record Operations(OpsService ops) implements OperationsMXBean {
        @Override
        public boolean isReadOnly() {
            return ops.readOnly();
        }

        @Override
        public void setReadOnly(boolean readOnly) {
            ops.setReadOnly(readOnly);
        }

        @Override
        public String evictDatasetCache(String datasetId) {
            return ops.evictDatasetCache(datasetId);
        }

        @Override
        public int deleteFailedDatasets() {
            return ops.deleteFailedDatasets();
        }
    }
}
