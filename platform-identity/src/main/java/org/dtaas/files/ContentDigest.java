package org.dtaas.files;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * The platform's one way to name content by digest: a file by its SHA-256, a folder by the SHA-256 of
 * its files' {@code <sha256> <size> <relative path>} lines sorted by path (a file not read shows
 * {@code -}). Anyone can recompute it with {@code sha256sum}; a run's provenance and a copy's origin
 * both use it, so the digest of a twin copied from common/ matches the one its runs record.
 */
public final class ContentDigest {

    /** One file of a folder. */
    public record Line(String path, long size, String sha256) {
    }

    private ContentDigest() {
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    public static String ofFolder(List<Line> files) {
        StringBuilder listing = new StringBuilder();
        files.stream().sorted(Comparator.comparing(Line::path)).forEach(f -> listing.append(f.sha256() == null ? "-" : f.sha256())
                .append(' ').append(f.size()).append(' ').append(f.path()).append('\n'));
        return hex(sha256().digest(listing.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
