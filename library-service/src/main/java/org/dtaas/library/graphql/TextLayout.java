package org.dtaas.library.graphql;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * What one pass over a file tells before its content is written into a GraphQL answer: whether it
 * is text (valid UTF-8 without NUL bytes) and, for text, which bytes hold the characters
 * {@link String#strip()} would keep — so the content can then be streamed, as bytes, without ever
 * being held whole or decoded again ({@link JsonStringBytes}).
 *
 * @param text      valid UTF-8 without NUL
 * @param start     bytes of leading white space
 * @param length    bytes kept (0 for a file of white space only)
 */
record TextLayout(boolean text, long start, long length) {

    static final TextLayout BINARY = new TextLayout(false, 0, 0);
    private static final int CHUNK = 64 * 1024;
    /** Character.isWhitespace for the 128 ASCII characters. */
    private static final boolean[] ASCII_WHITE_SPACE = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            ASCII_WHITE_SPACE[c] = Character.isWhitespace(c);
        }
    }

    /** {@code size}: the file's, to size the buffers (a small file must not cost 64 KiB buffers thrice). */
    static TextLayout of(InputStream in, long size) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int chunkSize = size < 0 ? CHUNK : (int) Math.max(16, Math.min(CHUNK, size + 1));
        byte[] chunk = new byte[chunkSize];
        ByteBuffer bytes = ByteBuffer.allocate(chunkSize + 8);
        CharBuffer chars = CharBuffer.allocate(chunkSize + 8);
        long position = 0; // bytes of the characters decoded so far
        long first = -1; // where the first character strip() keeps starts
        long end = -1; // where the last one it keeps ends
        boolean done = false;
        while (!done) {
            int n = in.read(chunk);
            done = n < 0;
            if (n > 0 && bytes.position() == 0 && AsciiWords.firstNulOrNonAscii(chunk, 0, n) == n) {
                // ASCII without NUL (most text files, entirely): bytes are characters, no decoding needed;
                // only the first kept character of the file and the last one of each chunk matter
                int last = n - 1;
                while (last >= 0 && ASCII_WHITE_SPACE[chunk[last]]) {
                    last--;
                }
                if (last >= 0) {
                    if (first < 0) {
                        int i = 0;
                        while (ASCII_WHITE_SPACE[chunk[i]]) {
                            i++;
                        }
                        first = position + i;
                    }
                    end = position + last + 1;
                }
                position += n;
                continue;
            }
            if (n > 0) {
                for (int i = 0; i < n; i++) {
                    if (chunk[i] == 0) {
                        return BINARY;
                    }
                }
                bytes.put(chunk, 0, n);
            }
            bytes.flip();
            CoderResult result = decoder.decode(bytes, chars, done);
            if (result.isError() || (done && decoder.flush(chars).isError())) {
                return BINARY;
            }
            bytes.compact();
            chars.flip();
            for (int i = 0; i < chars.limit(); i++) {
                char c = chars.get(i);
                long at = position;
                position += utf8Length(c);
                // supplementary characters (surrogate pairs) are never white space, as in String.strip
                if (!Character.isWhitespace(c)) {
                    if (first < 0) {
                        first = at;
                    }
                    end = position;
                }
            }
            chars.clear();
        }
        if (bytes.position() > 0) {
            return BINARY; // a sequence cut off at the end
        }
        return first < 0 ? new TextLayout(true, 0, 0) : new TextLayout(true, first, end - first);
    }

    /**
     * Bytes of {@code c} in UTF-8; a surrogate pair's four are counted at its first half (so a character
     * that is kept ends after all four).
     */
    private static int utf8Length(char c) {
        if (c < 0x80) {
            return 1;
        }
        if (c < 0x800) {
            return 2;
        }
        if (Character.isHighSurrogate(c)) {
            return 4;
        }
        return Character.isLowSurrogate(c) ? 0 : 3;
    }
}
