package org.dtaas.http;

/** The length an HTTP message announces for its body, read from its headers. */
public final class DeclaredLength {

    private DeclaredLength() {
    }

    /**
     * The {@code Content-Length} in bytes, or -1 when there is none that counts: absent, not a number, or
     * beside a {@code Transfer-Encoding} (which then frames the body, RFC 9112 6.3).
     */
    public static long of(String contentLength, String transferEncoding) {
        if (contentLength == null || transferEncoding != null) {
            return -1;
        }
        try {
            long length = Long.parseLong(contentLength.strip());
            return length < 0 ? -1 : length;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
