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

    /** Every byte value, at random places in random text (near-misses such as 0x20, 0x21, 0x23, 0x5b, 0x5d too). */
    @Test
    void randomTextStopsWhereTheByteByByteScanStops() {
        java.util.Random random = new java.util.Random(20);
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = new byte[random.nextInt(200)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (0x20 + random.nextInt(0x60)); // printable, mostly plain
            }
            for (int stops = random.nextInt(3); stops > 0 && bytes.length > 0; stops--) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            assertEquals(slowNulOrNonAscii(bytes, from, bytes.length), AsciiWords.firstNulOrNonAscii(bytes, from, bytes.length));
            assertEquals(slowNotPlainJson(bytes, from, bytes.length), AsciiWords.firstNotPlainJson(bytes, from, bytes.length));
        }
    }

    @Test
    void everyStopByteIsFoundAtEveryPlace() {
        byte[] stops = {0, 1, 0x1f, '"', '\\', (byte) 0x80, (byte) 0xc3, (byte) 0xff};
        byte[] plain = {' ', '!', '#', 'a', '[', ']', '~', 0x7f, '/'};
        for (byte stop : stops) {
            for (byte fill : plain) {
                for (int length = 0; length <= 72; length++) { // past the four-word step and its tail
                    for (int at = 0; at <= length; at++) {
                        byte[] bytes = new byte[length];
                        java.util.Arrays.fill(bytes, fill);
                        if (at < length) {
                            bytes[at] = stop;
                        }
                        for (int from = 0; from <= Math.min(9, length); from += 3) {
                            assertEquals(slowNulOrNonAscii(bytes, from, length), AsciiWords.firstNulOrNonAscii(bytes, from, length));
                            assertEquals(slowNotPlainJson(bytes, from, length), AsciiWords.firstNotPlainJson(bytes, from, length));
                        }
                    }
                }
            }
        }
    }
}
