package org.dataexplorer.store.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.dataexplorer.store.ChunkColumnInfo;
import org.dataexplorer.store.ChunkInfo;
import org.dataexplorer.store.ColumnSchema;
import org.dataexplorer.store.ColumnType;
import org.dataexplorer.store.DatasetManifest;
import org.dataexplorer.store.DatasetStatus;
import org.dataexplorer.store.Dialect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestCodecTest {

    @TempDir
    Path dir;

    static DatasetManifest sample(Dialect dialect) {
        List<ChunkColumnInfo> stats = List.of(
                new ChunkColumnInfo(ColumnType.INTEGER, null, 0, true, -5, 1L << 60, 0, 0, null, null),
                new ChunkColumnInfo(ColumnType.FLOAT, null, 2, true, 0, 0, Double.NEGATIVE_INFINITY,
                        Double.POSITIVE_INFINITY, null, null),
                new ChunkColumnInfo(ColumnType.FLOAT, null, 0, false, 0, 0, Double.NaN, 0.1, null, null),
                new ChunkColumnInfo(ColumnType.STRING, null, 1, true, 0, 0, 0, 0, "", "zé \"quoted\"\n"),
                new ChunkColumnInfo(ColumnType.DATE, "dd/MM/yyyy", 0, true, -1, 20_000, 0, 0, null, null));
        return new DatasetManifest(DatasetManifest.FORMAT_VERSION, UUID.randomUUID().toString(), "sales 2024.csv",
                null, DatasetStatus.READY, Instant.parse("2024-02-29T23:59:59.123456789Z"),
                Instant.parse("2024-03-01T00:00:00Z"), 123, 456, 789, 10_000_000_000L, 3, dialect,
                List.of(new ColumnSchema(0, "id", ColumnType.INTEGER, false, null),
                        new ColumnSchema(1, "price", ColumnType.FLOAT, true, null),
                        new ColumnSchema(2, "ratio", ColumnType.FLOAT, false, null),
                        new ColumnSchema(3, "city", ColumnType.STRING, true, null),
                        new ColumnSchema(4, "day", ColumnType.DATE, false, "dd/MM/yyyy")),
                List.of(new ChunkInfo(0, "00000000.chunk", 0, 65_536, 120, 4_000_000, 2, 0xFFFF_FFFFL, stats),
                        new ChunkInfo(1, "00000001.chunk", 65_536, 10, 4_000_120, 300, 65_538, 0, stats)),
                null);
    }

    @Test
    void roundTripsTabDelimiterWithoutQuote() throws IOException {
        Dialect dialect = new Dialect('\t', null, Dialect.Escape.BACKSLASH, false, 3, "CRLF", "windows-1252", true,
                true);
        DatasetManifest manifest = sample(dialect);
        Path file = dir.resolve("manifest.json");
        ManifestCodec.write(file, manifest);
        assertFalse(Files.exists(DurableFiles.tempFor(file)));

        DatasetManifest back = ManifestCodec.read(file);
        assertEquals(manifest, back);
        assertEquals('\t', back.dialect().delimiter());
        assertNull(back.dialect().quote());
        assertEquals(Instant.parse("2024-02-29T23:59:59.123456789Z"), back.createdAt());
        assertTrue(Double.isInfinite(back.chunks().get(0).columns().get(1).minDouble()));
        assertTrue(Double.isNaN(back.chunks().get(0).columns().get(2).minDouble()));
        assertEquals(0xFFFF_FFFFL, back.chunks().get(0).crc32());

        String json = Files.readString(file);
        assertTrue(json.contains("\"quote\": null"), json);
        assertTrue(json.contains("\"delimiter\": \"\\t\""), json);
        assertTrue(json.contains("\"createdAt\": \"2024-02-29T23:59:59.123456789Z\""), json);
    }

    @Test
    void roundTripsQuoteCharacterAndNullDialect() throws IOException {
        Path file = dir.resolve("manifest.json");
        DatasetManifest rfc = sample(Dialect.rfc4180());
        ManifestCodec.write(file, rfc);
        assertEquals(Character.valueOf('"'), ManifestCodec.read(file).dialect().quote());
        assertEquals(rfc, ManifestCodec.read(file));

        DatasetManifest early = sample(null).withStatus(DatasetStatus.FAILED, "stopped: \u0000 odd");
        ManifestCodec.write(file, early); // replaces the previous one
        DatasetManifest back = ManifestCodec.read(file);
        assertNull(back.dialect());
        assertEquals(DatasetStatus.FAILED, back.status());
        assertEquals("stopped: \u0000 odd", back.error());
    }

    @Test
    void badJsonIsCorruptManifest() throws IOException {
        Path file = dir.resolve("manifest.json");
        for (String text : new String[] {"", "{", "[1,2]", "{\"formatVersion\":1}", "{\"formatVersion\":99,"
                + "\"id\":\"x\",\"status\":\"READY\",\"createdAt\":\"2024-01-01T00:00:00Z\"}",
                "{\"formatVersion\":1,\"id\":\"x\",\"status\":\"BOGUS\",\"createdAt\":\"2024-01-01T00:00:00Z\"}",
                "{\"formatVersion\":1,\"id\":\"x\",\"status\":\"READY\",\"createdAt\":\"yesterday\"}"}) {
            Files.writeString(file, text);
            CorruptManifestException e = assertThrows(CorruptManifestException.class, () -> ManifestCodec.read(file),
                    text);
            assertTrue(e.getMessage().contains(file.toString()));
        }
        // a manifest cut short by a broken disk
        String full = ManifestCodec.toJson(sample(Dialect.rfc4180()));
        Files.writeString(file, full.substring(0, full.length() / 2));
        assertThrows(CorruptManifestException.class, () -> ManifestCodec.read(file));
    }
}
