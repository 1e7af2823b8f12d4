package org.dtaas.library.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonStringBytesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a JSON parser reads back from the bytes written between two quotes. */
    private static String readBack(InputStream in, long size) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('"');
        JsonStringBytes.write(in, out, size);
        out.write('"');
        byte[] written = out.toByteArray();
        // the document itself must be well-formed UTF-8, not only parse
        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(written));
        return JSON.readValue(written, String.class);
    }

    /** Hands out one byte a read: every sequence and escape is cut by a read somewhere. */
    private static InputStream byteByByte(byte[] bytes) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }

    @Test
    void textComesBackExactlyWhateverItHolds() throws IOException {
        String[] alphabet = {"a", " ", "\n", "\r", "\t", "\b", "\f", "\u0001", "\u001f", "\u007f", "\"", "\\", "/", "\u00e9",
                "\u07ff", "\u0800", "\u20ac", "\u2028", "\uffff", "\ud83d\ude00", "\udbff\udfff"};
        Random random = new Random(3);
        StringBuilder text = new StringBuilder();
        while (text.length() < 300_000) {
            text.append(alphabet[random.nextInt(alphabet.length)]);
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        assertEquals(text.toString(), readBack(new ByteArrayInputStream(bytes), bytes.length));
        String small = text.substring(0, 2000);
        byte[] smallBytes = small.getBytes(StandardCharsets.UTF_8);
        assertEquals(small, readBack(byteByByte(smallBytes), 1));
    }

    @Test
    void malformedBytesOfAFileChangedSinceItsScanBecomeReplacementCharacters() throws IOException {
        byte[][] malformed = {
            {(byte) 0x80}, // a continuation byte alone
            {(byte) 0xC0, (byte) 0x80}, // an overlong NUL
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a surrogate
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
            {(byte) 0xF5}, {(byte) 0xFF},
            {(byte) 0xE2, (byte) 0x82}, // cut off by the end of the file
        };
        for (byte[] bad : malformed) {
            byte[] bytes = new byte[bad.length + 2];
            bytes[0] = 'a';
            System.arraycopy(bad, 0, bytes, 1, bad.length);
            bytes[bytes.length - 1] = 'z';
            for (InputStream in : new InputStream[] {new ByteArrayInputStream(bytes), byteByByte(bytes)}) {
                String back = readBack(in, bytes.length);
                assertEquals('a', back.charAt(0));
                assertEquals('z', back.charAt(back.length() - 1));
                assertEquals(back.length() - 2, back.chars().filter(c -> c == 0xFFFD).count(), back);
            }
        }
        byte[] cutAtTheEnd = {'a', (byte) 0xF0, (byte) 0x9F, (byte) 0x98};
        assertEquals("a\ufffd\ufffd\ufffd", readBack(byteByByte(cutAtTheEnd), 4));
        assertEquals("a\ufffd\ufffd\ufffd", readBack(new ByteArrayInputStream(cutAtTheEnd), 4));
    }
}
