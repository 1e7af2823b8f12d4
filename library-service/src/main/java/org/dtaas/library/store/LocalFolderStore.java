package org.dtaas.library.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.dtaas.files.SharedDisk;
import org.dtaas.files.TrustedTree;
import org.dtaas.files.UnixAccounts;
import org.dtaas.files.UserDisks;
import org.dtaas.identity.UserNames;
import org.dtaas.library.BadPathException;
import org.dtaas.library.ConflictException;
import org.dtaas.library.Entry;
import org.dtaas.library.LibraryPath;
import org.dtaas.library.NoSuchEntryException;

/**
 * The library in a local folder ({@code $DTAAS_HOME/files} unless {@code LOCAL_PATH} says otherwise):
 * {@code <root>/<owner>/...}. Users' code changes these trees while the library works on them (it can
 * swap a folder for a link between two system calls), so below an owner's root nothing is reached by
 * path: every step is an open folder descriptor ({@link TrustedTree}: openat, renameat, unlinkat with
 * no-follow). The library never follows a link: links are not listed, and a path through one is
 * refused. A file is described (size, time) from the very descriptor its bytes are read from.
 * <p>
 * A user with a disk of their own ({@link UserDisks}) has their tree and a staging folder on it: new
 * files are staged there, so that renaming them into place stays on one mount.
 */
public class LocalFolderStore implements LibraryStore {

    /** Uploads in progress and folders being made: hidden from listings, renamed into place when complete. */
    static final String PARTIAL_PREFIX = ".upload-";
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<PosixFilePermission> EXECUTABLE_FILE = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final int BUFFER = 256 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Beside the owners' folders (for owners on the shared disk), never visible to users: new files and
     * folders are made here, then moved in.
     */
    static final String STAGING = ".staging";

    private final Path root;
    private final UnixAccounts accounts;
    private final UserDisks disks;

    /** The library in {@code root}, every owner on its disk. */
    public LocalFolderStore(Path root, UnixAccounts accounts) {
        this(root, accounts, new SharedDisk());
    }

    /**
     * The library in {@code root}; what it makes in an owner's tree belongs to the owner's Unix account
     * ({@code accounts}), so the owner's own code may change it; users' trees are where {@code disks} puts them.
     */
    public LocalFolderStore(Path root, UnixAccounts accounts, UserDisks disks) {
        this.root = root.toAbsolutePath().normalize();
        this.accounts = accounts;
        this.disks = disks;
    }

    @Override
    public Optional<List<Entry>> list(LibraryPath directory) {
        return list(directory, Integer.MAX_VALUE);
    }

    @Override
    public boolean readsLocalDisk() {
        return true;
    }

