package org.dataexplorer.query;

/**
 * A keyset cursor token: {@code [b](r<row>|k<keys>)[.<position>]}. {@code r} pages in file order from
 * dataset row {@code row} (inclusive); {@code k} pages in sort order after the encoded sort keys
 * (exclusive). A leading {@code b} asks for the page that ends just before that point instead.
 * {@code position} is how many selected rows come before the page, which gives its page number.
 *
 * @param backward the page before the point rather than from it
 * @param sorted   whether the point is sort keys ({@code k}) rather than a row ({@code r})
 * @param row      the dataset row of an {@code r} cursor
 * @param keys     the encoded keys of a {@code k} cursor
 * @param position selected rows before the page, or -1 when the token does not say
 */
record Cursor(boolean backward, boolean sorted, long row, String keys, long position) {

    static final Cursor FIRST = new Cursor(false, false, 0, null, 0);

    static Cursor parse(String token) {
        if (token.isEmpty()) {
            return FIRST;
        }
        String body = token;
        boolean backward = body.startsWith("b");
        if (backward) {
            body = body.substring(1);
        }
        long position = -1;
        int dot = body.lastIndexOf('.');
        if (dot >= 0) {
            position = parseNonNegative(body.substring(dot + 1));
            body = body.substring(0, dot);
        }
        if (body.startsWith("r")) {
            return new Cursor(backward, false, parseNonNegative(body.substring(1)), null, position);
        }
        if (body.startsWith("k") && body.length() > 1) {
            return new Cursor(backward, true, 0, body.substring(1), position);
        }
        throw invalid("not one of the service's cursors");
    }

    static String forRow(boolean backward, long row, long position) {
        return (backward ? "b" : "") + "r" + row + suffix(position);
    }

    static String forKeys(boolean backward, String keys, long position) {
        return (backward ? "b" : "") + "k" + keys + suffix(position);
    }

    private static String suffix(long position) {
        return position >= 0 ? "." + position : "";
    }

    private static long parseNonNegative(String text) {
        try {
            long value = Long.parseLong(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid("not one of the service's cursors");
    }

    static QueryException invalid(String why) {
        return new QueryException("cursor", "The cursor is not valid for this query: " + why);
    }
}
