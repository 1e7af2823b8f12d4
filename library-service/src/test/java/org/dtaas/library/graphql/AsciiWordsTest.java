package org.dtaas.library.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The word-at-a-time scans stop exactly where a byte-by-byte scan would, at every offset of a word. */
class AsciiWordsTest {

    private static int slowNulOrNonAscii(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] <= 0) {
                return i;
            }
        }
        return to;
    }

    private static int slowNotPlainJson(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] < 0x20 || bytes[i] == '"' || bytes[i] == '\\') {
                return i;
            }
        }
        return to;
    }

    @Test
    void everyStopByteIsFoundAtEveryPlace() {
        byte[] stops = {0, 1, 0x1f, '"', '\\', (byte) 0x80, (byte) 0xc3, (byte) 0xff};
        byte[] plain = {' ', '!', '#', 'a', '[', ']', '~', 0x7f, '/'};
        for (byte stop : stops) {
            for (byte fill : plain) {
                for (int length = 0; length <= 20; length++) {
                    for (int at = 0; at <= length; at++) {
                        byte[] bytes = new byte[length];
                        java.util.Arrays.fill(bytes, fill);
                        if (at < length) {
                            bytes[at] = stop;
                        }
                        for (int from = 0; from <= Math.min(3, length); from++) {
                            assertEquals(slowNulOrNonAscii(bytes, from, length), AsciiWords.firstNulOrNonAscii(bytes, from, length));
                            assertEquals(slowNotPlainJson(bytes, from, length), AsciiWords.firstNotPlainJson(bytes, from, length));
                        }
                    }
                }
            }
        }
    }
}
