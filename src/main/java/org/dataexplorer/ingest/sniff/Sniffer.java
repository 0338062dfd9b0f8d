package org.dataexplorer.ingest.sniff;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.dataexplorer.store.Dialect;

/**
 * Detects the encoding and CSV dialect of a file from a bounded sample of its first bytes.
 *
 * <p>Delimiter: candidates are {@code , \t ; |} and, only when none of those splits the sample into
 * a stable number of fields, the most frequent other symbols (not letters, digits, spaces, quotes,
 * or characters common inside numbers, dates and times such as {@code . - + / :}). Each candidate
 * is scored by how many records deviate from its dominant field count. Candidates within a factor of
 * two of the best are tied; among them more fields win, then the order {@code , \t ; |}. A tie means
 * more data could change the answer, so the result is not {@link SniffResult#confident()} unless the
 * sample is the whole file. No stable candidate means a single-column file, delimiter {@code ,}.
 *
 * <p>Preamble: records before the first one with the dominant field count (at most
 * {@value DelimiterScore#MAX_PREAMBLE}) are skipped; {@code skipRows} counts their physical lines.
 *
 * <p>Not thread-safe in spirit (stateless, but allocates per call); create one per use.
 */
public final class Sniffer {

    private static final String STANDARD = ",\t;|";
    private static final String NEVER = ".-+/:\\()[]{}<>_@%$&=*";
    private static final int MAX_OTHER_CANDIDATES = 4;
    private static final double MIN_CONSISTENCY = 0.5;
    private static final double MIN_OTHER_CONSISTENCY = 0.9;
    private static final int HEADER_SAMPLE_RECORDS = 200;

    public SniffResult sniff(byte[] data, int length, boolean eof, SniffHints hints) {
        if (length < 0 || length > data.length) {
            throw new IllegalArgumentException("length " + length + " outside buffer of " + data.length);
        }
        SniffHints h = hints == null ? SniffHints.none() : hints;
        EncodingDetector.Detected enc = EncodingDetector.detect(data, length, eof, h.encoding());
        String text = EncodingDetector.decode(data, length, eof, enc);

        String lineEnding = lineEnding(text, eof);
        int textStart = h.skipRows() == null ? 0 : RecordScanner.skipLines(text, h.skipRows());

        int quote = h.noQuote() ? -1 : h.quote() != null ? h.quote() : detectQuote(text, textStart);
        Dialect.Escape escape = h.escape() != null ? h.escape()
                : quote < 0 ? Dialect.Escape.DOUBLED : detectEscape(text, textStart, (char) quote);
        boolean backslash = escape == Dialect.Escape.BACKSLASH;
        boolean detectPreamble = h.skipRows() == null;

        DelimiterScore best;
        boolean confident;
        if (h.delimiter() != null) {
            best = score(text, textStart, h.delimiter(), quote, backslash, eof, detectPreamble);
            confident = eof || best.records() > 0;
        } else {
            List<DelimiterScore> tied = tiedBest(text, textStart, quote, backslash, eof, detectPreamble);
            if (tied.isEmpty()) {
                best = score(text, textStart, ',', quote, backslash, eof, detectPreamble);
                confident = eof || best.records() > 0;
            } else {
                best = tied.get(0);
                confident = eof || tied.size() == 1;
            }
        }

        int dataStart = best.mode() >= 2 || !detectPreamble ? best.dataStart() : textStart;
        int skipRows = h.skipRows() != null ? h.skipRows() : RecordScanner.countLines(text, 0, dataStart);
        boolean header;
        if (h.header() != null) {
            header = h.header();
        } else {
            RecordScanner scanner = new RecordScanner(text, best.delimiter, quote, backslash);
            header = HeaderDetector.hasHeader(scanner.read(dataStart, HEADER_SAMPLE_RECORDS, eof));
        }
        Character quoteChar = quote < 0 ? null : (char) quote;
        Dialect dialect = new Dialect(best.delimiter, quoteChar, escape, header, skipRows, lineEnding,
                enc.charset().name(), enc.bomLength() > 0, enc.fallback());
        return new SniffResult(dialect, enc.charset(), enc.bomLength(), confident);
    }

    /** Best candidates, tied ones together, best first; empty when no delimiter gives stable records. */
    private List<DelimiterScore> tiedBest(String text, int from, int quote, boolean backslash, boolean eof,
                                          boolean detectPreamble) {
        List<DelimiterScore> viable = new ArrayList<>();
        for (char c : STANDARD.toCharArray()) {
            if (text.indexOf(c, from) >= 0) {
                DelimiterScore s = score(text, from, c, quote, backslash, eof, detectPreamble);
                if (s.viable(MIN_CONSISTENCY)) {
                    viable.add(s);
                }
            }
        }
        if (viable.isEmpty()) {
            for (char c : otherCandidates(text, from, quote)) {
                DelimiterScore s = score(text, from, c, quote, backslash, eof, detectPreamble);
                if (s.viable(MIN_OTHER_CONSISTENCY)) {
                    viable.add(s);
                }
            }
        }
        if (viable.isEmpty()) {
            return viable;
        }
        long minBad = viable.stream().mapToLong(DelimiterScore::bad).min().orElse(0);
        List<DelimiterScore> tied = new ArrayList<>();
        for (DelimiterScore s : viable) {
            if (s.bad() <= 2 * minBad) {
                tied.add(s);
            }
        }
        tied.sort(Comparator.comparingInt(DelimiterScore::mode).reversed()
                .thenComparingInt(s -> preference(s.delimiter)));
        return tied;
    }

