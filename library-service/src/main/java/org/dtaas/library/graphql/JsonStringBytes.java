package org.dtaas.library.graphql;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Writes UTF-8 text from a stream as the inside of a JSON string, byte for byte: runs that need no
 * escape go out as they are (no decoding to characters and encoding back, which cost most of a large
 * text readFile), quotes, backslashes and control characters are escaped. The text was valid UTF-8
 * when {@link TextLayout} scanned it; a file changed since then must still give valid JSON, so every
 * sequence is checked as it passes and a malformed one becomes U+FFFD.
 */
final class JsonStringBytes {

    private static final int CHUNK = 64 * 1024;
    private static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private JsonStringBytes() {
    }

    /** Copies {@code in} to {@code out} escaped for a JSON string (without the surrounding quotes). */
    static void write(InputStream in, OutputStream out, long sizeHint) throws IOException {
        byte[] buffer = new byte[(int) Math.max(16, Math.min(CHUNK, sizeHint + 4))];
        int carried = 0; // the start of a sequence the last read cut off
        boolean end = false;
        while (!end) {
            int n = in.read(buffer, carried, buffer.length - carried);
            end = n < 0;
            int limit = carried + Math.max(n, 0);
            int run = 0; // where the bytes not yet written begin
            int i = 0;
            while (i < limit) {
                i = AsciiWords.firstNotPlainJson(buffer, i, limit);
                if (i >= limit) {
                    break;
                }
                int b = buffer[i];
                if (b >= 0) { // a control character, a quote or a backslash
                    out.write(buffer, run, i - run);
                    out.write(ESCAPES[b]);
                    run = ++i;
                    continue;
                }
                int length = sequenceLength(buffer, i, limit);
                if (length > 0) {
                    i += length;
                } else if (length == 0 && !end) {
                    break; // the rest of it comes with the next read
                } else {
                    out.write(buffer, run, i - run);
                    out.write(REPLACEMENT);
                    run = ++i;
                }
            }
            out.write(buffer, run, i - run);
            carried = limit - i;
            System.arraycopy(buffer, i, buffer, 0, carried);
        }
    }

    /** The escape of each ASCII byte a JSON string cannot hold as it is (control characters, quote, backslash). */
    private static final byte[][] ESCAPES = new byte['\\' + 1][];

    static {
        for (int b = 0; b < 0x20; b++) {
            ESCAPES[b] = new byte[] {'\\', 'u', '0', '0', HEX[b >> 4], HEX[b & 0xF]};
        }
        ESCAPES['\n'] = new byte[] {'\\', 'n'};
        ESCAPES['\r'] = new byte[] {'\\', 'r'};
        ESCAPES['\t'] = new byte[] {'\\', 't'};
        ESCAPES['"'] = new byte[] {'\\', '"'};
        ESCAPES['\\'] = new byte[] {'\\', '\\'};
    }

    /**
     * The length of the well-formed UTF-8 sequence at {@code i} (2 to 4, as Java's decoder accepts:
     * no overlong forms, no surrogates, nothing above U+10FFFF); 0 when it is well-formed so far but
     * {@code limit} cuts it off; -1 when it is malformed.
     */
    static int sequenceLength(byte[] bytes, int i, int limit) {
        int lead = bytes[i] & 0xFF;
        int length;
        int low = 0x80;
        int high = 0xBF; // the range of the second byte
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0) {
                low = 0xA0;
            } else if (lead == 0xED) {
                high = 0x9F;
            }
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0) {
                low = 0x90;
            } else if (lead == 0xF4) {
                high = 0x8F;
            }
        } else {
            return -1;
        }
        for (int k = 1; k < length; k++) {
            if (i + k >= limit) {
                return 0;
            }
            int next = bytes[i + k] & 0xFF;
            if (k == 1 ? next < low || next > high : next < 0x80 || next > 0xBF) {
                return -1;
            }
        }
        return length;
    }
}
