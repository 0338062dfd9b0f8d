package org.dataexplorer.store.format;

import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.adapter.JsonbAdapter;
import jakarta.json.bind.serializer.DeserializationContext;
import jakarta.json.bind.serializer.JsonbDeserializer;
import jakarta.json.bind.serializer.JsonbSerializer;
import jakarta.json.bind.serializer.SerializationContext;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonParser;

import org.dataexplorer.store.ChunkColumnInfo;
import org.dataexplorer.store.ColumnType;
import org.dataexplorer.store.DatasetManifest;

/**
 * {@code manifest.json} reading and writing with JSON-B (Yasson). Records, {@code char},
 * {@code Character} (null included) and {@link java.time.Instant} (ISO-8601) map as they are; the
 * one adaptation is {@link ChunkColumnInfo}, whose double min/max may be infinite or NaN, which
 * JSON numbers cannot hold: they are written as the strings "Infinity", "-Infinity" and "NaN".
 */
public final class ManifestCodec {

    private static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig()
            .withNullValues(true)
            .withFormatting(true)
            .withAdapters(new ChunkColumnInfoAdapter())
            .withSerializers(new DoubleSerializer())
            .withDeserializers(new DoubleDeserializer()));

    private ManifestCodec() {
    }

    /** JSON text of a manifest (also useful for tests and tools). */
    public static String toJson(DatasetManifest manifest) {
        return JSONB.toJson(manifest);
    }

    /**
     * Writes the manifest durably: to {@code manifest.json.tmp}, fsync, atomic rename over the old
     * one, fsync of the directory. A crash leaves either the old or the new manifest.
     */
    public static void write(Path manifestFile, DatasetManifest manifest) throws IOException {
        byte[] json = toJson(manifest).getBytes(StandardCharsets.UTF_8);
        Path tmp = DurableFiles.tempFor(manifestFile);
        boolean done = false;
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(json);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
        DurableFiles.atomicMove(tmp, manifestFile);
    }

    /**
     * Reads a manifest.
     *
     * @throws CorruptManifestException when the file is not valid JSON, not a manifest, lacks id,
     *                                  status or creation time, or has an unknown format version
     */
    public static DatasetManifest read(Path manifestFile) throws IOException {
        String json;
        try {
            json = Files.readString(manifestFile, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            // Found by ManifestCodecFuzzTest: bytes that are not UTF-8 are a damaged manifest, not an I/O error.
            throw new CorruptManifestException(manifestFile, "not UTF-8 (" + e.getMessage() + ")", e);
        }
        return parse(json, manifestFile);
    }

    static DatasetManifest parse(String json, Path file) throws CorruptManifestException {
        DatasetManifest manifest;
        try {
            manifest = JSONB.fromJson(json, DatasetManifest.class);
        } catch (JsonbException | IllegalArgumentException | ClassCastException e) {
            throw new CorruptManifestException(file, "not a readable manifest (" + e.getMessage() + ")", e);
        }
        if (manifest == null) {
            throw new CorruptManifestException(file, "empty document", null);
        }
        if (manifest.formatVersion() < 1 || manifest.formatVersion() > DatasetManifest.FORMAT_VERSION) {
            throw new CorruptManifestException(file, "unsupported format version " + manifest.formatVersion(),
                    null);
        }
        if (manifest.id() == null || manifest.status() == null || manifest.createdAt() == null) {
            throw new CorruptManifestException(file, "id, status or createdAt missing", null);
        }
        return manifest;
    }

    /** {@link ChunkColumnInfo} as JSON: the same members, doubles boxed so non-finite values can be strings. */
    public record ChunkColumnInfoJson(ColumnType type, String format, int nullCount, boolean hasMinMax,
                                      long minLong, long maxLong, Double minDouble, Double maxDouble,
                                      String minString, String maxString) {
    }

    public static final class ChunkColumnInfoAdapter implements JsonbAdapter<ChunkColumnInfo, ChunkColumnInfoJson> {
        @Override
        public ChunkColumnInfoJson adaptToJson(ChunkColumnInfo c) {
            return new ChunkColumnInfoJson(c.type(), c.format(), c.nullCount(), c.hasMinMax(), c.minLong(),
                    c.maxLong(), c.minDouble(), c.maxDouble(), c.minString(), c.maxString());
        }

        @Override
        public ChunkColumnInfo adaptFromJson(ChunkColumnInfoJson c) {
            return new ChunkColumnInfo(c.type(), c.format(), c.nullCount(), c.hasMinMax(), c.minLong(),
                    c.maxLong(), c.minDouble() == null ? 0 : c.minDouble(),
                    c.maxDouble() == null ? 0 : c.maxDouble(), c.minString(), c.maxString());
        }
    }

    public static final class DoubleSerializer implements JsonbSerializer<Double> {
        @Override
        public void serialize(Double value, JsonGenerator generator, SerializationContext context) {
            if (Double.isFinite(value)) {
                generator.write(value);
            } else {
                generator.write(value.toString());
            }
        }
    }

    public static final class DoubleDeserializer implements JsonbDeserializer<Double> {
        @Override
        public Double deserialize(JsonParser parser, DeserializationContext context, Type type) {
            JsonValue value = parser.getValue();
            return switch (value.getValueType()) {
                case NUMBER -> ((JsonNumber) value).doubleValue();
                case STRING -> parseNonFinite(((JsonString) value).getString());
                case NULL -> null;
                default -> throw new JsonbException("expected a number, found " + value.getValueType());
            };
        }

        private static Double parseNonFinite(String text) {
            return switch (text) {
                case "NaN" -> Double.NaN;
                case "Infinity" -> Double.POSITIVE_INFINITY;
                case "-Infinity" -> Double.NEGATIVE_INFINITY;
                default -> throw new JsonbException("not a number: " + text);
            };
        }
    }
}
