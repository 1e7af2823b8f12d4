package org.dtaas.library.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.dtaas.identity.UserNames;
import org.dtaas.library.BadPathException;
import org.dtaas.library.ConflictException;
import org.dtaas.library.Entry;
import org.dtaas.library.LibraryPath;
import org.dtaas.library.NoSuchEntryException;

/**
 * The library in a local folder ({@code $DTAAS_HOME/files} unless {@code LOCAL_PATH} says otherwise):
 * {@code <root>/<owner>/...}. Every path is walked one segment at a time from the owner's root, and a
 * symbolic link is only followed when its target stays inside the same owner's tree, so neither a
 * crafted path nor a planted link can reach another user's files or the server's.
 */
public class LocalFolderStore implements LibraryStore {

    /** Uploads in progress: hidden from listings, renamed into place when complete. */
    static final String PARTIAL_PREFIX = ".upload-";
    private static final int BUFFER = 256 * 1024;

    private final Path root;

    public LocalFolderStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public Optional<List<Entry>> list(LibraryPath directory) {
        Optional<Path> dir = resolveExisting(directory);
        if (dir.isEmpty() || !Files.isDirectory(dir.get())) {
            return Optional.empty();
        }
        Path ownerRoot = ownerRoot(directory.owner());
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir.get())) {
            for (Path child : stream) {
                String name = child.getFileName().toString();
                // a user's "common" is the mountpoint workspaces put common/ on (see LibraryPath)
                boolean mountpoint = directory.isUserRoot() && name.equals(UserNames.COMMON);
                if (!name.startsWith(PARTIAL_PREFIX) && !mountpoint) {
                    entryOf(child, ownerRoot).ifPresent(entries::add);
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        entries.sort(Comparator.comparing((Entry e) -> !e.isDirectory()).thenComparing(Entry::name));
        return Optional.of(entries);
    }

    @Override
    public List<String> owners() {
        List<String> owners = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path child : stream) {
                String name = child.getFileName().toString();
                if (UserNames.isValidOwner(name)) {
                    owners.add(name);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        owners.sort(Comparator.naturalOrder());
        return owners;
    }

    @Override
    public Optional<FileContent> file(LibraryPath path) {
        return resolveExisting(path).flatMap(real -> {
            try {
                BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
                return attributes.isRegularFile()
                        ? Optional.of(FileContent.local(real, path.name(), attributes.size(),
                                attributes.lastModifiedTime().toInstant()))
                        : Optional.empty();
            } catch (NoSuchFileException e) {
                return Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    public boolean write(LibraryPath path, InputStream body, long maxBytes, String author) {
        requireNotRoot(path);
        Path parent = parentDirectory(path, true);
        Path target = parent.resolve(path.name());
        boolean existed = checkReplaceable(target);
        Path partial = null;
        try {
            partial = Files.createTempFile(parent, PARTIAL_PREFIX, ".part");
            copyLimited(body, partial, maxBytes);
            // temp files are created owner-only; a library file is readable like any other file the user makes
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            partial = null;
            return !existed;
        } catch (IOException e) {
            if (isDiskFull(e)) {
                throw new StorageFullException();
            }
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(partial);
        }
    }

    @Override
    public boolean mkdir(LibraryPath path, String author) {
        requireNotRoot(path);
        Path target = parentDirectory(path, true).resolve(path.name());
        try {
            Files.createDirectory(target);
            return true;
        } catch (FileAlreadyExistsException e) {
            if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            throw new ConflictException(path.display() + " exists and is not a directory");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void delete(LibraryPath path, String author) {
        requireNotRoot(path);
        Path target = parentDirectory(path, false).resolve(path.name());
        try {
            BasicFileAttributes attributes = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attributes.isDirectory()) {
                deleteTree(target);
            } else {
                Files.delete(target);
            }
        } catch (NoSuchFileException e) {
            throw new NoSuchEntryException("nothing at " + path.display());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void move(LibraryPath from, LibraryPath to, String author) {
        requireNotRoot(from);
        requireNotRoot(to);
        Path source = parentDirectory(from, false).resolve(from.name());
        if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchEntryException("nothing at " + from.display());
        }
        Path target = parentDirectory(to, true).resolve(to.name());
        if (target.startsWith(source)) {
            throw new ConflictException("a folder cannot be moved into itself");
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            // rename(2) would silently replace it; a move never destroys what is at the target
            throw new ConflictException(to.display() + " exists already; delete or rename it first");
        }
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            throw new ConflictException(to.display() + " exists already; delete or rename it first");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void forEachFile(LibraryPath directory, FileVisitor visitor) {
        Path dir = resolveExisting(directory).filter(Files::isDirectory)
                .orElseThrow(() -> new NoSuchEntryException("no directory " + directory.display()));
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    String name = file.getFileName().toString();
                    if (attributes.isRegularFile() && !name.startsWith(PARTIAL_PREFIX)) {
                        visitor.visit(zipName(dir.relativize(file)),
                                FileContent.local(file, name, attributes.size(), attributes.lastModifiedTime().toInstant()));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A file's name relative to the zipped folder, '/' between its parts. A part may hold '\\' on Linux;
     * many unzip programs read that as a separator (so {@code ..\\..\\x} would climb out of the folder
     * being unpacked), so it becomes '_' there.
     */
    static String zipName(Path relative) {
        StringBuilder name = new StringBuilder();
        for (Path part : relative) {
            if (name.length() > 0) {
                name.append('/');
            }
            name.append(part.toString().replace('\\', '_'));
        }
        return name.toString();
    }

    /** The real location of an existing path, provided it stays in its owner's tree. */
    private Optional<Path> resolveExisting(LibraryPath path) {
        Path ownerRoot = ownerRoot(path.owner());
        Path candidate = ownerRoot;
        for (String segment : path.segments()) {
            candidate = candidate.resolve(segment);
        }
        try {
            Path real = candidate.toRealPath();
            if (!real.startsWith(ownerRoot.toRealPath())) {
                throw new BadPathException("the path leads outside its owner's library through a link");
            }
            return Optional.of(real);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The real directory that holds the last segment of {@code path}, walked segment by segment so
     * that a link leading out of the owner's tree is refused before anything is created.
     */
    private Path parentDirectory(LibraryPath path, boolean create) {
        try {
            Path ownerRoot = ownerRoot(path.owner());
            if (create) {
                Files.createDirectories(ownerRoot);
            }
            Path ownerReal = ownerRoot.toRealPath();
            Path current = ownerReal;
            List<String> parents = path.segments().subList(0, path.segments().size() - 1);
            for (String segment : parents) {
                Path next = current.resolve(segment);
                if (Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
                    Path real = next.toRealPath();
                    if (!real.startsWith(ownerReal)) {
                        throw new BadPathException("the path leads outside its owner's library through a link");
                    }
                    if (!Files.isDirectory(real)) {
                        throw new ConflictException(segment + " is a file, not a folder");
                    }
                    current = real;
                } else if (create) {
                    Files.createDirectory(next);
                    current = next;
                } else {
                    throw new NoSuchEntryException("no folder " + segment + " in " + path.display());
                }
            }
            return current;
        } catch (NoSuchFileException e) {
            throw new NoSuchEntryException("nothing at " + path.display());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when a regular file will be replaced; refuses to write over folders and links. */
    private static boolean checkReplaceable(Path target) {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        if (Files.isSymbolicLink(target)) {
            throw new BadPathException("the library does not write through links");
        }
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new ConflictException(target.getFileName() + " is a folder");
        }
        return true;
    }

    private static void copyLimited(InputStream body, Path partial, long maxBytes) throws IOException {
        try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
            OutputStream out = Channels.newOutputStream(channel);
            byte[] buffer = new byte[BUFFER];
            long total = 0;
            for (int n; (n = body.read(buffer)) >= 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw new WriteLimitExceededException(maxBytes);
                }
                out.write(buffer, 0, n);
            }
            channel.force(false); // durable before it becomes visible under its name
        }
    }

    private static boolean isDiskFull(IOException e) {
        String message = e.getMessage();
        return message != null && (message.contains("No space left") || message.contains("Disk quota exceeded"));
    }

    private static void deleteTree(Path directory) throws IOException {
        // walkFileTree does not follow links: a link inside is removed, its target stays
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover .upload-*.part is hidden from listings and harmless
            }
        }
    }

    private static void requireNotRoot(LibraryPath path) {
        if (path.segments().isEmpty()) {
            throw new BadPathException("a user's library root cannot be replaced, moved or deleted");
        }
    }

    private Optional<Entry> entryOf(Path child, Path ownerRoot) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink()) {
            // list a link only when it stays inside the owner's tree, described by its target
            try {
                Path target = child.toRealPath();
                if (!target.startsWith(ownerRoot.toRealPath())) {
                    return Optional.empty();
                }
                attributes = Files.readAttributes(target, BasicFileAttributes.class);
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
        }
        String type = attributes.isDirectory() ? Entry.DIRECTORY : Entry.FILE;
        long size = attributes.isDirectory() ? 0 : attributes.size();
        return Optional.of(new Entry(child.getFileName().toString(), type, size, attributes.lastModifiedTime().toInstant()));
    }

    private Path ownerRoot(String owner) {
        return root.resolve(owner);
    }
}
