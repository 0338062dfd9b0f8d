package org.dataexplorer.ingest.parse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class Utf8Test {

    private static boolean javaAccepts(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Test
    void agreesWithTheJdkDecoderOnValidity() {
        Random random = new Random(99);
        byte[] interesting = {0x41, (byte) 0x80, (byte) 0xBF, (byte) 0xC0, (byte) 0xC1, (byte) 0xC2, (byte) 0xDF,
            (byte) 0xE0, (byte) 0xA0, (byte) 0xED, (byte) 0x9F, (byte) 0xEF, (byte) 0xF0, (byte) 0x90, (byte) 0xF4,
            (byte) 0x8F, (byte) 0xF5, (byte) 0xFF};
        for (int n = 0; n < 50_000; n++) {
            byte[] b = new byte[random.nextInt(7)];
            for (int i = 0; i < b.length; i++) {
                b[i] = random.nextBoolean() ? interesting[random.nextInt(interesting.length)] : (byte) random.nextInt();
            }
            boolean valid = Utf8.firstInvalid(b, 0, b.length) < 0;
            assertEquals(javaAccepts(b), valid, Arrays.toString(b));
            byte[] target = new byte[b.length * 3];
            int length = Utf8.sanitize(b, 0, b.length, target);
            byte[] clean = Arrays.copyOf(target, length);
            assertEquals(-1, Utf8.firstInvalid(clean, 0, clean.length), "sanitized text is valid");
            if (valid) {
                assertArrayEquals(b, clean);
            }
        }
    }

    @Test
    void knownSequences() {
        byte[] text = "aé日😀".getBytes(StandardCharsets.UTF_8);
        assertEquals(-1, Utf8.firstInvalid(text, 0, text.length));
        // a field slice: the sequence cut by the slice end is invalid
        assertEquals(1, Utf8.firstInvalid(text, 0, 2));
        byte[] surrogate = {'x', (byte) 0xED, (byte) 0xA0, (byte) 0x80};
        assertEquals(1, Utf8.firstInvalid(surrogate, 0, 4));
        byte[] overlong = {(byte) 0xC0, (byte) 0xAF};
        assertEquals(0, Utf8.firstInvalid(overlong, 0, 2));
        byte[] tooHigh = {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80};
        assertEquals(0, Utf8.firstInvalid(tooHigh, 0, 4));
        byte[] target = new byte[12];
        int n = Utf8.sanitize(new byte[] {'a', (byte) 0xFF, 'b'}, 0, 3, target);
        assertEquals("a\uFFFDb", new String(target, 0, n, StandardCharsets.UTF_8));
    }
}
