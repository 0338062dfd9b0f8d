package org.dataexplorer.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import org.dataexplorer.store.ChunkInfo;
import org.dataexplorer.store.ColumnSchema;
import org.dataexplorer.store.ColumnType;
import org.dataexplorer.store.DatasetManifest;
import org.dataexplorer.store.DatasetStatus;
import org.dataexplorer.store.catalog.Catalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestPipelineTest {

    @TempDir
    Path root;

    private IngestHarness engine;

    @BeforeEach
    void start() throws IOException {
        engine = new IngestHarness(root);
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] lines(String header, List<String> values) {
        StringBuilder text = new StringBuilder(header).append('\n');
        for (String value : values) {
            text.append(value).append('\n');
        }
        return utf8(text.toString());
    }

    private ColumnSchema column(DatasetManifest manifest, String name) {
        return manifest.columns().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private List<String> chunkFilesOnDisk(DatasetManifest manifest) throws IOException {
        Path dir = engine.catalog().datasetDir(engine.id(manifest)).resolve(Catalog.CHUNKS);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private List<Reject> rejects(DatasetManifest manifest) throws IOException {
        return RejectLog.read(engine.catalog().rejectsFile(engine.id(manifest)), 0, 1000);
    }

    private static void assertReady(DatasetManifest manifest) {
        assertEquals(DatasetStatus.READY, manifest.status(), manifest.error());
    }

    // ---- types widened after chunks were sealed ----

    @Test
    void integersEndingInAFloatBecomeFloat() throws IOException {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 99_999; i++) {
            values.add(Integer.toString(i * 7 - 300_000));
        }
        values.add("3.5");
        DatasetManifest manifest = engine.ingest(IngestHarness.options(), lines("v", values), 1);
        assertReady(manifest);
        assertEquals(100_000, manifest.rowCount());
        assertEquals(ColumnType.FLOAT, column(manifest, "v").type());
        assertEquals(100, manifest.chunks().size());
        assertEquals(ColumnType.INTEGER, manifest.chunks().get(0).columns().get(0).type(),
                "early chunks stay integer; they widen on read");
        List<Object> read = engine.column(manifest, "v");
        for (int i = 0; i < 99_999; i++) {
            assertEquals((double) (i * 7 - 300_000), read.get(i), "row " + i);
        }
        assertEquals(3.5, read.get(99_999));
        assertTrue(manifest.chunks().stream().noneMatch(c -> c.file().contains(".r1.")));
    }

    @Test
    void integersEndingInTextAreReencodedAsText() throws IOException {
        List<String> values = new ArrayList<>();
        Random random = new Random(2);
        for (int i = 0; i < 29_999; i++) {
            values.add(Integer.toString(random.nextInt(2_000_000) - 1_000_000));
        }
        values.add("abc");
        DatasetManifest manifest = engine.ingest(IngestHarness.options(), lines("n,i", indexed(values)), 2);
        assertReady(manifest);
        assertEquals(ColumnType.STRING, column(manifest, "n").type());
        assertEquals(ColumnType.INTEGER, column(manifest, "i").type());
        List<Object> read = engine.column(manifest, "n");
        assertEquals(values, read);
        List<ChunkInfo> chunks = manifest.chunks();
        assertEquals(30, chunks.size());
        for (ChunkInfo chunk : chunks.subList(0, chunks.size() - 1)) {
            assertTrue(chunk.file().endsWith(".r1.chunk"), chunk.file());
            assertEquals(ColumnType.STRING, chunk.columns().get(0).type());
        }
        assertEquals(Catalog.chunkFileName(29), chunks.get(29).file(), "the last chunk was sealed as text already");
        assertEquals(chunks.stream().map(ChunkInfo::file).sorted().toList(), chunkFilesOnDisk(manifest),
                "the replaced chunk files are gone");
        List<Object> index = engine.column(manifest, "i");
        for (int r = 0; r < index.size(); r++) {
            assertEquals((long) r, index.get(r));
        }
    }

    private static List<String> indexed(List<String> values) {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            rows.add(values.get(i) + "," + i);
        }
        return rows;
    }

    @Test
    void dayFirstDatesDecidedNearTheEnd() throws IOException {
        checkDates(true);
    }

    @Test
    void monthFirstDatesDecidedNearTheEnd() throws IOException {
        checkDates(false);
    }

    private void checkDates(boolean dayFirst) throws IOException {
        List<String> text = new ArrayList<>();
        List<String> iso = new ArrayList<>();
        int rows = 20_000;
        for (int i = 0; i < rows; i++) {
            int day = 1 + i % 12;
            int month = 1 + (i / 12) % 12;
            int year = 1990 + i % 35;
            if (i == rows - 10) {
                day = 13;
            }
            text.add(dayFirst ? String.format("%02d/%02d/%d", day, month, year)
                    : String.format("%02d/%02d/%d", month, day, year));
            iso.add(String.format("%d-%02d-%02d", year, month, day));
        }
        DatasetManifest manifest = engine.ingest(IngestHarness.options(), lines("d", text), 3);
        assertReady(manifest);
        ColumnSchema d = column(manifest, "d");
        assertEquals(ColumnType.DATE, d.type());
        assertEquals(dayFirst ? "dd/MM/yyyy" : "MM/dd/yyyy", d.format());
        assertEquals(iso, engine.column(manifest, "d"));
        for (ChunkInfo chunk : manifest.chunks()) {
            assertEquals(d.format(), chunk.columns().get(0).format(), chunk.file());
        }
    }

    @Test
    void delimiterThatBecomesClearAfterRow50000() throws IOException {
        for (int rows : new int[] {50_000, 200_000}) {
            byte[] body = utf8("x;1,5\n".repeat(rows) + "y;2\n");
            DatasetManifest manifest = engine.ingest(IngestHarness.options(), body, rows);
            assertReady(manifest);
            assertEquals(';', manifest.dialect().delimiter());
            assertEquals(2, manifest.columns().size());
            List<Object[]> all = engine.allRows(manifest);
            assertArrayEquals(new Object[] {"y", "2"}, all.get(all.size() - 1));
            assertArrayEquals(new Object[] {"x", "1,5"}, all.get(all.size() - 2));
            assertEquals(manifest.dialect().header() ? rows : rows + 1, all.size());
        }
    }

    // ---- malformed input ----

    private static final String RAGGED = "a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n";

    @Test
    void raggedRowsArePaddedOrCutAndRejected() throws IOException {
        DatasetManifest manifest = engine.ingest(utf8(RAGGED));
        assertReady(manifest);
        List<Object[]> rows = engine.allRows(manifest);
        assertEquals(4, rows.size());
        assertArrayEquals(new Object[] {4L, 5L, null}, rows.get(1));
        assertArrayEquals(new Object[] {6L, 7L, 8L}, rows.get(2));
        assertArrayEquals(new Object[] {10L, 11L, 12L}, rows.get(3));
        assertEquals(2, manifest.rejectCount());
        List<Reject> rejects = rejects(manifest);
        assertEquals(2, rejects.size());
        assertEquals(3, rejects.get(0).line());
        assertEquals(12, rejects.get(0).byteOffset());
        assertEquals(3, rejects.get(0).column());
        assertEquals(4, rejects.get(1).line());
        assertEquals(16, rejects.get(1).byteOffset());
        assertEquals(4, rejects.get(1).column());
    }

    @Test
    void strictModeFailsOnTheFirstRaggedRow() throws IOException {
        IngestOptions strict = IngestHarness.options(null, null, null, Map.of(), true, false);
        IngestFailure failure = assertThrows(IngestFailure.class, () -> engine.ingest(strict, utf8(RAGGED), 4));
        assertEquals(IngestFailure.Kind.INVALID_INPUT, failure.kind());
        assertEquals(3, failure.line());
        assertEquals(3, failure.column());
        assertEquals(12, failure.byteOffset());
        DatasetManifest failed = onlyDataset();
        assertEquals(DatasetStatus.FAILED, failed.status());
        assertTrue(failed.chunks().isEmpty());
    }

    @Test
    void strictModeFailureInALargeUploadStopsTheWriter() throws IOException {
        StringBuilder text = new StringBuilder("a,b\n");
        for (int i = 0; i < 5000; i++) {
            text.append(i).append(",x\n");
        }
        text.append("oops\n");
        for (int i = 0; i < 200_000; i++) {
            text.append(i).append(",y\n");
        }
        IngestOptions strict = IngestHarness.options(true, null, null, Map.of(), true, false);
        IngestFailure failure = assertThrows(IngestFailure.class,
                () -> engine.ingest(strict, utf8(text.toString()), 5));
        assertEquals(5002, failure.line());
        assertEquals(2, failure.column());
        assertFalse(Files.exists(engine.catalog().sourceFile(engine.id(onlyDataset()))));
        assertEquals(List.of(), chunkFilesOnDisk(onlyDataset()));
    }

    private DatasetManifest onlyDataset() {
        List<DatasetManifest> all = engine.catalog().list();
        assertEquals(1, all.size());
        return all.get(0);
    }

    @Test
    void unterminatedQuoteAtTheEnd() throws IOException {
        // a closed quoted field first: with only the unclosed one the sniffer rightly decides there is no quote
        DatasetManifest manifest = engine.ingest(utf8("a,b\n1,\"x, y\"\n2,\"open\n3,y\n"));
        assertReady(manifest);
        List<Object[]> rows = engine.allRows(manifest);
        assertEquals(2, rows.size());
        assertArrayEquals(new Object[] {1L, "x, y"}, rows.get(0));
        assertArrayEquals(new Object[] {2L, "open\n3,y\n"}, rows.get(1));
        List<Reject> rejects = rejects(manifest);
        assertEquals(1, rejects.size());
        assertEquals(3, rejects.get(0).line());
        assertEquals(2, rejects.get(0).column());
        assertTrue(rejects.get(0).reason().contains("quote still open"), rejects.get(0).reason());
    }

    @Test
    void invalidUtf8IsReplacedAndRejected() throws IOException {
        // declared UTF-8
        byte[] body = concat(utf8("name,n\nok,1\nab"), new byte[] {(byte) 0xFF}, utf8("c,2\n"));
        DatasetManifest manifest = engine.ingest(IngestHarness.options(null, StandardCharsets.UTF_8, null, Map.of(),
                false, false), body, 6);
        assertReady(manifest);
        assertEquals(List.of("ok", "ab\uFFFDc"), engine.column(manifest, "name"));
        List<Reject> rejects = rejects(manifest);
        assertEquals(1, rejects.size());
        assertEquals(3, rejects.get(0).line());
        assertEquals(1, rejects.get(0).column());

        // sniffed as UTF-8 from a valid first megabyte; the bad byte comes later
        StringBuilder text = new StringBuilder("name,n\n");
        int rows = 0;
        while (text.length() < 1_300_000) {
            text.append("Zoë").append(rows).append(',').append(rows).append('\n');
            rows++;
        }
        byte[] late = concat(utf8(text.toString()), new byte[] {'x', (byte) 0xC3, ',', '9', '\n'});
        DatasetManifest sniffed = engine.ingest(IngestHarness.options(), late, 7);
        assertReady(sniffed);
        assertEquals("UTF-8", sniffed.dialect().encoding());
        List<Object> names = engine.column(sniffed, "name");
        assertEquals("Zoë0", names.get(0));
        assertEquals("x\uFFFD", names.get(rows));
        assertEquals(1, sniffed.rejectCount());
        assertEquals(rows + 2, rejects(sniffed).get(0).line());
    }

    @Test
    void windows1252IsDetectedAndDecoded() throws IOException {
        String text = "name,city\nRené,Zürich\nJosé,Málaga\nplain,ascii\n";
        DatasetManifest manifest = engine.ingest(IngestHarness.options(), text.getBytes(Charset.forName("windows-1252")), 8);
        assertReady(manifest);
        assertTrue(manifest.dialect().encodingFallback());
        assertEquals("windows-1252", manifest.dialect().encoding());
        assertEquals(List.of("René", "José", "plain"), engine.column(manifest, "name"));
        assertEquals(List.of("Zürich", "Málaga", "ascii"), engine.column(manifest, "city"));
    }

    @Test
    void utf16LittleEndianWithBom() throws IOException {
        String text = "name,n\né,1\n日本,2\n";
        byte[] body = concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, text.getBytes(StandardCharsets.UTF_16LE));
        DatasetManifest manifest = engine.ingest(IngestHarness.options(), body, 9);
        assertReady(manifest);
        assertEquals("UTF-16LE", manifest.dialect().encoding());
        assertTrue(manifest.dialect().bom());
        assertEquals(List.of("name", "n"), manifest.columns().stream().map(ColumnSchema::name).toList());
        assertEquals(List.of("é", "日本"), engine.column(manifest, "name"));
        assertEquals(List.of(1L, 2L), engine.column(manifest, "n"));
    }

    @Test
    void utf16WithManyChunksRetypesFromTheTranscodedSource() throws IOException {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 4999; i++) {
            values.add(Integer.toString(i));
        }
        values.add("é");
        String text = new String(lines("v", values), StandardCharsets.UTF_8);
        byte[] body = concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, text.getBytes(StandardCharsets.UTF_16LE));
        DatasetManifest manifest = engine.ingest(IngestHarness.options(), body, 10);
        assertReady(manifest);
        assertEquals(ColumnType.STRING, column(manifest, "v").type());
        assertEquals(values, engine.column(manifest, "v"));
    }

    @Test
    void gzipUploadIsDecoded() throws IOException {
        StringBuilder text = new StringBuilder("id,name\n");
        for (int i = 0; i < 10_000; i++) {
            text.append(i).append(",name").append(i).append('\n');
        }
        byte[] plain = utf8(text.toString());
        byte[] body = IngestHarness.gzip(plain);
        for (boolean declared : new boolean[] {false, true}) {
            DatasetManifest manifest = engine.ingest(IngestHarness.options(null, null, null, Map.of(), false, declared),
                    body, 11);
            assertReady(manifest);
            assertEquals(10_000, manifest.rowCount());
            assertEquals(body.length, manifest.bytesReceived());
            assertEquals(plain.length, manifest.sourceBytes());
            assertEquals("name9999", engine.column(manifest, "name").get(9999));
        }
    }

    @Test
    void headerOnlyFileIsReadyAndEmpty() throws IOException {
        DatasetManifest manifest = engine.ingest(utf8("id,name,price\n"));
        assertReady(manifest);
        assertEquals(0, manifest.rowCount());
        assertEquals(List.of("id", "name", "price"), manifest.columns().stream().map(ColumnSchema::name).toList());
        assertEquals(List.of(), engine.allRows(manifest));
    }

    @Test
    void emptyUploadIsInvalid() {
        IngestFailure failure = assertThrows(IngestFailure.class, () -> engine.ingest(new byte[0]));
        assertEquals(IngestFailure.Kind.INVALID_INPUT, failure.kind());
        assertEquals(DatasetStatus.FAILED, onlyDataset().status());
        IngestFailure blank = assertThrows(IngestFailure.class, () -> engine.ingest(utf8("\n\r\n\n")));
        assertEquals(IngestFailure.Kind.INVALID_INPUT, blank.kind());
    }

    // ---- options ----

    @Test
    void forcedTypes() throws IOException {
        byte[] body = utf8("zip,n\n01234,1\n98765,x\n00501,3\n");
        DatasetManifest manifest = engine.ingest(IngestHarness.options(null, null, null,
                Map.of("zip", ColumnType.STRING, "n", ColumnType.INTEGER), false, false), body, 12);
        assertReady(manifest);
        assertEquals(ColumnType.STRING, column(manifest, "zip").type());
        assertEquals(ColumnType.INTEGER, column(manifest, "n").type());
        assertEquals(List.of("01234", "98765", "00501"), engine.column(manifest, "zip"));
        assertEquals(Arrays.asList(1L, null, 3L), engine.column(manifest, "n"));
        List<Reject> rejects = rejects(manifest);
        assertEquals(1, rejects.size());
        assertEquals(3, rejects.get(0).line());
        assertEquals(2, rejects.get(0).column());

        IngestFailure unknown = assertThrows(IngestFailure.class, () -> engine.ingest(IngestHarness.options(null,
                null, null, Map.of("nope", ColumnType.STRING), false, false), body, 13));
        assertEquals(IngestFailure.Kind.BAD_OPTION, unknown.kind());
        assertEquals("types", unknown.parameter());
    }

    @Test
    void nullValuesOverride() throws IOException {
        byte[] body = utf8("s,n\nx,1\n-,-\nNA,NA\n,\n");
        DatasetManifest configured = engine.ingest(body);
        assertEquals(Arrays.asList("x", "-", null, null), engine.column(configured, "s"));
        DatasetManifest custom = engine.ingest(IngestHarness.options(null, null, List.of("-"), Map.of(), false, false),
                body, 14);
        assertReady(custom);
        assertEquals(Arrays.asList("x", null, "NA", null), engine.column(custom, "s"));
    }

    @Test
    void quotedEmptyIsEmptyTextButNullNumber() throws IOException {
        DatasetManifest manifest = engine.ingest(utf8("s,n\n\"\",\"\"\nx,1\n,2\n"));
        assertReady(manifest);
        assertEquals(ColumnType.STRING, column(manifest, "s").type());
        assertEquals(ColumnType.INTEGER, column(manifest, "n").type());
        assertEquals(Arrays.asList("", "x", null), engine.column(manifest, "s"));
        assertEquals(Arrays.asList(null, 1L, 2L), engine.column(manifest, "n"));
        assertEquals(0, manifest.rejectCount());
    }

    // ---- lifecycle ----

    @Test
    void abortMidUploadFailsTheDatasetAndRemovesItsFiles() throws Exception {
        StringBuilder text = new StringBuilder("a,b\n");
        for (int i = 0; i < 300_000; i++) {
            text.append(i).append(",v").append(i).append('\n');
        }
        byte[] body = utf8(text.toString());
        Upload upload = engine.service().begin(IngestHarness.options(), null);
        UUID id = upload.id();
        upload.write(body, 0, body.length / 2);
        // more than the sniffer's first sample was sent, so the parser seals chunks; wait for some
        // (no timing assertion: the test only waits)
        for (int i = 0; i < 3000 && upload.rowsParsed() < 5000; i++) {
            Thread.sleep(10);
        }
        assertFalse(chunkFilesOnDisk(engine.catalog().get(id).orElseThrow()).isEmpty(), "chunks were sealed");
        upload.abort(IngestFailure.aborted("The client went away", null));
        IngestFailure failure = assertThrows(IngestFailure.class, () -> IngestHarness.await(upload));
        assertEquals(IngestFailure.Kind.ABORTED, failure.kind());
        DatasetManifest failed = engine.catalog().get(id).orElseThrow();
        assertEquals(DatasetStatus.FAILED, failed.status());
        assertTrue(failed.chunks().isEmpty());
        assertEquals(List.of(), chunkFilesOnDisk(failed));
        assertFalse(Files.exists(engine.catalog().sourceFile(id)));
        assertThrows(IngestFailure.class, () -> upload.write(body, 0, 10), "writes after the abort are refused");
        assertEquals(0, engine.service().activeCount());
    }

    /** An allowance (the owner's quota) asked for the source as it streams and for the chunks as they are committed. */
    @Test
    void anAllowanceBoundsTheSourceAndTheChunkBytes() throws Exception {
        StringBuilder text = new StringBuilder("a,b\n");
        for (int i = 0; i < 20_000; i++) {
            text.append(i).append(",v").append(i).append('\n');
        }
        byte[] body = utf8(text.toString());
        List<Long> chunkClaims = new java.util.concurrent.CopyOnWriteArrayList<>();
        long[] largestSource = {0};
        DatasetManifest whole = IngestHarness.await(uploadWith(body, new UploadAllowance() {
            @Override
            public boolean source(long totalBytes) {
                largestSource[0] = Math.max(largestSource[0], totalBytes);
                return true;
            }

            @Override
            public boolean chunks(long totalBytes) {
                chunkClaims.add(totalBytes);
                return true;
            }
        }));
        assertEquals(body.length, largestSource[0], "every source byte was asked for");
        assertEquals(whole.sizeBytes(), chunkClaims.get(chunkClaims.size() - 1), "the last claim is the chunk files' size");
        assertTrue(chunkClaims.size() >= 20, "a claim per chunk: " + chunkClaims);

        long half = whole.sizeBytes() / 2;
        Upload refused = uploadWith(body, new UploadAllowance() {
            @Override
            public boolean source(long totalBytes) {
                return true;
            }

            @Override
            public boolean chunks(long totalBytes) {
                return totalBytes <= half;
            }
        });
        IngestFailure failure = assertThrows(IngestFailure.class, () -> IngestHarness.await(refused));
        assertEquals(IngestFailure.Kind.TOO_LARGE, failure.kind());
        assertTrue(engine.catalog().get(refused.id()).isEmpty(), "refused as too large, it leaves no dataset");

        Upload cut = engine.service().begin(IngestHarness.options(), null, sourceAtMost(1000));
        IngestFailure early = assertThrows(IngestFailure.class, () -> cut.write(body, 0, 1001));
        assertEquals(IngestFailure.Kind.TOO_LARGE, early.kind());
        cut.abort(early);
        assertThrows(IngestFailure.class, () -> IngestHarness.await(cut));
    }

    /**
     * A write refused for its size stops the decoders mid-stream (multipart, gzip). A write that comes after it (the
     * receiver had the next read queued) gets the same refusal; it must not feed the decoders the rest.
     */
    @Test
    void writesAfterARefusedWriteGetTheSameRefusal() throws Exception {
        StringBuilder text = new StringBuilder("a,b\n");
        for (int i = 0; i < 100_000; i++) {
            text.append(i).append(",v").append(i % 7).append('\n');
        }
        byte[] gz = IngestHarness.gzip(utf8(text.toString()));
        byte[] body = concat(utf8("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.csv.gz\"\r\n\r\n"),
                gz, utf8("\r\n--b--\r\n"));
        Upload upload = engine.service().begin(IngestHarness.options(), "b", sourceAtMost(200_000));
        List<IngestFailure> refusals = new java.util.ArrayList<>();
        for (int position = 0; position < body.length; position += 4_000) {
            try {
                upload.write(body, position, Math.min(4_000, body.length - position));
            } catch (IngestFailure refused) {
                refusals.add(refused);
            }
        }
        assertTrue(refusals.size() > 1, "the writes after the first refusal are refused too: " + refusals.size());
        for (IngestFailure refused : refusals) {
            assertSame(refusals.get(0), refused, "refused with the first refusal, without decoding: " + refused.getMessage());
        }
        assertEquals(IngestFailure.Kind.TOO_LARGE, refusals.get(0).kind());
        upload.abort(refusals.get(0));
        upload.abort(IngestFailure.aborted("A later reason", null));
        IngestFailure failure = assertThrows(IngestFailure.class, () -> IngestHarness.await(upload));
        assertEquals(IngestFailure.Kind.TOO_LARGE, failure.kind(), failure.getMessage());
    }

    /** An allowance with room for {@code maxBytes} of source and any chunks. */
    private static UploadAllowance sourceAtMost(long maxBytes) {
        return new UploadAllowance() {
            @Override
            public boolean source(long totalBytes) {
                return totalBytes <= maxBytes;
            }

            @Override
            public boolean chunks(long totalBytes) {
                return true;
            }
        };
    }

    private Upload uploadWith(byte[] body, UploadAllowance allowance) throws IOException {
        Upload upload = engine.service().begin(IngestHarness.options(), null, allowance);
        try {
            for (int position = 0; position < body.length; position += 7_000) {
                upload.write(body, position, Math.min(7_000, body.length - position));
            }
            upload.endOfInput();
        } catch (IngestFailure refusedWhileWriting) {
            // the parser failed first; the result says why
        }
        return upload;
    }

    @Test
    void restartFindsReadyDatasetsUnchanged() throws IOException {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 4500; i++) {
            values.add(i + "," + (i == 4400 ? "zz" : Integer.toString(i)) + "," + (i * 0.5));
        }
        DatasetManifest first = engine.ingest(IngestHarness.options(), lines("i,s,f", values), 15);
        DatasetManifest second = engine.ingest(utf8(RAGGED));
        List<Object[]> firstRows = engine.allRows(first);
        List<Object[]> secondRows = engine.allRows(second);

        List<DatasetManifest> recovered = engine.restart();
        assertEquals(List.of(first, second), recovered);
        assertEquals(first, engine.catalog().get(engine.id(first)).orElseThrow());
        assertRowsEqual(firstRows, engine.allRows(first));
        assertRowsEqual(secondRows, engine.allRows(second));
        assertEquals(2, rejects(second).size());
    }

    private static void assertRowsEqual(List<Object[]> expected, List<Object[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int r = 0; r < expected.size(); r++) {
            assertArrayEquals(expected.get(r), actual.get(r), "row " + r);
        }
    }

    @Test
    void sourceIsKeptAndChunksCoverIt() throws IOException {
        StringBuilder text = new StringBuilder("a,b\r\n");
        for (int i = 0; i < 2500; i++) {
            text.append(i).append(",\"multi\r\nline ").append(i).append("\"\r\n");
        }
        byte[] body = utf8(text.toString());
        DatasetManifest manifest = engine.ingest(IngestHarness.options(), body, 16);
        assertReady(manifest);
        assertArrayEquals(body, Files.readAllBytes(engine.catalog().sourceFile(engine.id(manifest))));
        List<ChunkInfo> chunks = manifest.chunks();
        assertEquals(3, chunks.size());
        assertEquals(5, chunks.get(0).sourceOffset());
        assertEquals(2, chunks.get(0).firstLine());
        assertEquals(2 + 2 * 1000, chunks.get(1).firstLine());
        for (int c = 1; c < chunks.size(); c++) {
            ChunkInfo before = chunks.get(c - 1);
            assertEquals(before.sourceOffset() + before.sourceLength(), chunks.get(c).sourceOffset());
            assertEquals(before.firstRow() + before.rowCount(), chunks.get(c).firstRow());
        }
        ChunkInfo last = chunks.get(chunks.size() - 1);
        assertEquals(body.length, last.sourceOffset() + last.sourceLength());
        assertEquals("multi\r\nline 2499", engine.column(manifest, "b").get(2499));
        assertNull(manifest.error());
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
