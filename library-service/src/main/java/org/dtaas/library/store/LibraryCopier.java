package org.dtaas.library.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.dtaas.files.ContentDigest;
import org.dtaas.identity.Caller;
import org.dtaas.library.ConflictException;
import org.dtaas.library.LibraryAccess;
import org.dtaas.library.LibraryPath;
import org.dtaas.library.NoSuchEntryException;
import org.dtaas.library.BadPathException;
import org.dtaas.library.config.LibraryConfig;

/**
 * Copies a file or a folder within the library, on the server ("copy to my library": a twin or an
 * asset of common/ into one's own tree). Streamed file by file through the store's own reads and
 * atomic writes, into a hidden folder beside the target that is renamed into place at the end: the
 * target appears whole or not at all, a failure (a full disk, a file over the size limit) leaves
 * nothing, and nothing that exists is ever replaced. Links are not copied (the store skips them).
 */
@ApplicationScoped
public class LibraryCopier {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a copy made; {@code sha256} is the content's digest ({@link ContentDigest}), as copied. */
    public record Copied(String path, String type, int files, long bytes,
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String sha256) {
    }

    private final LibraryStore store;
    private final long maxFileSize;

    private final CopyOrigins origins;

    public LibraryCopier(LibraryStore store, LibraryConfig config, CopyOrigins origins) {
        this.store = store;
        this.maxFileSize = config.maxFileSize();
        this.origins = origins;
    }

    /** {@code from} is readable and {@code to} writable for {@code caller} (checked by the caller of this). */
    public Copied copy(Caller caller, LibraryPath from, LibraryPath to, String author) {
        return copy(caller, from, to, author, to);
    }

    /** As {@link #copy(Caller, LibraryPath, LibraryPath, String)}; the origin is noted for {@code finalPlace} (where it goes next). */
    public Copied copy(Caller caller, LibraryPath from, LibraryPath to, String author, LibraryPath finalPlace) {
        if (to.segments().isEmpty()) {
            throw new BadPathException("name the copy, e.g. " + to.owner() + "/digital twins/" + from.name());
        }
        if (from.owner().equals(to.owner()) && startsWith(to.segments(), from.segments())) {
            throw new ConflictException("a folder cannot be copied into itself");
        }
        Optional<FileContent> file = store.file(from);
        boolean folder = file.isEmpty() && store.list(from).isPresent();
        if (file.isEmpty() && !folder) {
            throw new NoSuchEntryException("nothing at " + from.display());
        }
        List<ContentDigest.Line> copied = new ArrayList<>();
        Copied made = intoPlace(to, folder, author, (partial, files, bytes) -> {
            if (folder) {
                store.mkdir(partial, author);
                Executables executables = new Executables(from);
                store.forEachFile(from, (relative, content) -> {
                    if (LibraryAccess.mayHave(caller, from, relative)) { // never another user's service passwords
                        String sha256 = copyFile(content, child(partial, relative), author, files, bytes);
                        copied.add(new ContentDigest.Line(relative, content.size(), sha256));
                        if (executables.has(relative)) {
                            keepExecutable(child(partial, relative), author);
                        }
                    }
                });
            } else {
                try (FileContent content = file.get()) {
                    copied.add(new ContentDigest.Line(from.name(), content.size(), copyFile(content, partial, author, files, bytes)));
                }
                if (new Executables(parentOf(from)).has(from.name())) {
                    keepExecutable(partial, author);
                }
            }
        });
        String sha256 = folder ? ContentDigest.ofFolder(copied) : copied.get(0).sha256();
        origins.record(finalPlace, new CopyOrigins.Origin(from.display(), made.type(), sha256, java.time.Instant.now(), author));
        return new Copied(made.path(), made.type(), made.files(), made.bytes(), sha256);
    }

    /** What fills the hidden folder (or file) that becomes the target; counts what it wrote. */
    @FunctionalInterface
    public interface Filling {
        void fill(LibraryPath partial, AtomicInteger files, AtomicLong bytes) throws IOException;
    }

