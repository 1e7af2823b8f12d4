package org.dtaas.workspace.run.provenance;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.dtaas.files.ContentDigest;
import org.dtaas.files.TrustedTree;

/**
 * SHA-256 digests of files and folders of a user's tree, read through {@link TrustedTree}: links,
 * fifos and devices are neither followed nor read, and a budget of files and bytes bounds what one
 * digest costs (a user's tree may hold anything). A folder's digest is {@link ContentDigest#ofFolder}:
 * the same content under the same names gives the same digest on any machine.
 */
public final class TreeDigest {

    /** One file: its path relative to where the digest started, size, digest (null when not read: over budget). */
    public record FileDigest(String path, long size, String sha256, Instant modified) {
    }

    /** What a folder's digest covered; {@code complete} is false when the budget ran out. */
    public record FolderDigest(String sha256, List<FileDigest> files, long bytes, boolean complete) {
    }

    private static final int BUFFER = 64 * 1024;

    /** Entries looked at (files, folders, links) in one walk, whatever they are: a walk of a huge tree ends. */
    static final int MAX_ENTRIES = 200_000;

    private final long maxBytes;
    private final int maxFiles;
    private long bytesLeft;
    private int filesLeft;
    private int entriesLeft = MAX_ENTRIES;

    /** A digest that reads at most {@code maxBytes} and looks at at most {@code maxFiles} files. */
    public TreeDigest(long maxBytes, int maxFiles) {
        this.maxBytes = maxBytes;
        this.maxFiles = maxFiles;
        this.bytesLeft = maxBytes;
        this.filesLeft = maxFiles;
    }

    /** Every regular file below {@code folder} (depth first, names sorted). */
    public FolderDigest ofFolder(TrustedTree folder) throws IOException {
        return ofFolder(folder, f -> true);
    }

    /** The regular files below {@code folder} that {@code wanted} keeps (e.g. changed since a run began). */
    public FolderDigest ofFolder(TrustedTree folder, Predicate<BasicFileAttributes> wanted) throws IOException {
        return ofFolder(folder, wanted, path -> false);
    }

    /** As {@link #ofFolder(TrustedTree, Predicate)}, not entering or listing the relative paths {@code skipped} names. */
    public FolderDigest ofFolder(TrustedTree folder, Predicate<BasicFileAttributes> wanted, Predicate<String> skipped)
            throws IOException {
        List<FileDigest> files = new ArrayList<>();
        long before = bytesLeft;
        boolean complete = walk(folder, "", wanted, skipped, files, 0);
        String digest = ContentDigest.ofFolder(files.stream().map(f -> new ContentDigest.Line(f.path(), f.size(), f.sha256())).toList());
        return new FolderDigest(digest, files,
                before - bytesLeft, complete && files.stream().allMatch(f -> f.sha256() != null));
    }

    /** The regular file {@code name} of {@code folder}; empty when it is not one. */
    public Optional<FileDigest> ofFile(TrustedTree folder, String name, String shownAs) throws IOException {
        Optional<TrustedTree.OpenedFile> opened = folder.openRegularFile(name);
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        try (TrustedTree.OpenedFile file = opened.get()) {
            Instant modified = file.modified().toInstant();
            if (file.size() > bytesLeft) {
                return Optional.of(new FileDigest(shownAs, file.size(), null, modified));
            }
            MessageDigest digest = sha256();
            ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
            long read = 0;
            // at most the size seen at the open: a file that grows meanwhile does not stretch the budget
            while (read < file.size()) {
                buffer.clear();
                buffer.limit((int) Math.min(BUFFER, file.size() - read));
                int n = file.channel().read(buffer, read);
                if (n < 0) {
                    break;
                }
                buffer.flip();
                digest.update(buffer);
                read += n;
            }
            bytesLeft -= read;
            return Optional.of(new FileDigest(shownAs, read, hex(digest.digest()), modified));
        }
    }

    private boolean walk(TrustedTree folder, String prefix, Predicate<BasicFileAttributes> wanted, Predicate<String> skipped,
            List<FileDigest> into, int depth) throws IOException {
        if (depth > 32) {
            return false;
        }
        boolean complete = true;
        for (String name : folder.names().stream().sorted().toList()) {
            String relative = prefix + name;
            if (skipped.test(relative)) {
                continue;
            }
            if (--entriesLeft < 0) {
                return false;
            }
            Optional<BasicFileAttributes> entry = folder.entry(name);
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.get().isDirectory()) {
                Optional<TrustedTree> inner = folder.folder(name, entry.get());
                if (inner.isPresent()) {
                    try (TrustedTree child = inner.get()) {
                        complete &= walk(child, relative + "/", wanted, skipped, into, depth + 1);
                    }
                }
            } else if (entry.get().isRegularFile() && wanted.test(entry.get())) {
                if (filesLeft <= 0) {
                    return false;
                }
                filesLeft--;
                ofFile(folder, name, relative).ifPresent(into::add);
            }
        }
        return complete;
    }

    /** What is left of the budget: bytes. */
    public long bytesRead() {
        return maxBytes - bytesLeft;
    }

    public int filesSeen() {
        return maxFiles - filesLeft;
    }

    static MessageDigest sha256() {
        return ContentDigest.sha256();
    }

    static String hex(byte[] bytes) {
        return ContentDigest.hex(bytes);
    }
}
