package org.dataexplorer.api.problems;

import java.util.HashMap;
import java.util.Map;

/**
 * An RFC 9457 problem detail, with the members this service adds where they apply: the source
 * position of a parse error, the parameter at fault, the id under which a server error was logged,
 * and numeric extension members (e.g. a quota's {@code quotaBytes} and {@code usedBytes}).
 */
public record Problem(String type, String title, int status, String detail, String instance,
                      Long line, Long byteOffset, Integer column, String parameter, String errorId,
                      Map<String, Long> numbers) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        numbers = numbers == null ? Map.of() : Map.copyOf(numbers);
    }

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null, null, null, null, null, null, null);
    }

    public Problem withParameter(String name) {
        return new Problem(type, title, status, detail, instance, line, byteOffset, column, name, errorId, numbers);
    }

    public Problem withPosition(long atLine, long atByte, int atColumn) {
        return new Problem(type, title, status, detail, instance, atLine < 0 ? null : atLine,
                atByte < 0 ? null : atByte, atColumn < 0 ? null : atColumn, parameter, errorId, numbers);
    }

    public Problem withErrorId(String id) {
        return new Problem(type, title, status, detail, instance, line, byteOffset, column, parameter, id, numbers);
    }

    public Problem withInstance(String path) {
        return new Problem(type, title, status, detail, path, line, byteOffset, column, parameter, errorId, numbers);
    }

    /** With the extension member {@code name} (not one of the members above). */
    public Problem withNumber(String name, long value) {
        Map<String, Long> more = new HashMap<>(numbers);
        more.put(name, value);
        return new Problem(type, title, status, detail, instance, line, byteOffset, column, parameter, errorId, more);
    }
}