    /**
     * Makes {@code to} whole or not at all: {@code filling} writes a hidden sibling, which is then
     * renamed into place; a failure (a full disk, a file over the size limit) or a target that
     * appeared meanwhile (409) leaves nothing behind.
     */
    public Copied intoPlace(LibraryPath to, boolean folder, String author, Filling filling) {
        if (exists(to)) {
            throw new ConflictException(to.display() + " exists: choose another name (a copy never replaces anything)");
        }
        LibraryPath partial = sibling(to, LocalFolderStore.PARTIAL_PREFIX + "copy-" + HexFormat.of().formatHex(randomBytes()));
        AtomicInteger files = new AtomicInteger();
        AtomicLong bytes = new AtomicLong();
        try {
            filling.fill(partial, files, bytes);
            store.move(partial, to, author); // never replaces: a target that appeared meanwhile is a 409
        } catch (IOException e) {
            discard(partial, author);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            discard(partial, author);
            throw e;
        }
        return new Copied(to.display(), folder ? "directory" : "file", files.get(), bytes.get(), null);
    }

    /** Writes one file of a copy, streamed, within the library's file size limit. */
    public void write(LibraryPath target, InputStream in, long size, String author, AtomicInteger files, AtomicLong bytes) {
        store.write(target, in, maxFileSize, author);
        files.incrementAndGet();
        bytes.addAndGet(size);
    }

    /** Copies one file, streamed; its SHA-256 as it was read. */
    private String copyFile(FileContent content, LibraryPath target, String author, AtomicInteger files, AtomicLong bytes)
            throws IOException {
        MessageDigest digest = ContentDigest.sha256();
        try (InputStream in = new DigestInputStream(content.open(), digest)) {
            write(target, in, content.size(), author, files, bytes);
        }
        return ContentDigest.hex(digest.digest());
    }

    /** A copied twin runs like its original: its programs stay executable (where the store keeps modes). */
    public void keepExecutable(LibraryPath target, String author) {
        try {
            store.setExecutable(target, true, author);
        } catch (jakarta.ws.rs.WebApplicationException modesElsewhere) {
            // a GitLab library keeps modes in its repository
        }
    }

    /** Which files below a folder are executable, from the listings (one per folder, as the copy reaches it). */
    private final class Executables {
        private final LibraryPath root;
        private final java.util.Map<String, java.util.Set<String>> byFolder = new java.util.HashMap<>();

        Executables(LibraryPath root) {
            this.root = root;
        }

        boolean has(String relative) {
            int slash = relative.lastIndexOf('/');
            String folder = slash < 0 ? "" : relative.substring(0, slash);
            return byFolder.computeIfAbsent(folder, this::executablesIn).contains(relative.substring(slash + 1));
        }

        private java.util.Set<String> executablesIn(String folder) {
            LibraryPath path = folder.isEmpty() ? root : child(root, folder);
            return store.list(path).orElse(List.of()).stream().filter(e -> Boolean.TRUE.equals(e.executable()))
                    .map(org.dtaas.library.Entry::name).collect(java.util.stream.Collectors.toSet());
        }
    }

    private static LibraryPath parentOf(LibraryPath path) {
        return new LibraryPath(path.owner(), List.copyOf(path.segments().subList(0, path.segments().size() - 1)));
    }

    private boolean exists(LibraryPath path) {
        Optional<FileContent> file = store.file(path);
        if (file.isPresent()) {
            try {
                file.get().close();
            } catch (IOException ignored) {
                // only looked at
            }
            return true;
        }
        return store.list(path).isPresent();
    }

    private void discard(LibraryPath partial, String author) {
        try {
            store.delete(partial, author);
        } catch (RuntimeException nothingMade) {
            // it was not made, or is gone already
        }
    }

    /** {@code name} in the folder of {@code path}. */
    public static LibraryPath sibling(LibraryPath path, String name) {
        List<String> segments = new ArrayList<>(path.segments().subList(0, path.segments().size() - 1));
        segments.add(name);
        return new LibraryPath(path.owner(), List.copyOf(segments));
    }

    public static LibraryPath child(LibraryPath folder, String relative) {
        List<String> segments = new ArrayList<>(folder.segments());
        segments.addAll(List.of(relative.split("/")));
        return new LibraryPath(folder.owner(), List.copyOf(segments));
    }

    private static boolean startsWith(List<String> path, List<String> prefix) {
        return path.size() >= prefix.size() && path.subList(0, prefix.size()).equals(prefix);
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
