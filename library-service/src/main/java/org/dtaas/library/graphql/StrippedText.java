package org.dtaas.library.graphql;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The characters of a text file that {@link TextLayout} chose, read as a stream. A file changed since
 * it was scanned still gives well-formed characters (bad bytes become U+FFFD) and never more than the
 * scanned length: the answer stays valid JSON, showing what the file held while it was read.
 */
final class StrippedText extends Reader {

    private final Reader decoded;
    private long toSkip;
    private long left;

    StrippedText(InputStream in, TextLayout layout) {
        this.decoded = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
        this.toSkip = layout.skip();
        this.left = layout.length();
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        while (toSkip > 0) {
            long skipped = decoded.skip(toSkip);
            if (skipped <= 0) {
                return -1;
            }
            toSkip -= skipped;
        }
        if (left <= 0) {
            return -1;
        }
        int n = decoded.read(buffer, offset, (int) Math.min(length, left));
        if (n > 0) {
            left -= n;
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        decoded.close();
    }
}
