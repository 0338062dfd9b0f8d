package org.dataexplorer.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.dataexplorer.query.QueryException;
import org.dataexplorer.query.gw.PayloadParser;

/**
 * Graphic Walker query payloads ({@code IDataQueryPayload} JSON, with its SQL-subset expressions) from
 * arbitrary text: the parser gives a payload or a {@link QueryException} naming the JSON path of the
 * culprit (a 400), never anything else, whatever the nesting.
 */
class GwPayloadFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void payload(byte[] data) {
        String body = new String(data, StandardCharsets.UTF_8);
        check(() -> PayloadParser.parse(body));
        check(() -> PayloadParser.parseBatch(body));
    }

    private static void check(Supplier<Object> parse) {
        try {
            assertNotNull(parse.get());
        } catch (QueryException expected) {
            assertTrue(expected.parameter() != null && !expected.getMessage().isBlank(),
                    () -> "a 400 must name its parameter: " + expected);
        }
    }
}
