package org.dataexplorer.api.problems;

/**
 * An RFC 9457 problem detail, with the members this service adds where they apply: the source
 * position of a parse error, the parameter at fault, and the id under which a server error was logged.
 */
public record Problem(String type, String title, int status, String detail, String instance,
                      Long line, Long byteOffset, Integer column, String parameter, String errorId) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null, null, null, null, null, null);
    }

    public Problem withParameter(String name) {
        return new Problem(type, title, status, detail, instance, line, byteOffset, column, name, errorId);
    }

    public Problem withPosition(long atLine, long atByte, int atColumn) {
        return new Problem(type, title, status, detail, instance, atLine < 0 ? null : atLine,
                atByte < 0 ? null : atByte, atColumn < 0 ? null : atColumn, parameter, errorId);
    }

    public Problem withErrorId(String id) {
        return new Problem(type, title, status, detail, instance, line, byteOffset, column, parameter, id);
    }

    public Problem withInstance(String path) {
        return new Problem(type, title, status, detail, path, line, byteOffset, column, parameter, errorId);
    }
}
