package org.dataexplorer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

/**
 * A client that stops sending in the middle of its upload (a stalled or slowloris client) is answered
 * {@code 408} once {@code upload.idle.timeout.ms} passes (set low for the ITs in the pom), and its
 * dataset is failed with no data left; the service keeps serving.
 */
class UploadIdleIT extends WithDeployedService {


    @Test
    void stalledUploadIsAnsweredWith408AndLeavesNoData() throws Exception {
        long idleMillis = Long.getLong("data.upload.idle.timeout.ms", 10_000);
        String name = "stalled-" + UUID.randomUUID();
        byte[] start = (SimpleCsv.HEADER + SimpleCsv.row(1) + SimpleCsv.row(2)).getBytes(StandardCharsets.UTF_8);
        try (RawHttp.Upload upload = RawHttp.open(http.base(), "POST", "api/datasets?name=" + name,
                List.of("Content-Type: text/csv", "Content-Length: 10000000"))) {
            assertTrue(upload.write(out -> out.write(start), 10_000));
            // The client now sends nothing more.
            RawHttp.Response response = upload.awaitResponse(idleMillis + 30_000);
            assertEquals(408, response.status(), response::raw);
            assertTrue(response.headers().getOrDefault("content-type", "").startsWith("application/problem+json"),
                    response::raw);
            JsonObject problem = Json.createReader(new StringReader(new String(response.body(), StandardCharsets.UTF_8)))
                    .readObject();
            assertTrue(problem.getString("detail").contains("upload.idle.timeout.ms"), problem::toString);
        }
        Optional<JsonObject> dataset = http.findByName(name);
        assertTrue(dataset.isPresent());
        http.remember(dataset.get().getString("id"));
        assertEquals("failed", dataset.get().getString("status"), dataset.get()::toString);
        assertTrue(StorageDir.files().keySet().stream()
                        .noneMatch(f -> f.contains(dataset.get().getString("id")) && !f.endsWith("manifest.json")),
                "only the manifest of the stalled upload remains");
        http.get("api/health").expect(200);
    }
}
