package org.dataexplorer.it;

import java.util.ArrayList;
import java.util.List;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/** Renders typed JSON cells the way a CSV would write them, to compare with all-string truths. */
final class JsonText {

    private JsonText() {
    }

    /** A number as its JSON text, null as "", a string as is, a boolean as true/false. */
    static String text(JsonValue value) {
        if (value == null) {
            return "";
        }
        return switch (value.getValueType()) {
            case NULL -> "";
            case STRING -> ((JsonString) value).getString();
            case NUMBER -> ((JsonNumber) value).toString();
            case TRUE -> "true";
            case FALSE -> "false";
            default -> value.toString();
        };
    }

    static List<String> texts(JsonArray row) {
        List<String> out = new ArrayList<>(row.size());
        for (JsonValue cell : row) {
            out.add(text(cell));
        }
        return out;
    }

    /** The rows of a page or sample, each rendered as texts. */
    static List<List<String>> rows(JsonObject page) {
        List<List<String>> out = new ArrayList<>();
        for (JsonValue row : page.getJsonArray("rows")) {
            out.add(texts(row.asJsonArray()));
        }
        return out;
    }
}