    @Override
    public Optional<List<Entry>> list(LibraryPath directory, int maxEntries) {
        try (TrustedTree owner = ownerTree(directory.owner(), false)) {
            if (owner == null) {
                return Optional.empty();
            }
            try (Walked folder = walk(owner, directory.segments())) {
                if (folder == null) {
                    return Optional.empty();
                }
                List<String> names = folder.tree().names(maxEntries);
                if (names.size() > maxEntries) {
                    throw new ListingTooLongException(maxEntries);
                }
                List<Entry> entries = new ArrayList<>();
                for (String name : names) {
                    // a user's "common" is the mountpoint workspaces put common/ on (see LibraryPath)
                    boolean mountpoint = directory.isUserRoot() && name.equals(UserNames.COMMON);
                    if (!name.startsWith(PARTIAL_PREFIX) && !mountpoint) {
                        folder.tree().entry(name).flatMap(attributes -> entryOf(name, attributes)).ifPresent(entries::add);
                    }
                }
                entries.sort(Comparator.comparing((Entry e) -> !e.isDirectory()).thenComparing(Entry::name));
                return Optional.of(entries);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        if (path.segments().isEmpty()) {
            return Optional.empty();
        }
        try (TrustedTree owner = ownerTree(path.owner(), false)) {
            if (owner == null) {
                return Optional.empty();
            }
            try (Walked parent = walk(owner, parents(path))) {
                if (parent == null) {
                    return Optional.empty();
                }
                return parent.tree().openRegularFile(path.name()).map(opened -> FileContent.local(opened, path.name()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean write(LibraryPath path, InputStream body, long maxBytes, String author) {
        requireNotRoot(path);
        try (TrustedTree staging = staging(path.owner()); TrustedTree owner = ownerTree(path.owner(), true);
                TrustedTree parent = makeParents(staging, owner, path)) {
            Optional<BasicFileAttributes> existing = checkReplaceable(parent, path);
            boolean existed = existing.isPresent();
            String partial = PARTIAL_PREFIX + randomName() + ".part";
            try {
                // a program saved from the editor stays a program: the new file keeps the old one's executable bit
                boolean executable = existing.isPresent() && existing.get() instanceof PosixFileAttributes posix
                        && posix.permissions().contains(PosixFilePermission.OWNER_EXECUTE);
                try (FileChannel channel = staging.createFile(partial, executable ? EXECUTABLE_FILE : FILE)) {
                    copyLimited(body, channel, maxBytes);
                    channel.force(false); // durable before it becomes visible under its name
                }
                int uid = uidOf(path.owner());
                if (uid >= 0) {
                    UnixAccounts.setOwner(stagingPath(path.owner()).resolve(partial), uid); // staging is the platform's
                }
                staging.rename(partial, parent, path.name()); // atomic: the old file or the whole new one
                partial = null;
                return !existed;
            } finally {
                deleteQuietly(staging, partial);
            }
        } catch (IOException e) {
            if (isDiskFull(e)) {
                Long own = disks.use(path.owner()).sizeBytes();
                throw own == null ? new StorageFullException() : new StorageFullException(path.owner(), own);
            }
            if (e instanceof FileSystemException) {
                throw new ConflictException(path.display() + " changed while it was written; try again");
            }
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean mkdir(LibraryPath path, String author) {
        requireNotRoot(path);
        try (TrustedTree staging = staging(path.owner()); TrustedTree owner = ownerTree(path.owner(), true);
                TrustedTree parent = makeParents(staging, owner, path)) {
            Optional<BasicFileAttributes> existing = parent.entry(path.name());
            if (existing.isPresent()) {
                if (existing.get().isDirectory()) {
                    return false;
                }
                throw new ConflictException(path.display() + " exists and is not a directory");
            }
            Optional<TrustedTree> made = staging.makeFolderIn(parent, path.name(), PARTIAL_PREFIX, FOLDER, uidOf(path.owner()));
            if (made.isEmpty()) {
                throw new ConflictException(path.display() + " appeared while it was made; try again");
            }
            made.get().close();
            return true;
        } catch (FileSystemException e) {
            throw new ConflictException(path.display() + " changed while it was made; try again");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void delete(LibraryPath path, String author) {
        requireNotRoot(path);
        try (TrustedTree owner = ownerTree(path.owner(), false); Walked parent = walkOrFail(owner, path)) {
            parent.tree().delete(path.name());
        } catch (NoSuchFileException e) {
            throw new NoSuchEntryException("nothing at " + path.display());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void setExecutable(LibraryPath path, boolean executable, String author) {
        requireNotRoot(path);
        try (TrustedTree staging = staging(path.owner()); TrustedTree owner = ownerTree(path.owner(), false);
                Walked parent = walkOrFail(owner, path)) {
            TrustedTree.ModeChange change = parent.tree().setExecutable(path.name(), executable, staging, uidOf(path.owner()));
            if (change != TrustedTree.ModeChange.CHANGED) {
                throw new BadPathException(path.display() + " is not a regular file of " + path.owner() + "'s: only files"
                        + " keep an executable bit (folders, links and special files keep their mode)");
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
        if (from.owner().equals(to.owner()) && startsWith(to.segments(), from.segments())) {
            throw new ConflictException("a folder cannot be moved into itself");
        }
        try (TrustedTree staging = staging(to.owner()); TrustedTree sourceOwner = ownerTree(from.owner(), false);
                Walked source = walkOrFail(sourceOwner, from); TrustedTree targetOwner = ownerTree(to.owner(), true);
                TrustedTree target = makeParents(staging, targetOwner, to)) {
            if (source.tree().entry(from.name()).isEmpty()) {
                throw new NoSuchEntryException("nothing at " + from.display());
            }
            if (target.entry(to.name()).isPresent()) {
                // rename(2) would silently replace it; a move never destroys what is at the target
                throw new ConflictException(to.display() + " exists already; delete or rename it first");
            }
            source.tree().rename(from.name(), target, to.name());
        } catch (DirectoryNotEmptyException e) {
            throw new ConflictException(to.display() + " exists already; delete or rename it first");
        } catch (NoSuchFileException e) {
            throw new NoSuchEntryException("nothing at " + from.display());
        } catch (FileSystemException e) {
            if (e.getReason() != null && e.getReason().contains("cross-device")) {
                // each user's library is a disk of its own: a rename cannot leave it
                throw new ConflictException(from.owner() + "'s and " + to.owner()
                        + "'s libraries are on separate disks, so nothing moves between them; copy it instead");
            }
            throw new UncheckedIOException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void forEachFile(LibraryPath directory, FileVisitor visitor) {
        try (TrustedTree owner = ownerTree(directory.owner(), false); Walked folder = owner == null ? null
                : walk(owner, directory.segments())) {
            if (folder == null) {
                throw new NoSuchEntryException("no directory " + directory.display());
            }
            visitFiles(folder.tree(), "", visitor);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void visitFiles(TrustedTree folder, String prefix, FileVisitor visitor) throws IOException {
        List<String> names = folder.names();
        names.sort(Comparator.naturalOrder());
        for (String name : names) {
            Optional<BasicFileAttributes> entry = folder.entry(name);
            if (entry.isEmpty() || name.startsWith(PARTIAL_PREFIX)) {
                continue;
            }
            String relative = prefix + zipName(name);
            if (entry.get().isDirectory()) {
                Optional<TrustedTree> inside;
                try {
                    inside = folder.folder(name);
                } catch (java.nio.file.NotDirectoryException swapped) {
                    continue; // became a link between the look and the open: skipped like any link
                }
                if (inside.isPresent()) {
                    try (TrustedTree sub = inside.get()) {
                        visitFiles(sub, relative + "/", visitor);
                    }
                }
            } else if (entry.get().isRegularFile()) {
                Optional<TrustedTree.OpenedFile> opened = folder.openRegularFile(name);
                if (opened.isPresent()) {
                    try (FileContent file = FileContent.local(opened.get(), name)) {
                        visitor.visit(relative, file);
                    }
                }
            }
            // links, fifos, sockets and devices are skipped
        }
    }

    /**
     * One part of a file's name in a zip. It may hold '\\' on Linux; many unzip programs read that as a
     * separator (so {@code ..\\..\\x} would climb out of the folder being unpacked), so it becomes '_'.
     */
    static String zipName(String part) {
        return part.replace('\\', '_');
    }

    /** The owner's root folder; made when {@code create} (a write), else null when there is none. */
    private TrustedTree ownerTree(String owner, boolean create) throws IOException {
        if (create) {
            disks.ensure(owner); // before the first write, so nothing lands beside the disk
        }
        // root and root/<owner> are the platform's: users see their own folder only as a mount point
        Path folder = disks.placeOf(owner).map(UserDisks.Place::tree).orElse(root.resolve(owner));
        if (create && !Files.isDirectory(folder)) {
            Files.createDirectories(folder);
            int uid = uidOf(owner);
            if (uid >= 0) {
                UnixAccounts.setOwner(folder, uid);
            }
        }
        try {
            return TrustedTree.open(folder);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * Where {@code owner}'s new entries are made: the platform's own folder on the owner's disk, or
     * beside the owners' folders (same mount as their tree either way, so a rename moves into place).
     */
    private TrustedTree staging(String owner) throws IOException {
        disks.ensure(owner);
        Path folder = stagingPath(owner);
        if (!Files.isDirectory(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        return TrustedTree.open(folder);
    }

    private Path stagingPath(String owner) {
        return disks.placeOf(owner).map(UserDisks.Place::staging).orElse(root.resolve(STAGING));
    }

    /** The uid that owns what the platform makes in {@code owner}'s tree; -1 when accounts are off. */
    private int uidOf(String owner) {
        return accounts.uidOf(owner).orElse(-1);
    }

    /** A folder reached from an owner's root, and the folders opened on the way (closed together). */
    private record Walked(TrustedTree tree, boolean isRoot) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (!isRoot) {
                tree.close();
            }
        }
    }

    /**
     * The folder at {@code segments} below {@code owner}, one no-follow step at a time; null when a
     * step is missing or not a folder.
     *
     * @throws BadPathException when a step is a link
     */
    private static Walked walk(TrustedTree owner, List<String> segments) throws IOException {
        TrustedTree current = owner;
        for (String segment : segments) {
            Optional<BasicFileAttributes> entry = current.entry(segment);
            TrustedTree next = null;
            if (entry.isPresent() && entry.get().isSymbolicLink()) {
                closeUnlessRoot(current, owner);
                throw new BadPathException("the library does not follow links (" + segment + " is one)");
            }
            if (entry.isPresent() && entry.get().isDirectory()) {
                try {
                    next = current.folder(segment, entry.get()).orElse(null);
                } catch (java.nio.file.NotDirectoryException swapped) {
                    closeUnlessRoot(current, owner);
                    throw new BadPathException("the library does not follow links (" + segment + " became one)");
                }
            }
            closeUnlessRoot(current, owner);
            if (next == null) {
                return null;
            }
            current = next;
        }
        return new Walked(current, current == owner);
    }

    /** The folder holding {@code path}'s last segment, which must exist. */
    private static Walked walkOrFail(TrustedTree owner, LibraryPath path) throws IOException {
        Walked parent = owner == null ? null : walk(owner, parents(path));
        if (parent == null) {
            throw new NoSuchEntryException("nothing at " + path.display());
        }
        return parent;
    }

    /** The folder to hold {@code path}'s last segment, its missing parents made (each without a path below the owner). */
    private TrustedTree makeParents(TrustedTree staging, TrustedTree owner, LibraryPath path) throws IOException {
        TrustedTree current = owner;
        int uid = uidOf(path.owner());
        for (String segment : parents(path)) {
            Optional<BasicFileAttributes> entry = current.entry(segment);
            TrustedTree next;
            if (entry.isEmpty()) {
                TrustedTree parent = current;
                next = staging.makeFolderIn(parent, segment, PARTIAL_PREFIX, FOLDER, uid)
                        .or(() -> openExistingFolder(parent, segment, path))
                        .orElseThrow(() -> new ConflictException(segment + " changed while it was made; try again"));
            } else if (entry.get().isSymbolicLink()) {
                closeUnlessRoot(current, owner);
                throw new BadPathException("the library does not follow links (" + segment + " is one)");
            } else if (!entry.get().isDirectory()) {
                closeUnlessRoot(current, owner);
                throw new ConflictException(segment + " is a file, not a folder");
            } else {
                next = openExistingFolder(current, segment, path)
                        .orElseThrow(() -> new ConflictException(segment + " changed while it was used; try again"));
            }
            closeUnlessRoot(current, owner);
            current = next;
        }
        // the caller closes what it gets; the owner's root is closed by its own try
        return current == owner ? owner.folderAt("").orElseThrow() : current;
    }

    private static Optional<TrustedTree> openExistingFolder(TrustedTree parent, String name, LibraryPath path) {
        try {
            return parent.folder(name);
        } catch (java.nio.file.NotDirectoryException swapped) {
            throw new BadPathException("the library does not follow links (" + name + " became one)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeUnlessRoot(TrustedTree tree, TrustedTree owner) throws IOException {
        if (tree != owner) {
            tree.close();
        }
    }

    private static List<String> parents(LibraryPath path) {
        return path.segments().subList(0, Math.max(0, path.segments().size() - 1));
    }

    private static boolean startsWith(List<String> path, List<String> prefix) {
        return path.size() >= prefix.size() && path.subList(0, prefix.size()).equals(prefix);
    }

    /** True when a regular file will be replaced; refuses to write over folders and links. */
    /** The file {@code path} replaces, if any; a link or a folder there is refused. */
    private static Optional<BasicFileAttributes> checkReplaceable(TrustedTree parent, LibraryPath path) throws IOException {
        Optional<BasicFileAttributes> entry = parent.entry(path.name());
        if (entry.isEmpty()) {
            return entry;
        }
        if (entry.get().isSymbolicLink()) {
            throw new BadPathException("the library does not write through links");
        }
        if (entry.get().isDirectory()) {
            throw new ConflictException(path.name() + " is a folder");
        }
        return entry;
    }

    private static void copyLimited(InputStream body, FileChannel channel, long maxBytes) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        // filled before each write: a read gives one HTTP chunk (a few KiB), and a write each was ~50,000
        // write calls for 256 MiB (strace)
        for (int n; (n = body.readNBytes(buffer, 0, buffer.length)) > 0; ) {
            total += n;
            if (total > maxBytes) {
                throw new WriteLimitExceededException(maxBytes);
            }
            ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
    }

    private static boolean isDiskFull(IOException e) {
        String message = e.getMessage();
        return message != null && (message.contains("No space left") || message.contains("Disk quota exceeded"));
    }

    private static void deleteQuietly(TrustedTree folder, String name) {
        if (name != null) {
            try {
                folder.delete(name);
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

    /** A listing's entry: folders and regular files; links, fifos, sockets and devices are not shown. */
    private static Optional<Entry> entryOf(String name, BasicFileAttributes attributes) {
        if (!attributes.isDirectory() && !attributes.isRegularFile()) {
            return Optional.empty();
        }
        String type = attributes.isDirectory() ? Entry.DIRECTORY : Entry.FILE;
        long size = attributes.isDirectory() ? 0 : attributes.size();
        Boolean executable = attributes.isDirectory() || !(attributes instanceof java.nio.file.attribute.PosixFileAttributes posix)
                ? null : posix.permissions().contains(java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE);
        return Optional.of(new Entry(name, type, size, attributes.lastModifiedTime().toInstant(), executable));
    }

    private static String randomName() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
