package org.dataexplorer.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every csv-spectrum file, uploaded over HTTP, reads back as exactly the rows of its JSON twin.
 * The JSON holds every value as a string, so each typed cell is rendered as text first (a number
 * as its JSON text, null as the empty string). One test walks all files (Arquillian's JUnit 5
 * support does not report parameterized tests reliably) and reports every mismatch at once.
 */
class CsvSpectrumIT extends WithDeployedService {

    private static final String CORPUS = "/csv-spectrum/";


    @Test
    void everyFileLoadsToExactlyItsExpectedRows() throws Exception {
        List<String> names = corpusNames();
        assertEquals(12, names.size(), () -> "csv-spectrum files found: " + names);
        List<Executable> checks = new ArrayList<>();
        for (String name : names) {
            checks.add(() -> assertLoadsAsExpected(name));
        }
        assertAll("csv-spectrum", checks.stream());
    }

    private void assertLoadsAsExpected(String name) throws IOException {
        byte[] csv = resource(CORPUS + "csvs/" + name + ".csv");
        JsonArray expected = parse(resource(CORPUS + "json/" + name + ".json")).asJsonArray();

        boolean crlf = name.endsWith("_crlf");
        assertEquals(crlf, new String(csv, StandardCharsets.UTF_8).contains("\r\n"),
                () -> name + ": the test resource lost its line endings");

        JsonObject summary = http.upload("api/datasets", "name=" + Http.enc(name + ".csv"), csv, "text/csv");
        String id = summary.getString("id");
        assertEquals("ready", summary.getString("status"), () -> name + ": " + summary);
        assertEquals(crlf ? "CRLF" : "LF", summary.getJsonObject("dialect").getString("lineEnding"),
                () -> name + ": lineEnding of " + summary);

        JsonObject page = http.get("data/" + id + "?pageSize=1000").expect(200);
        List<String> expectedNames = new ArrayList<>(expected.getJsonObject(0).keySet());
        assertEquals(expectedNames, Http.names(page), () -> name + ": column names");

        List<List<String>> expectedRows = new ArrayList<>();
        for (JsonValue row : expected) {
            List<String> cells = new ArrayList<>();
            for (String column : expectedNames) {
                cells.add(row.asJsonObject().getString(column));
            }
            expectedRows.add(cells);
        }
        assertEquals(expectedRows, JsonText.rows(page), () -> name + ": rows");
        assertEquals(expectedRows.size(), page.getJsonNumber("count").longValue(), () -> name + ": count");
        assertEquals(expectedRows.size(), summary.getJsonNumber("rowCount").longValue(), () -> name + ": rowCount");
    }

    private static List<String> corpusNames() throws IOException, URISyntaxException {
        Path dir = Path.of(CsvSpectrumIT.class.getResource(CORPUS + "csvs").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".csv"))
                    .map(n -> n.substring(0, n.length() - 4))
                    .sorted()
                    .toList();
        }
    }

    private static byte[] resource(String path) throws IOException {
        try (InputStream in = CsvSpectrumIT.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("missing test resource " + path);
            }
            return in.readAllBytes();
        }
    }

    private static JsonValue parse(byte[] json) {
        try (JsonReader reader = Json.createReader(new StringReader(new String(json, StandardCharsets.UTF_8)))) {
            return reader.readValue();
        }
    }
}
