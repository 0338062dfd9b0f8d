package org.dataexplorer.store.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.dataexplorer.store.ChunkCache;
import org.dataexplorer.store.ChunkInfo;
import org.dataexplorer.store.ColumnChunk;
import org.dataexplorer.store.ColumnType;
import org.dataexplorer.store.DatasetManifest;
import org.dataexplorer.store.DatasetStatus;
import org.dataexplorer.store.format.CorruptChunkException;
import org.dataexplorer.store.format.DurableFiles;
import org.dataexplorer.store.format.ManifestCodec;

/**
 * The datasets under one storage root:
 * <pre>
 * &lt;root&gt;/&lt;uuid&gt;/manifest.json          commit record (see store.format)
 * &lt;root&gt;/&lt;uuid&gt;/chunks/00000000.chunk  chunk files, 8-digit index
 * &lt;root&gt;/&lt;uuid&gt;/source.csv             spooled source (written by ingest)
 * &lt;root&gt;/&lt;uuid&gt;/rejects.jsonl          malformed records (written by ingest)
 * &lt;root&gt;/.deleting-&lt;uuid&gt;/            a delete in progress
 * &lt;root&gt;/.corrupt-&lt;uuid&gt;-&lt;millis&gt;/     a dataset whose manifest could not be read, set aside
 * </pre>
 * Readers see {@link #update} at once; only {@link #commit} is durable. A dataset is usable when
 * its manifest says READY. Thread-safe: any number of readers; commits and deletes of one dataset
 * are serialized. Only directories named by a UUID are ever removed, so a wrongly configured root
 * cannot lose foreign files.
 */
public final class Catalog implements AutoCloseable {

    public static final String MANIFEST = "manifest.json";
    public static final String CHUNKS = "chunks";
    public static final String SOURCE = "source.csv";
    public static final String REJECTS = "rejects.jsonl";
    static final String DELETING_PREFIX = ".deleting-";
    static final String CORRUPT_PREFIX = ".corrupt-";
    static final String INTERRUPTED = "ingest was interrupted by a server restart";

    private static final System.Logger LOG = System.getLogger(Catalog.class.getName());

    private final Path root;
    private final ChunkCache cache;
    private final CatalogListener listener;
    private final Map<UUID, DatasetManifest> datasets = new ConcurrentHashMap<>();
    private final Map<UUID, Object> locks = new ConcurrentHashMap<>();

    public Catalog(Path root, ChunkCache cache) {
        this(root, cache, CatalogListener.NONE);
    }

    public Catalog(Path root, ChunkCache cache, CatalogListener listener) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        this.cache = Objects.requireNonNull(cache, "cache");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    public Path root() {
        return root;
    }

    // ---- startup ----

    /**
     * Loads the datasets on disk; run once at startup, before serving. READY and FAILED datasets
     * are kept; INGESTING ones were cut off by a crash: their chunks, source and rejects are
     * deleted and they are committed as FAILED. Deletes in progress, temp files and UUID
     * directories without a manifest are removed; a dataset whose manifest cannot be read is
     * moved aside to {@code .corrupt-<uuid>-<millis>} and logged. A problem with one dataset never
     * stops the others.
     *
     * @return the datasets kept, in creation order
     */
    public List<DatasetManifest> recover() throws IOException {
        Files.createDirectories(root);
        List<Path> entries;
        try (Stream<Path> list = Files.list(root)) {
            entries = list.sorted().toList();
        }
        for (Path entry : entries) {
            try {
                recoverEntry(entry);
            } catch (IOException | UncheckedIOException e) {
                LOG.log(System.Logger.Level.ERROR, "recovery of " + entry + " failed; left in place", e);
            }
        }
        return list();
    }

