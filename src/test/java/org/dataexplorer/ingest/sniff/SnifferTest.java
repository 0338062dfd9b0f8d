package org.dataexplorer.ingest.sniff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.dataexplorer.store.Dialect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SnifferTest {

    private final Sniffer sniffer = new Sniffer();

    private SniffResult sniff(String text) {
        return sniff(text.getBytes(StandardCharsets.UTF_8), true, SniffHints.none());
    }

    private SniffResult sniff(byte[] bytes, boolean eof, SniffHints hints) {
        return sniffer.sniff(bytes, bytes.length, eof, hints);
    }

    private static String table(char delimiter) {
        String rows = "id,name,price,date\n1,apple,0.5,2024-01-01\n2,pear,1.25,2024-01-02\n3,plum,2,2024-01-03\n";
        return rows.replace(',', delimiter);
    }

    @ParameterizedTest
    @ValueSource(chars = {',', ';', '\t', '|', '#', '^', '~', '!', '§'})
    void detectsDelimiter(char delimiter) {
        SniffResult result = sniff(table(delimiter));
        assertEquals(delimiter, result.dialect().delimiter());
        assertTrue(result.dialect().header());
        assertTrue(result.confident());
        assertEquals(0, result.dialect().skipRows());
    }

    @Test
    void delimiterInsideQuotesDoesNotCount() {
        String csv = "name;comment\n\"a\";\"x, y, z\"\n\"b\";\"p, q\"\n\"c\";\"r\"\n";
        assertEquals(';', sniff(csv).dialect().delimiter());
    }

    @Test
    void preferMoreFieldsThenStandardOrder() {
        // both consistent: ';' gives three fields, ',' two
        SniffResult moreFields = sniff("a;b;c,d\n1;2;3,4\n5;6;7,8\n");
        assertEquals(';', moreFields.dialect().delimiter());
        // equally many fields: ',' before ';'
        assertEquals(',', sniff("x;1,5\ny;2,5\n").dialect().delimiter());
        assertEquals('\t', sniff("x|1\t5\ny|2\t5\n").dialect().delimiter());
    }

    @Test
    void singleColumnFileUsesComma() {
        SniffResult result = sniff("name\nalice\nbob\ncarol\n");
        assertEquals(',', result.dialect().delimiter());
        assertTrue(result.dialect().header());
        assertTrue(result.confident());
        SniffResult dates = sniff("day\n2024-01-01\n2024-01-02\n");
        assertEquals(',', dates.dialect().delimiter());
        assertTrue(dates.dialect().header());
    }

    @Test
    void doubleQuotesWithDoubledEscape() {
        String csv = "id,text\n1,\"he said \"\"hi\"\", then left\"\n2,\"plain\"\n3,\"a, b\"\n";
        Dialect d = sniff(csv).dialect();
        assertEquals(',', d.delimiter());
        assertEquals('"', d.quote());
        assertEquals(Dialect.Escape.DOUBLED, d.escape());
    }

    @Test
    void singleQuotes() {
        String csv = "id,text\n1,'a, b'\n2,'c, d, e'\n3,'f'\n";
        Dialect d = sniff(csv).dialect();
        assertEquals('\'', d.quote());
        assertEquals(',', d.delimiter());
    }

    @Test
    void backslashEscape() {
        String csv = "id,text\n1,\"he said \\\"hi\\\" and left\"\n2,\"a \\\"b\\\" c\"\n3,\"plain, text\"\n";
        Dialect d = sniff(csv).dialect();
        assertEquals('"', d.quote());
        assertEquals(Dialect.Escape.BACKSLASH, d.escape());
        assertEquals(',', d.delimiter());
    }

    @Test
    void noQuoteWhenQuotesNeverWrapFields() {
        String csv = "item,size\npipe,3\"\nboard,12\" long\nscrew,1\"\n";
        Dialect d = sniff(csv).dialect();
        assertNull(d.quote());
        assertEquals(',', d.delimiter());
    }

    @Test
    void defaultQuoteWhenNoQuotesAppear() {
        assertEquals('"', sniff("a,b\n1,2\n").dialect().quote());
    }

    @Test
    void quotedNewlinesDoNotBreakRecords() {
        StringBuilder sb = new StringBuilder("id;note;n\n");
        for (int i = 0; i < 20; i++) {
            sb.append(i).append(";\"line one, still\nline two; more\";").append(i * 2).append('\n');
        }
        SniffResult result = sniff(sb.toString());
        assertEquals(';', result.dialect().delimiter());
        assertEquals('"', result.dialect().quote());
        assertTrue(result.confident());
    }

    @Test
    void headerDetectedFromTypedColumns() {
        assertTrue(sniff("id,amount,when\n1,2.5,2024-01-01\n2,3.5,2024-01-02\n").dialect().header());
        assertFalse(sniff("1,2.5,2024-01-01\n2,3.5,2024-01-02\n3,1,2024-01-03\n").dialect().header());
    }

    @Test
    void headerDetectedFromLengths() {
        // all-text columns, codes of one length below a longer name
        assertTrue(sniff("country,code\nfrance,FRA\ngermany,DEU\nitaly,ITA\n").dialect().header());
        assertFalse(sniff("AB,XYZ\nCD,QRS\nEF,TUV\n").dialect().header());
    }

    @Test
    void allTextColumnsDefaultToHeader() {
        assertTrue(sniff("alice,paris\nbob,rome\ncarol,berlin\n").dialect().header());
    }

    @Test
    void singleTypedRecordHasNoHeader() {
        assertFalse(sniff("1,2,3\n").dialect().header());
        assertTrue(sniff("a,b,c\n").dialect().header());
    }

    @Test
    void skipsPreamble() {
        String csv = "Report generated 2024-01-01\n\nid,name,score\n1,a,3\n2,b,4\n3,c,5\n";
        Dialect d = sniff(csv).dialect();
        assertEquals(2, d.skipRows());
        assertEquals(',', d.delimiter());
        assertTrue(d.header());
    }

    @Test
    void skipsPreambleWithCrlf() {
        String csv = "Sales export\r\nRegion: north, south\r\n\r\na;b;c\r\n1;2;3\r\n4;5;6\r\n";
        Dialect d = sniff(csv).dialect();
        assertEquals(';', d.delimiter());
        assertEquals(3, d.skipRows());
        assertEquals("CRLF", d.lineEnding());
    }

    @Test
    void lineEndings() {
        assertEquals("LF", sniff("a,b\n1,2\n").dialect().lineEnding());
        assertEquals("CRLF", sniff("a,b\r\n1,2\r\n").dialect().lineEnding());
        assertEquals("CR", sniff("a,b\r1,2\r3,4\r").dialect().lineEnding());
        assertEquals("mixed", sniff("a,b\r\n1,2\n3,4\r\n").dialect().lineEnding());
        Dialect cr = sniff("a;b\r1;2\r3;4").dialect();
        assertEquals(';', cr.delimiter());
    }

    @Test
    void lineEndingIgnoresCarriageReturnCutAtSampleEnd() {
        byte[] bytes = "a,b\r\n1,2\r\n3,4\r".getBytes(StandardCharsets.US_ASCII);
        assertEquals("CRLF", sniff(bytes, false, SniffHints.none()).dialect().lineEnding());
    }

    @Test
    void utf8WithBom() {
        byte[] body = table(',').replace("apple", "äpfel").getBytes(StandardCharsets.UTF_8);
        byte[] bytes = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, body);
        SniffResult r = sniff(bytes, true, SniffHints.none());
        assertEquals(StandardCharsets.UTF_8, r.charset());
        assertEquals(3, r.bomLength());
        assertTrue(r.dialect().bom());
        assertEquals("UTF-8", r.dialect().encoding());
        assertFalse(r.dialect().encodingFallback());
        assertTrue(r.dialect().header());
    }

    @Test
    void utf16LittleEndianWithBom() {
        byte[] bytes = concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, table(';').getBytes(StandardCharsets.UTF_16LE));
        SniffResult r = sniff(bytes, true, SniffHints.none());
        assertEquals(StandardCharsets.UTF_16LE, r.charset());
        assertEquals(2, r.bomLength());
        assertEquals("UTF-16LE", r.dialect().encoding());
        assertEquals(';', r.dialect().delimiter());
    }

    @Test
    void utf16BigEndianWithBom() {
        byte[] bytes = concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, table('\t').getBytes(StandardCharsets.UTF_16BE));
        SniffResult r = sniff(bytes, true, SniffHints.none());
        assertEquals(StandardCharsets.UTF_16BE, r.charset());
        assertEquals(2, r.bomLength());
        assertEquals('\t', r.dialect().delimiter());
    }

    @Test
    void utf16WithoutBomFromNulPattern() {
        SniffResult le = sniff(table(',').getBytes(StandardCharsets.UTF_16LE), true, SniffHints.none());
        assertEquals(StandardCharsets.UTF_16LE, le.charset());
        assertEquals(0, le.bomLength());
        assertEquals(',', le.dialect().delimiter());
        SniffResult be = sniff(table(',').getBytes(StandardCharsets.UTF_16BE), true, SniffHints.none());
        assertEquals(StandardCharsets.UTF_16BE, be.charset());
    }

    @Test
    void windows1252Fallback() {
        Charset cp1252 = Charset.forName("windows-1252");
        byte[] bytes = "name;city\nJosé;Zürich\nRenée;Besançon\n".getBytes(cp1252);
        SniffResult r = sniff(bytes, true, SniffHints.none());
        assertEquals(cp1252, r.charset());
        assertEquals("windows-1252", r.dialect().encoding());
        assertTrue(r.dialect().encodingFallback());
        assertEquals(';', r.dialect().delimiter());
    }

    @Test
    void utf8CutInsideMultiByteSequenceIsNotInvalid() {
        byte[] full = "name,city\nJosé,Zürich\n€uro,x\n".getBytes(StandardCharsets.UTF_8);
        int euro = indexOf(full, (byte) 0xE2);
        for (int cut = euro + 1; cut < euro + 3; cut++) {
            SniffResult r = sniffer.sniff(full, cut, false, SniffHints.none());
            assertEquals(StandardCharsets.UTF_8, r.charset(), "cut at " + cut);
            assertFalse(r.dialect().encodingFallback());
        }
        // at end of file, a cut sequence is invalid
        SniffResult atEof = sniffer.sniff(full, euro + 1, true, SniffHints.none());
        assertTrue(atEof.dialect().encodingFallback());
    }

    @Test
    void ambiguousDelimiterNeedsMoreDataUntilRow50000(@TempDir Path dir) throws IOException {
        StringBuilder sb = new StringBuilder(400_000);
        for (int i = 0; i < 50_000; i++) {
            sb.append("x;1,5\n");
        }
        for (int i = 0; i < 100; i++) {
            sb.append(i % 2 == 0 ? "y;2\n" : "z;3,5,6\n");
        }
        Path file = dir.resolve("ambiguous.csv");
        Files.writeString(file, sb, StandardCharsets.UTF_8);
        byte[] bytes = Files.readAllBytes(file);

        SniffResult prefix = sniffer.sniff(bytes, 100 * 1024, false, SniffHints.none());
        assertFalse(prefix.confident());

        // the caller doubles the sample until the answer is confident
        int sample = 100 * 1024;
        SniffResult grown;
        do {
            sample = Math.min(sample * 2, bytes.length);
            grown = sniffer.sniff(bytes, sample, sample == bytes.length, SniffHints.none());
        } while (!grown.confident());
        assertEquals(';', grown.dialect().delimiter());

        SniffResult whole = sniffer.sniff(bytes, bytes.length, true, SniffHints.none());
        assertTrue(whole.confident());
        assertEquals(';', whole.dialect().delimiter());
        assertFalse(whole.dialect().header());

        // not at end of file, but the sample already holds the disambiguating rows
        int withSome = sb.indexOf("y;2") + 40;
        SniffResult partial = sniffer.sniff(bytes, withSome, false, SniffHints.none());
        assertTrue(partial.confident());
        assertEquals(';', partial.dialect().delimiter());
    }

    @Test
    void consistentSampleIsConfidentBeforeEof() {
        byte[] bytes = (table(',') + "4,fig,3,2024-01-04\n5,kiw").getBytes(StandardCharsets.UTF_8);
        SniffResult r = sniff(bytes, false, SniffHints.none());
        assertTrue(r.confident());
        assertEquals(',', r.dialect().delimiter());
    }

    @Test
    void hintsOverrideDetection() {
        SniffHints hints = new SniffHints(';', '\'', false, Dialect.Escape.BACKSLASH, false, 1,
                StandardCharsets.ISO_8859_1);
        SniffResult r = sniff(table(',').getBytes(StandardCharsets.UTF_8), true, hints);
        Dialect d = r.dialect();
        assertEquals(';', d.delimiter());
        assertEquals('\'', d.quote());
        assertEquals(Dialect.Escape.BACKSLASH, d.escape());
        assertFalse(d.header());
        assertEquals(1, d.skipRows());
        assertEquals(StandardCharsets.ISO_8859_1, r.charset());
        assertTrue(r.confident());
    }

    @Test
    void noQuoteHint() {
        SniffHints hints = new SniffHints(null, null, true, null, null, null, null);
        Dialect d = sniff("a,b\n\"1\",\"2\"\n\"3\",\"4\"\n".getBytes(StandardCharsets.UTF_8), true, hints).dialect();
        assertNull(d.quote());
        assertEquals(',', d.delimiter());
    }

    @Test
    void encodingHintStillSkipsMatchingBom() {
        byte[] bytes = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
        SniffHints hints = new SniffHints(null, null, false, null, null, null, StandardCharsets.UTF_8);
        SniffResult r = sniff(bytes, true, hints);
        assertEquals(3, r.bomLength());
        assertTrue(r.dialect().bom());
    }

    @Test
    void skipRowsHintIsUsedForDetection() {
        String csv = "junk;junk;junk;junk\nmore;junk;x;y\na,b\n1,2\n3,4\n";
        SniffHints hints = new SniffHints(null, null, false, null, null, 2, null);
        Dialect d = sniff(csv.getBytes(StandardCharsets.UTF_8), true, hints).dialect();
        assertEquals(',', d.delimiter());
        assertEquals(2, d.skipRows());
    }

    @Test
    void emptyAndPartialSamples() {
        SniffResult empty = sniff(new byte[0], true, SniffHints.none());
        assertEquals(',', empty.dialect().delimiter());
        assertTrue(empty.confident());
        SniffResult partial = sniff("a,b,c".getBytes(StandardCharsets.UTF_8), false, SniffHints.none());
        assertFalse(partial.confident());
    }

    @Test
    void randomTablesAreDetected() {
        Random random = new Random(1234);
        char[] delimiters = {',', ';', '\t', '|'};
        for (int round = 0; round < 40; round++) {
            char delimiter = delimiters[round % delimiters.length];
            int columns = 2 + random.nextInt(6);
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                sb.append(c == 0 ? "" : String.valueOf(delimiter)).append("col").append(c);
            }
            sb.append('\n');
            for (int r = 0; r < 50; r++) {
                for (int c = 0; c < columns; c++) {
                    if (c > 0) {
                        sb.append(delimiter);
                    }
                    switch (random.nextInt(3)) {
                        case 0 -> sb.append(random.nextInt(1000));
                        case 1 -> sb.append('"').append("t ").append(delimiters[random.nextInt(4)]).append(r).append('"');
                        default -> sb.append("w").append(random.nextInt(50));
                    }
                }
                sb.append(random.nextBoolean() ? "\n" : "\r\n");
            }
            Dialect d = sniff(sb.toString()).dialect();
            assertEquals(delimiter, d.delimiter(), sb.toString());
            assertTrue(d.header(), sb.toString());
        }
    }

    @Test
    void rejectsBadLength() {
        assertThrows(IllegalArgumentException.class, () -> sniffer.sniff(new byte[2], 3, true, SniffHints.none()));
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
