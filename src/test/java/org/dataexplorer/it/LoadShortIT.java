package org.dataexplorer.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.Map;

import org.dataexplorer.bench.SoakBenchmark;
import org.junit.jupiter.api.Test;

/**
 * The short version of the load test ({@code bench/soak.sh --mode load}) that every build runs: a real
 * server process takes several streamed uploads at once while readers page, filter and aggregate. Every
 * upload must succeed, no answer may be a 5xx or a broken connection, and the server's RSS must stay
 * under the bound. The page-read latency is printed, not asserted (the benchmark reports it).
 */
class LoadShortIT {

    @Test
    void uploadsAndReadersAtOnceAllSucceedWithinTheMemoryBound() throws Exception {
        Map<String, String> options = SoakBenchmark.defaults();
        options.putAll(Map.of("--mode", "load", "--uploaders", "4", "--upload-mb", "8", "--readers", "24",
                "--xmx", "256m", "--rss-bound", "900", "--sample", "1", "--warmup", "3",
                "--war", new File(System.getProperty("data.war", "target/data.war")).getAbsolutePath()));
        assertTrue(SoakBenchmark.run(options), "the load test's verdicts (printed above) failed");
    }
}