    private void recoverEntry(Path entry) throws IOException {
        String name = entry.getFileName().toString();
        if (name.startsWith(DELETING_PREFIX) && Files.isDirectory(entry)) {
            deleteTree(entry);
            listener.discarded(entry, "unfinished delete");
            return;
        }
        if (name.endsWith(".tmp") && Files.isRegularFile(entry)) {
            Files.deleteIfExists(entry);
            listener.discarded(entry, "temporary file");
            return;
        }
        UUID id = parseUuid(name);
        if (id == null || !Files.isDirectory(entry)) {
            if (!name.startsWith(CORRUPT_PREFIX)) {
                LOG.log(System.Logger.Level.WARNING, "ignoring " + entry + ": not a dataset directory");
            }
            return;
        }
        deleteTempFiles(entry);
        Path manifestFile = entry.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            LOG.log(System.Logger.Level.WARNING, "removing " + entry + ": no manifest (created but never committed)");
            removeDirectory(id, entry);
            listener.discarded(entry, "no manifest");
            return;
        }
        DatasetManifest manifest;
        try {
            manifest = ManifestCodec.read(manifestFile);
            if (!id.toString().equals(manifest.id())) {
                throw new IOException("manifest id " + manifest.id() + " does not match its directory");
            }
        } catch (IOException e) {
            Path aside = root.resolve(CORRUPT_PREFIX + id + "-" + System.currentTimeMillis());
            LOG.log(System.Logger.Level.ERROR, "unreadable manifest in " + entry + ", moved to " + aside, e);
            Files.move(entry, aside);
            listener.discarded(entry, "unreadable manifest: " + e.getMessage());
            return;
        }
        switch (manifest.status()) {
            case READY -> manifest = checkReady(entry, manifest);
            case INGESTING -> {
                deleteIngestFiles(id, true);
                manifest = failedWithoutChunks(manifest, INTERRUPTED);
                ManifestCodec.write(manifestFile, manifest);
                LOG.log(System.Logger.Level.WARNING, "dataset " + id + " was ingesting at shutdown: marked FAILED");
                listener.recoveredAsFailed(manifest);
            }
            case FAILED -> deleteIngestFiles(id, false); // finishes a fail() cut short by a crash
        }
        datasets.put(id, manifest);
    }

    /** Removes chunk files the manifest does not list; a listed file that is missing fails the dataset. */
    private DatasetManifest checkReady(Path dir, DatasetManifest manifest) throws IOException {
        UUID id = UUID.fromString(manifest.id());
        List<String> listed = manifest.chunks().stream().map(ChunkInfo::file).toList();
        Path chunks = dir.resolve(CHUNKS);
        if (Files.isDirectory(chunks)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(chunks)) {
                for (Path file : files) {
                    if (!listed.contains(file.getFileName().toString())) {
                        Files.deleteIfExists(file);
                        listener.discarded(file, "chunk file not in the manifest");
                    }
                }
            }
        }
        for (ChunkInfo chunk : manifest.chunks()) {
            String problem = null;
            try {
                if (!Files.isRegularFile(chunkFile(id, chunk))) {
                    problem = "chunk file " + chunk.file() + " is missing";
                }
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            }
            if (problem != null) {
                DatasetManifest failed = manifest.withStatus(DatasetStatus.FAILED, problem);
                LOG.log(System.Logger.Level.ERROR, "dataset " + id + ": " + failed.error() + "; marked FAILED");
                ManifestCodec.write(dir.resolve(MANIFEST), failed);
                return failed;
            }
        }
        return manifest;
    }

    // ---- lifecycle ----

    /** Creates a dataset directory with a committed INGESTING manifest under a new random UUID. */
    public DatasetManifest create(String name, String owner) throws IOException {
        UUID id = UUID.randomUUID();
        Path dir = datasetDir(id);
        Files.createDirectories(dir.resolve(CHUNKS));
        Instant now = Instant.now();
        DatasetManifest manifest = new DatasetManifest(DatasetManifest.FORMAT_VERSION, id.toString(), name, owner,
                DatasetStatus.INGESTING, now, now, 0, 0, 0, 0, 0, null, List.of(), List.of(), null);
        synchronized (lock(id)) {
            ManifestCodec.write(dir.resolve(MANIFEST), manifest);
            DurableFiles.syncDirectory(root);
            datasets.put(id, manifest);
        }
        listener.created(manifest);
        return manifest;
    }

    /**
     * Replaces the in-memory manifest (live progress); not durable. Ignored when the dataset was
     * deleted meanwhile.
     *
     * @return whether the dataset still exists
     */
    public boolean update(DatasetManifest manifest) {
        return datasets.computeIfPresent(idOf(manifest), (id, old) -> manifest) != null;
    }

    /**
     * Writes the manifest durably and makes it current.
     *
     * @throws NoSuchFileException when the dataset was deleted meanwhile
     */
    public void commit(DatasetManifest manifest) throws IOException {
        UUID id = idOf(manifest);
        synchronized (lock(id)) {
            if (!datasets.containsKey(id)) {
                throw new NoSuchFileException(datasetDir(id).toString(), null, "dataset was deleted");
            }
            ManifestCodec.write(datasetDir(id).resolve(MANIFEST), manifest);
            datasets.put(id, manifest);
        }
        listener.committed(manifest);
    }

    /**
     * Deletes the dataset's chunks and source (the rejects stay: they may explain the failure), then
     * commits it as FAILED with {@code error} (in memory even when the manifest cannot be written). The chunk list is emptied.
     */
    public DatasetManifest fail(UUID id, String error) throws IOException {
        DatasetManifest current = get(id).orElseThrow(
                () -> new NoSuchFileException(datasetDir(id).toString(), null, "no such dataset"));
        DatasetManifest failed = failedWithoutChunks(current, error);
        // Files first: on a full disk the manifest can only be written once they are gone. A crash in
        // between leaves the old manifest, which recovery fails (INGESTING) or checks (READY) anyway.
        deleteIngestFiles(id, false);
        try {
            commit(failed);
        } catch (IOException e) {
            synchronized (lock(id)) {
                datasets.computeIfPresent(id, (k, v) -> failed);
            }
            throw e;
        }
        return failed;
    }

    public Optional<DatasetManifest> get(UUID id) {
        return Optional.ofNullable(datasets.get(id));
    }

    /** Every dataset, oldest first. */
    public List<DatasetManifest> list() {
        List<DatasetManifest> all = new ArrayList<>(datasets.values());
        all.sort(Comparator.comparing(DatasetManifest::createdAt).thenComparing(DatasetManifest::id));
        return all;
    }

    /**
     * Deletes a dataset: its directory is renamed to {@code .deleting-<uuid>} (atomic, so a crash
     * leaves either the dataset or garbage that recovery removes), forgotten, evicted from the
     * cache, then removed.
     *
     * @return false when there was no such dataset
     */
    public boolean delete(UUID id) throws IOException {
        Path trash = root.resolve(DELETING_PREFIX + id);
        synchronized (lock(id)) {
            if (datasets.remove(id) == null) {
                return false;
            }
            Path dir = datasetDir(id);
            if (Files.exists(dir)) {
                Files.move(dir, trash);
                DurableFiles.syncDirectory(root);
            }
        }
        cache.evictDataset(id);
        locks.remove(id);
        if (Files.exists(trash)) {
            deleteTree(trash);
        }
        listener.deleted(id);
        return true;
    }

    // ---- paths ----

    public Path datasetDir(UUID id) {
        return root.resolve(id.toString());
    }

    public Path chunkFile(UUID id, int chunkIndex) {
        return datasetDir(id).resolve(CHUNKS).resolve(chunkFileName(chunkIndex));
    }

    public Path sourceFile(UUID id) {
        return datasetDir(id).resolve(SOURCE);
    }

    public Path rejectsFile(UUID id) {
        return datasetDir(id).resolve(REJECTS);
    }

    /**
     * The file of a chunk as the manifest names it (ingest may re-encode a chunk under a new name).
     *
     * @throws IllegalArgumentException when the name is not a plain {@code *.chunk} file name
     */
    public Path chunkFile(UUID id, ChunkInfo chunk) {
        String name = chunk.file();
        if (name == null || !name.endsWith(".chunk") || name.startsWith(".") || name.contains("/")
                || name.contains("\\") || name.contains("..")) {
            throw new IllegalArgumentException("chunk " + chunk.index() + " has an invalid file name: " + name);
        }
        return datasetDir(id).resolve(CHUNKS).resolve(name);
    }

    /** The conventional name of a freshly written chunk: 8-digit index. */
    public static String chunkFileName(int chunkIndex) {
        if (chunkIndex < 0) {
            throw new IllegalArgumentException("negative chunk index " + chunkIndex);
        }
        return String.format("%08d.chunk", chunkIndex);
    }

    // ---- reading ----

    /**
     * One column of one chunk, through the cache, widened to the column's schema type when the
     * chunk was sealed with a narrower one.
     *
     * @param chunkIndex position in {@code manifest.chunks()}
     * @throws CorruptChunkException when the chunk file is damaged or disagrees with the manifest
     */
    public ColumnChunk readColumn(DatasetManifest manifest, int chunkIndex, int column) throws IOException {
        UUID id = idOf(manifest);
        ChunkInfo chunk = manifest.chunks().get(chunkIndex);
        ColumnType schemaType = manifest.columns().get(column).type();
        ColumnChunk values = readStoredColumn(id, chunk, column);
        if (values.type() == schemaType) {
            return values;
        }
        try {
            return values.widenTo(schemaType);
        } catch (IllegalArgumentException e) {
            throw new CorruptChunkException(datasetDir(id).resolve(CHUNKS).resolve(chunk.file()), "column " + column
                    + " holds " + values.type() + ", which cannot be read as " + schemaType, e);
        }
    }

    /**
     * One column of one chunk as it was stored (its type may be narrower than the schema's, see
     * {@link org.dataexplorer.store.ChunkColumnInfo#type()}), through the cache.
     *
     * @throws CorruptChunkException when the file is damaged, badly named or disagrees with {@code chunk}
     */
    public ColumnChunk readStoredColumn(UUID id, ChunkInfo chunk, int column) throws IOException {
        Path file;
        try {
            file = chunkFile(id, chunk);
        } catch (IllegalArgumentException e) {
            throw new CorruptChunkException(datasetDir(id).resolve(CHUNKS), e.getMessage(), e);
        }
        ColumnChunk values;
        try {
            values = cache.column(id, chunk.index(), column, file);
        } catch (NoSuchFileException e) {
            // delete() forgets a dataset before it moves its directory: gone from the catalog means deleted.
            if (get(id).isEmpty()) {
                throw new DatasetDeletedException(id, e);
            }
            throw new CorruptChunkException(file, "the chunk file is missing", e);
        }
        if (values.size() != chunk.rowCount()) {
            throw new CorruptChunkException(file, "column " + column + " has " + values.size()
                    + " rows, the manifest says " + chunk.rowCount());
        }
        if (column < chunk.columns().size() && chunk.columns().get(column).type() != values.type()) {
            throw new CorruptChunkException(file, "column " + column + " holds " + values.type()
                    + ", the manifest says " + chunk.columns().get(column).type());
        }
        return values;
    }

    /** Does not close the cache, which the caller passed in and owns. */
    @Override
    public void close() {
        datasets.clear();
    }

    // ---- helpers ----

    private Object lock(UUID id) {
        return locks.computeIfAbsent(id, k -> new Object());
    }

    private static UUID idOf(DatasetManifest manifest) {
        return UUID.fromString(manifest.id());
    }

    private static UUID parseUuid(String name) {
        if (name.length() != 36) {
            return null;
        }
        try {
            UUID id = UUID.fromString(name);
            return id.toString().equals(name) ? id : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static DatasetManifest failedWithoutChunks(DatasetManifest m, String error) {
        return new DatasetManifest(m.formatVersion(), m.id(), m.name(), m.owner(), DatasetStatus.FAILED,
                m.createdAt(), Instant.now(), m.bytesReceived(), m.sourceBytes(), 0, m.rowCount(),
                m.rejectCount(), m.dialect(), m.columns(), List.of(), error);
    }

    private void deleteIngestFiles(UUID id, boolean withRejects) throws IOException {
        Path chunks = datasetDir(id).resolve(CHUNKS);
        if (Files.isDirectory(chunks)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(chunks)) {
                for (Path file : files) {
                    Files.deleteIfExists(file);
                }
            }
        }
        Files.deleteIfExists(sourceFile(id));
        if (withRejects) {
            Files.deleteIfExists(rejectsFile(id));
        }
        cache.evictDataset(id);
    }

    private static void deleteTempFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir, 2)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList()) {
                if (Files.isRegularFile(file)) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private void removeDirectory(UUID id, Path dir) throws IOException {
        Path trash = root.resolve(DELETING_PREFIX + id);
        Files.move(dir, trash);
        deleteTree(trash);
    }

    private static void deleteTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
