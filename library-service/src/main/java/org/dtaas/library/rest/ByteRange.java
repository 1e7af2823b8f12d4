package org.dtaas.library.rest;

import java.util.Optional;

/**
 * One byte range of a {@code Range: bytes=...} header (RFC 9110): {@code a-b}, {@code a-} or
 * {@code -n}. Several ranges in one header are answered with the whole file, as the RFC allows.
 */
record ByteRange(long offset, long length) {

    /** Empty for no header or one we answer with the whole file; throws for an unsatisfiable range. */
    static Optional<ByteRange> parse(String header, long size) {
        if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0) {
            return Optional.empty();
        }
        String spec = header.substring(6).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        try {
            String first = spec.substring(0, dash).strip();
            String last = spec.substring(dash + 1).strip();
            long start;
            long end;
            if (first.isEmpty()) {
                long suffix = Long.parseLong(last);
                start = Math.max(0, size - suffix);
                end = size - 1;
            } else {
                start = Long.parseLong(first);
                end = last.isEmpty() ? size - 1 : Math.min(Long.parseLong(last), size - 1);
            }
            if (start >= size || end < start || start < 0) {
                throw new UnsatisfiableRangeException(size);
            }
            return Optional.of(new ByteRange(start, end - start + 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    String contentRange(long size) {
        return "bytes " + offset + "-" + (offset + length - 1) + "/" + size;
    }

    /** 416, with the size so the client can ask again. */
    static class UnsatisfiableRangeException extends RuntimeException {
        final long size;

        UnsatisfiableRangeException(long size) {
            super("the range lies outside the file (" + size + " bytes)");
            this.size = size;
        }
    }
}
