package org.dataexplorer.bench;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.dataexplorer.ingest.IngestOptions;
import org.dataexplorer.ingest.IngestService;
import org.dataexplorer.ingest.Upload;
import org.dataexplorer.store.DatasetManifest;

/** What the in-process benchmarks share: a file ingested through the engine, and a piece of work timed. */
final class InProcess {

    /** One run of what is measured; its answer is kept so the JIT cannot drop the work. */
    interface Work {
        Object run() throws Exception;
    }

    private InProcess() {
    }

    /** Streams {@code file} through {@code service} as an upload named {@code name} and waits for the dataset. */
    static DatasetManifest ingest(IngestService service, Path file, String name) throws Exception {
        Upload upload = service.begin(IngestOptions.defaults(name), null);
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                upload.write(buffer, 0, n);
            }
        }
        upload.endOfInput();
        return upload.result().get(2, TimeUnit.HOURS);
    }

    /** min, median, max in ms of {@code runs} runs after two warm-up runs. */
    static double[] time(Work work, int runs) throws Exception {
        work.run();
        work.run();
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            work.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return new double[] {ms[0], ms[runs / 2], ms[runs - 1]};
    }
}
