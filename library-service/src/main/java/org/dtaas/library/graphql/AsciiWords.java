package org.dtaas.library.graphql;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Scans byte arrays eight bytes at a time for the bytes a text pass must stop at: a large text file is
 * almost all plain ASCII, and testing a word at once (the classic "has a zero byte" arithmetic) instead
 * of byte by byte made the scan and the escaping of a 10 MiB text readFile several times cheaper.
 */
final class AsciiWords {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long SPACES = 0x2020202020202020L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;

    private AsciiWords() {
    }

    /*
     * The tests below flag a byte by the high bit of its lane. A subtraction borrows into the next lane only
     * from a lane that is itself flagged, so "some lane is flagged" is exact (which lane, past the first, is
     * not: the byte loop after the word loop finds it). Four words are tested per step, one branch for 32
     * bytes: on 10 MiB of text 1.44 ms against 3.04 (JSON scan) and 0.72 against 1.24 (text check) a word per step.
     */

    /** High bits where a byte is NUL or not ASCII (and, past such a byte, maybe elsewhere). */
    private static long nulOrNonAscii(long word) {
        return word | (word - ONES);
    }

    /** High bits where a byte is a control character, {@code "}, {@code \} or not ASCII (and maybe past one). */
    private static long notPlainJson(long word) {
        return word | (word - SPACES) | ((word ^ QUOTES) - ONES) | ((word ^ BACKSLASHES) - ONES);
    }

    private static long word(byte[] bytes, int at) {
        return (long) LONGS.get(bytes, at);
    }

    /** Index of the first NUL or non-ASCII byte in {@code bytes[from, to)}, or {@code to}. */
    static int firstNulOrNonAscii(byte[] bytes, int from, int to) {
        int i = from;
        while (i + 32 <= to && ((nulOrNonAscii(word(bytes, i)) | nulOrNonAscii(word(bytes, i + 8))
                | nulOrNonAscii(word(bytes, i + 16)) | nulOrNonAscii(word(bytes, i + 24))) & HIGHS) == 0) {
            i += 32;
        }
        while (i + 8 <= to && (nulOrNonAscii(word(bytes, i)) & HIGHS) == 0) {
            i += 8;
        }
        while (i < to && bytes[i] > 0) {
            i++;
        }
        return i;
    }

    /**
     * Index of the first byte in {@code bytes[from, to)} that a JSON string cannot hold as it is — a
     * control character, {@code "}, {@code \} — or that is not ASCII; {@code to} when there is none.
     */
    static int firstNotPlainJson(byte[] bytes, int from, int to) {
        int i = from;
        while (i + 32 <= to && ((notPlainJson(word(bytes, i)) | notPlainJson(word(bytes, i + 8))
                | notPlainJson(word(bytes, i + 16)) | notPlainJson(word(bytes, i + 24))) & HIGHS) == 0) {
            i += 32;
        }
        while (i + 8 <= to && (notPlainJson(word(bytes, i)) & HIGHS) == 0) {
            i += 8;
        }
        while (i < to) {
            int b = bytes[i];
            if (b < 0x20 || b == '"' || b == '\\') { // negative: not ASCII
                break;
            }
            i++;
        }
        return i;
    }
}
