package org.dataexplorer.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPOutputStream;

import org.dataexplorer.query.DatasetReader;
import org.dataexplorer.store.ChunkCache;
import org.dataexplorer.store.ColumnType;
import org.dataexplorer.store.DatasetManifest;
import org.dataexplorer.store.catalog.Catalog;

/** The ingest engine on a temporary storage root, with small chunks; pushes uploads in seeded random pieces. */
public final class IngestHarness implements AutoCloseable {

    public static final int CHUNK_ROWS = 1000;

    private final Path root;
    private final boolean referencePath;
    private final int blockBytes;
    private Catalog catalog;
    private IngestService service;

    public IngestHarness(Path root) throws IOException {
        this(root, false);
    }

    /** @param referencePath parse with Commons CSV (the reference path) instead of the byte-level tokenizer */
    public IngestHarness(Path root, boolean referencePath) throws IOException {
        this(root, referencePath, 0);
    }

    /**
     * @param blockBytes bytes per block tokenized in parallel: 0 for the service's default, a negative number for
     *                   none (the streaming tokenizer reads everything)
     */
    public IngestHarness(Path root, boolean referencePath, int blockBytes) throws IOException {
        this.root = root;
        this.referencePath = referencePath;
        this.blockBytes = blockBytes;
        open();
    }

    public static IngestSettings settings() {
        return new IngestSettings(1L << 34, 8, 2, 10_000, 1 << 20, 1 << 22, CHUNK_ROWS, 1 << 22, 1 << 26, true,
                List.of("NA", "N/A", "NULL", "null", "NaN"), 10_000);
    }

    private void open() throws IOException {
        catalog = new Catalog(root, ChunkCache.disabled());
        catalog.recover();
        service = new IngestService(catalog, settings(), IngestListener.NONE, referencePath, blockBytes);
    }

    /** Closes the service and opens the storage root again, as a server restart would. */
    public List<DatasetManifest> restart() throws IOException {
        close();
        catalog = new Catalog(root, ChunkCache.disabled());
        List<DatasetManifest> recovered = catalog.recover();
        service = new IngestService(catalog, settings(), IngestListener.NONE, referencePath, blockBytes);
        return recovered;
    }

    public Catalog catalog() {
        return catalog;
    }

    public IngestService service() {
        return service;
    }

    public DatasetReader reader() {
        return new DatasetReader(catalog);
    }

    public static IngestOptions options() {
        return IngestOptions.defaults("test");
    }

    public static IngestOptions options(Boolean header, Charset encoding, List<String> nullValues,
                                        Map<String, ColumnType> types, boolean strict, boolean gzip) {
        return new IngestOptions("test", null, null, null, false, null, header, encoding, null, nullValues, types,
                strict, gzip);
    }

    public DatasetManifest ingest(byte[] body) throws IOException {
        return ingest(options(), body, 1);
    }

    /**
     * Uploads {@code body} in random pieces and waits for the result.
     *
     * @throws IngestFailure when the upload failed
     */
    public DatasetManifest ingest(IngestOptions options, byte[] body, long seed) throws IOException {
        Upload upload = service.begin(options, null);
        Random random = new Random(seed);
        try {
            int position = 0;
            while (position < body.length) {
                int n = Math.min(body.length - position, 1 + random.nextInt(20_000));
                upload.write(body, position, n);
                position += n;
            }
            upload.endOfInput();
        } catch (IngestFailure writeRefused) {
            // the parser failed first (strict mode, limits); the result tells why
        }
        return await(upload);
    }

    public static DatasetManifest await(Upload upload) {
        try {
            return upload.result().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IngestFailure failure) {
                throw failure;
            }
            throw new AssertionError("the result failed with something else than an IngestFailure", e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("no result", e);
        }
    }

    public List<Object[]> allRows(DatasetManifest manifest) throws IOException {
        return reader().rows(manifest, 0, (int) manifest.rowCount(), List.of()).rows();
    }

    public List<Object> column(DatasetManifest manifest, String name) throws IOException {
        return reader().rows(manifest, 0, (int) manifest.rowCount(), List.of(name)).rows().stream()
                .map(row -> row[0]).toList();
    }

    public UUID id(DatasetManifest manifest) {
        return UUID.fromString(manifest.id());
    }

    public static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        service.close();
        catalog.close();
    }
}
