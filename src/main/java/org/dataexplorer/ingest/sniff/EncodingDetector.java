package org.dataexplorer.ingest.sniff;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** Finds the charset of a sample: byte order mark, NUL pattern of BOM-less UTF-16, UTF-8 validity. */
final class EncodingDetector {

    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    /**
     * @param charset  charset to decode with
     * @param bomLength bytes of byte order mark to skip
     * @param fallback true when the bytes were not valid UTF-8 and windows-1252 was chosen
     */
    record Detected(Charset charset, int bomLength, boolean fallback) {
    }

    private static final int UTF16_PROBE = 4096;

    private EncodingDetector() {
    }

    static Detected detect(byte[] b, int length, boolean eof, Charset hint) {
        int bom = bomLength(b, length);
        Charset bomCharset = bomCharset(b, length);
        if (hint != null) {
            return new Detected(hint, hint.equals(bomCharset) ? bom : 0, false);
        }
        if (bomCharset != null) {
            return new Detected(bomCharset, bom, false);
        }
        Charset utf16 = utf16ByNuls(b, length);
        if (utf16 != null) {
            return new Detected(utf16, 0, false);
        }
        if (validUtf8Length(b, 0, length, eof) >= 0) {
            return new Detected(StandardCharsets.UTF_8, 0, false);
        }
        return new Detected(WINDOWS_1252, 0, true);
    }

    /**
     * Decodes the sample. When more data follows, a sequence cut at the end of the sample is left
     * out instead of being decoded as garbage.
     */
    static String decode(byte[] b, int length, boolean eof, Detected detected) {
        int start = detected.bomLength();
        int end = length;
        Charset cs = detected.charset();
        if (!eof) {
            if (cs.equals(StandardCharsets.UTF_8)) {
                int valid = validUtf8Length(b, start, length, false);
                if (valid >= 0) {
                    end = valid;
                }
            } else if (cs.equals(StandardCharsets.UTF_16LE) || cs.equals(StandardCharsets.UTF_16BE)) {
                end = start + ((end - start) & ~1);
                if (end - start >= 2) {
                    boolean le = cs.equals(StandardCharsets.UTF_16LE);
                    int hi = le ? b[end - 1] & 0xFF : b[end - 2] & 0xFF;
                    if (hi >= 0xD8 && hi <= 0xDB) {
                        end -= 2; // a high surrogate whose partner is not in the sample yet
                    }
                }
            }
        }
        return new String(b, start, Math.max(0, end - start), cs);
    }

    private static int bomLength(byte[] b, int length) {
        if (length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
            return 3;
        }
        if (length >= 2 && ((b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE
                || (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF)) {
            return 2;
        }
        return 0;
    }

    private static Charset bomCharset(byte[] b, int length) {
        if (length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
            return StandardCharsets.UTF_8;
        }
        if (length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) {
            return StandardCharsets.UTF_16LE;
        }
        if (length >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) {
            return StandardCharsets.UTF_16BE;
        }
        return null;
    }

    /** Mostly-ASCII UTF-16 text has a NUL in every other byte. */
    private static Charset utf16ByNuls(byte[] b, int length) {
        int n = Math.min(length, UTF16_PROBE) & ~1;
        if (n < 4) {
            return null;
        }
        int evenNuls = 0;
        int oddNuls = 0;
        for (int i = 0; i < n; i += 2) {
            if (b[i] == 0) {
                evenNuls++;
            }
            if (b[i + 1] == 0) {
                oddNuls++;
            }
        }
        int pairs = n / 2;
        if (oddNuls * 10 >= pairs * 3 && evenNuls * 20 <= pairs) {
            return StandardCharsets.UTF_16LE;
        }
        if (evenNuls * 10 >= pairs * 3 && oddNuls * 20 <= pairs) {
            return StandardCharsets.UTF_16BE;
        }
        return null;
    }

    /**
     * End of the longest valid UTF-8 prefix of [from, length), or -1 when the bytes are invalid.
     * Without {@code eof}, an incomplete but so-far valid sequence at the very end is not an error;
     * the returned end then stops before it.
     */
    static int validUtf8Length(byte[] b, int from, int length, boolean eof) {
        int i = from;
        while (i < length) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int need;
            int min;
            if (c >= 0xC2 && c <= 0xDF) {
                need = 1;
                min = 0x80;
            } else if (c >= 0xE0 && c <= 0xEF) {
                need = 2;
                min = 0x800;
            } else if (c >= 0xF0 && c <= 0xF4) {
                need = 3;
                min = 0x10000;
            } else {
                return -1;
            }
            int cp = c & (0x3F >> need);
            int j = 1;
            for (; j <= need && i + j < length; j++) {
                int cc = b[i + j] & 0xFF;
                if ((cc & 0xC0) != 0x80) {
                    return -1;
                }
                cp = cp << 6 | (cc & 0x3F);
            }
            if (j <= need) {
                return eof ? -1 : i; // cut at the end of the sample
            }
            if (cp < min || cp > 0x10FFFF || cp >= 0xD800 && cp <= 0xDFFF) {
                return -1;
            }
            i += need + 1;
        }
        return i;
    }
}