    private static int preference(char c) {
        int i = STANDARD.indexOf(c);
        return i >= 0 ? i : STANDARD.length();
    }

    private static DelimiterScore score(String text, int from, char delimiter, int quote, boolean backslash,
                                        boolean eof, boolean detectPreamble) {
        DelimiterScore score = new DelimiterScore(delimiter, eof);
        new RecordScanner(text, delimiter, quote, backslash).scan(from, score);
        return score.finish(detectPreamble, from);
    }

    /** The most frequent unusual symbols, in order of frequency. */
    private static List<Character> otherCandidates(String text, int from, int quote) {
        int[] counts = new int[0x10000];
        int end = Math.min(text.length(), from + (1 << 20));
        for (int i = from; i < end; i++) {
            char c = text.charAt(i);
            if (isOtherCandidate(c, quote)) {
                counts[c]++;
            }
        }
        List<Character> found = new ArrayList<>();
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] > 0) {
                found.add((char) c);
            }
        }
        found.sort(Comparator.comparingInt((Character c) -> counts[c]).reversed());
        return found.subList(0, Math.min(MAX_OTHER_CANDIDATES, found.size()));
    }

    private static boolean isOtherCandidate(char c, int quote) {
        return c > ' ' && c != 0x7F && c != quote && c != '"' && c != '\''
                && STANDARD.indexOf(c) < 0 && NEVER.indexOf(c) < 0
                && !Character.isLetterOrDigit(c) && !Character.isWhitespace(c) && !Character.isISOControl(c)
                && !Character.isSurrogate(c) && c != '\uFFFD' && c != '\uFEFF';
    }

    /**
     * {@code "} or {@code '}: whichever more often wraps a whole field (opens at a field start and
     * closes at a field end). None when {@code "} appears but never wraps a field; {@code "} when
     * no quote appears at all, the harmless default.
     */
    static int detectQuote(String text, int from) {
        int[] doubleQ = quoteEvidence(text, from, '"');
        int[] singleQ = quoteEvidence(text, from, '\'');
        int doubleScore = Math.min(doubleQ[0], doubleQ[1]);
        int singleScore = Math.min(singleQ[0], singleQ[1]);
        if (singleScore > doubleScore) {
            return '\'';
        }
        if (doubleScore > 0) {
            return '"';
        }
        return text.indexOf('"', from) >= 0 ? -1 : '"';
    }

    /** {openings, closings}: quotes at a field start and at a field end. */
    private static int[] quoteEvidence(String text, int from, char q) {
        int open = 0;
        int close = 0;
        for (int i = text.indexOf(q, from); i >= 0; i = text.indexOf(q, i + 1)) {
            if (startsField(text, from, i)) {
                open++;
            }
            if (endsField(text, i)) {
                close++;
            }
        }
        return new int[] {open, close};
    }

    private static boolean startsField(String text, int from, int i) {
        int p = i - 1;
        if (p >= from && text.charAt(p) == ' ') {
            p--;
        }
        return p < from || isBoundary(text.charAt(p));
    }

    private static boolean endsField(String text, int i) {
        int p = i + 1;
        if (p < text.length() && text.charAt(p) == ' ') {
            p++;
        }
        return p >= text.length() || isBoundary(text.charAt(p));
    }

    private static boolean isBoundary(char c) {
        return c == '\n' || c == '\r' || c == '\t'
                || !Character.isLetterOrDigit(c) && !Character.isWhitespace(c) && c != '"' && c != '\''
                && c != '\\' && c != '.';
    }

    /**
     * Backslash when {@code \q} occurs where a doubled-quote reading would end the field early
     * (the quote is followed by ordinary text) more often than a doubled quote occurs inside text.
     */
    static Dialect.Escape detectEscape(String text, int from, char q) {
        int backslash = 0;
        int doubled = 0;
        int n = text.length();
        for (int i = text.indexOf(q, from); i >= 0 && i < n; i = text.indexOf(q, i + 1)) {
            boolean next = i + 1 < n;
            if (i > from && text.charAt(i - 1) == '\\' && next && !isBoundary(text.charAt(i + 1))
                    && text.charAt(i + 1) != q) {
                backslash++;
            } else if (next && text.charAt(i + 1) == q && i > from && !isBoundary(text.charAt(i - 1))
                    && text.charAt(i - 1) != q && text.charAt(i - 1) != '\\') {
                doubled++;
                i++;
            }
        }
        return backslash > doubled ? Dialect.Escape.BACKSLASH : Dialect.Escape.DOUBLED;
    }

    /** "LF", "CRLF", "CR", or "mixed"; "LF" when the sample has no line break. */
    static String lineEnding(String text, boolean eof) {
        int n = text.length();
        if (!eof && n > 0 && text.charAt(n - 1) == '\r') {
            n--; // its LF may be in the next sample
        }
        boolean lf = false;
        boolean crlf = false;
        boolean cr = false;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                lf = true;
            } else if (c == '\r') {
                if (i + 1 < n && text.charAt(i + 1) == '\n') {
                    crlf = true;
                    i++;
                } else {
                    cr = true;
                }
            }
        }
        int kinds = (lf ? 1 : 0) + (crlf ? 1 : 0) + (cr ? 1 : 0);
        if (kinds > 1) {
            return "mixed";
        }
        return crlf ? "CRLF" : cr ? "CR" : "LF";
    }
}
