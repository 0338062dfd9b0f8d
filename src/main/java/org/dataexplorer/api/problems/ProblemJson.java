package org.dataexplorer.api.problems;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

/** Writes a {@link Problem} as {@code application/problem+json}, leaving out members that do not apply. */
public final class ProblemJson {

    private ProblemJson() {
    }

    public static String toJson(Problem p) {
        JsonObjectBuilder o = Json.createObjectBuilder()
                .add("type", p.type())
                .add("title", p.title())
                .add("status", p.status())
                .add("detail", p.detail() == null ? p.title() : p.detail());
        if (p.instance() != null) {
            o.add("instance", p.instance());
        }
        if (p.line() != null) {
            o.add("line", p.line());
        }
        if (p.byteOffset() != null) {
            o.add("byte", p.byteOffset());
        }
        if (p.column() != null) {
            o.add("column", p.column());
        }
        if (p.parameter() != null) {
            o.add("parameter", p.parameter());
        }
        if (p.errorId() != null) {
            o.add("errorId", p.errorId());
        }
        p.numbers().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> o.add(e.getKey(), e.getValue()));
        return o.build().toString();
    }
}
