package org.dataexplorer.ingest;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

/**
 * The rejects of one dataset, one JSON object per line in {@code rejects.jsonl}. All are counted;
 * at most a configured number are written, so a file of nothing but bad rows stays small.
 */
public final class RejectLog implements AutoCloseable {

    private final Path file;
    private final int maxRecorded;
    private Writer writer;
    private long count;

    public RejectLog(Path file, int maxRecorded) {
        this.file = file;
        this.maxRecorded = maxRecorded;
    }

    public void add(Reject reject) throws IOException {
        count++;
        if (count > maxRecorded) {
            return;
        }
        if (writer == null) {
            writer = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
        }
        writer.write(Json.createObjectBuilder()
                .add("line", reject.line())
                .add("byte", reject.byteOffset())
                .add("column", reject.column())
                .add("reason", reject.reason())
                .build()
                .toString());
        writer.write('\n');
    }

    /** Counts rejects that are not listed (beyond what a chunk's buffer kept). */
    public void countUnlisted(long rejects) {
        count += rejects;
    }

    public long count() {
        return count;
    }

    @Override
    public void close() throws IOException {
        if (writer != null) {
            writer.close();
            writer = null;
        }
    }

    /** Reads up to {@code limit} rejects starting at {@code offset}. */
    public static List<Reject> read(Path file, long offset, int limit) throws IOException {
        List<Reject> rejects = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long index = 0;
            while ((line = reader.readLine()) != null && rejects.size() < limit) {
                if (index++ < offset || line.isBlank()) {
                    continue;
                }
                try (JsonReader json = Json.createReader(new java.io.StringReader(line))) {
                    JsonObject o = json.readObject();
                    rejects.add(new Reject(o.getJsonNumber("line").longValue(), o.getJsonNumber("byte").longValue(),
                            o.getInt("column"), o.getString("reason")));
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return rejects;
    }
}
