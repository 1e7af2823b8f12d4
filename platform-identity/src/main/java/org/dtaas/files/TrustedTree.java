package org.dtaas.files;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * A folder that privileged code reads or writes although its user can change what is inside it at any
 * moment (a user's library, a workspace's HOME or /tmp). Everything below the folder is reached through
 * open directory descriptors ({@link SecureDirectoryStream}: openat, unlinkat, renameat) with
 * {@link LinkOption#NOFOLLOW_LINKS}, so a link the user plants, or swaps in while the platform works,
 * is never followed out of the tree: it is refused, or — where the platform owns the entry — replaced.
 * <p>
 * The root itself must be a path the user cannot change (the platform made it and keeps it out of
 * the user's reach, e.g. a sandbox's mount point).
 */
public final class TrustedTree implements Closeable {

    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecureDirectoryStream<Path> dir;
    /** {@link #dir} and the descriptor the folders inside are opened from ({@link OpenWithoutWaiting}). */
    private final OpenWithoutWaiting.OpenedFolder opened;
    /** The path this folder was opened at; used only to create a folder inside it (Java has no mkdirat). */
    private final Path path;
    /** Opened at a trusted path ({@link #open}), not reached through the user's tree: its path may be used. */
    private final boolean pathTrusted;

    private TrustedTree(OpenWithoutWaiting.OpenedFolder opened, Path path, boolean pathTrusted) {
        this.dir = opened.stream();
        this.opened = opened;
        this.path = path;
        this.pathTrusted = pathTrusted;
    }

    /** Opens {@code root}, a folder whose own path is trusted. */
    public static TrustedTree open(Path root) throws IOException {
        return new TrustedTree(OpenWithoutWaiting.folder(root), root, true);
    }

    /** The names of the entries inside (whatever they are; look at each with {@link #entry}). */
    public java.util.List<String> names() throws IOException {
        return names(Integer.MAX_VALUE);
    }

    /**
     * The names of the first {@code atMost + 1} entries inside: more than {@code atMost} tells the caller
     * that there are too many, without reading a huge folder to the end.
     */
    public java.util.List<String> names(int atMost) throws IOException {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (Path entry : dir) {
            names.add(entry.getFileName().toString());
            if (names.size() > atMost) {
                break;
            }
        }
        return names;
    }

    /**
     * The entry {@code name} as it is (a link is not followed), or empty when there is none. The
     * attributes are {@link java.nio.file.attribute.PosixFileAttributes} (one fstatat either way).
     */
    public Optional<BasicFileAttributes> entry(String name) throws IOException {
        try {
            return Optional.of(dir.getFileAttributeView(single(name), PosixFileAttributeView.class, NOFOLLOW).readAttributes());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** The real folder {@code name} inside (a link or anything else there counts as missing: empty). */
    public Optional<TrustedTree> folder(String name) throws IOException {
        Optional<BasicFileAttributes> entry = entry(name);
        return entry.isEmpty() ? Optional.empty() : folder(name, entry.get());
    }

    /**
     * As {@link #folder(String)}, for an entry the caller has just looked at with {@link #entry}: {@code seen}
     * is what that returned (one fstatat less per step of a walk).
     */
    public Optional<TrustedTree> folder(String name, BasicFileAttributes seen) throws IOException {
        if (!seen.isDirectory()) {
            return Optional.empty();
        }
        return Optional.of(openFolder(name));
    }

    /** The real folder at {@code relative} ("a/b/c"), every step without links; empty if any step is not one. */
    public Optional<TrustedTree> folderAt(String relative) throws IOException {
        TrustedTree current = this;
        for (String name : relative.split("/")) {
            if (name.isEmpty()) {
                continue;
            }
            Optional<TrustedTree> next = current.folder(name);
            if (current != this) {
                current.close();
            }
            if (next.isEmpty()) {
                return Optional.empty();
            }
            current = next.get();
        }
        return Optional.of(current == this ? openFolder(".") : current);
    }

    /**
     * The folder {@code name} inside, made when missing, with exactly {@code permissions}. An entry of
     * that name that is not a real folder (a link, a file, a fifo) is the platform's to replace: it is
     * removed first, so nothing is ever created or changed through it.
     */
    public TrustedTree ensureFolder(String name, Set<PosixFilePermission> permissions) throws IOException {
        if (!pathTrusted) {
            // mkdir goes by path: below a folder reached through the user's tree, a swapped-in link on
            // the way would be followed
            throw new IllegalStateException("folders are made only directly in a tree opened at a trusted path");
        }
        for (int attempt = 0; attempt < 5; attempt++) {
            Optional<BasicFileAttributes> entry = entry(name);
            if (entry.isPresent() && !entry.get().isDirectory()) {
                dir.deleteFile(single(name)); // unlinkat: removes a link itself, never its target
                entry = Optional.empty();
            }
            if (entry.isEmpty()) {
                try {
                    // mkdir does not follow a link in the last component; the folder's own path is trusted
                    Files.createDirectory(path.resolve(single(name)));
                } catch (FileAlreadyExistsException raced) {
                    // something appeared meanwhile: look again
                }
            }
            try {
                TrustedTree folder = openFolder(name);
                folder.setPermissions(permissions);
                return folder;
            } catch (FileSystemException swappedForALink) {
                // replaced between the look and the open: look again
            }
        }
        throw new IOException("could not make the folder " + path.resolve(name) + ": it keeps being replaced");
    }

    /** Gives this folder to {@code uid} (uid = gid; fchown on the open folder: no path is followed). */
    public void setOwner(int uid) throws IOException {
        PosixFileAttributeView view = dir.getFileAttributeView(PosixFileAttributeView.class);
        view.setOwner(userOf(uid));
        view.setGroup(groupOf(uid));
    }

    private static java.nio.file.attribute.UserPrincipal userOf(int uid) throws IOException {
        return java.nio.file.FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(Integer.toString(uid));
    }

    private static java.nio.file.attribute.GroupPrincipal groupOf(int gid) throws IOException {
        return java.nio.file.FileSystems.getDefault().getUserPrincipalLookupService()
                .lookupPrincipalByGroupName(Integer.toString(gid));
    }

    /** Sets this folder's own permissions (fchmod on the open folder: no path is followed). */
    public void setPermissions(Set<PosixFilePermission> permissions) throws IOException {
        dir.getFileAttributeView(PosixFileAttributeView.class).setPermissions(permissions);
    }

    /**
     * The regular file {@code name} (not a link, not a fifo or device) as text, when it is there and at
     * most {@code maxBytes} long; longer files give their first {@code maxBytes}.
     */
    public Optional<String> readText(String name, int maxBytes) throws IOException {
        Optional<BasicFileAttributes> entry = entry(name);
        if (entry.isEmpty() || !entry.get().isRegularFile()) {
            return Optional.empty();
        }
        try (SeekableByteChannel channel = openWithoutWaiting(name)) {
            if (!sameFile(entry.get(), name)) {
                return Optional.empty(); // swapped between the look and the open
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(maxBytes, Math.max(0, entry.get().size()) + 1));
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // fill up to the limit
            }
            buffer.flip();
            return Optional.of(StandardCharsets.UTF_8.decode(buffer.limit(Math.min(buffer.limit(), maxBytes))).toString());
        } catch (FileSystemException link) {
            return Optional.empty(); // became a link meanwhile (ELOOP)
        }
    }

    /** The regular file {@code name} to stream, without following a link; empty when it is not one. */
    public Optional<InputStream> openFile(String name) throws IOException {
        Optional<BasicFileAttributes> entry = entry(name);
        if (entry.isEmpty() || !entry.get().isRegularFile()) {
            return Optional.empty();
        }
        try {
            SeekableByteChannel channel = openWithoutWaiting(name);
            if (!sameFile(entry.get(), name)) {
                channel.close();
                return Optional.empty();
            }
            return Optional.of(Channels.newInputStream(channel));
        } catch (FileSystemException link) {
            return Optional.empty();
        }
    }

    /**
     * Replaces the file {@code name} with {@code content} atomically: a new file (O_EXCL, so never
     * through a link) with {@code permissions} from the start, then renamed over the old entry — which
     * replaces a planted link itself rather than writing where it points.
     */
    public void writeAtomically(String name, String content, Set<PosixFilePermission> permissions) throws IOException {
        writeAtomically(name, content, permissions, -1);
    }

    /** {@link #writeAtomically}, the file owned by {@code uid} (uid = gid; -1: this process's). */
    public void writeAtomically(String name, String content, Set<PosixFilePermission> permissions, int uid) throws IOException {
        Path target = single(name);
        Path temp = Path.of(".dtaas-write-" + HexFormat.of().formatHex(randomBytes()) + ".tmp");
        try {
            try (SeekableByteChannel channel = dir.newByteChannel(temp,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                    PosixFilePermissions.asFileAttribute(permissions))) {
                ByteBuffer bytes = StandardCharsets.UTF_8.encode(content);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            }
            // the umask may have taken bits away at creation: set them exactly, on the file itself
            PosixFileAttributeView written = dir.getFileAttributeView(temp, PosixFileAttributeView.class, NOFOLLOW);
            written.setPermissions(permissions);
            if (uid >= 0) {
                written.setOwner(userOf(uid));
                written.setGroup(groupOf(uid));
            }
            dir.move(temp, dir, target); // renameat
        } finally {
            try {
                dir.deleteFile(temp);
            } catch (NoSuchFileException moved) {
                // the usual case
            }
        }
    }

    /**
     * A regular file opened for reading, with the size and time of exactly the file that was opened
     * (so what is sent is what was described, whatever happens to the name meanwhile).
     */
    public record OpenedFile(FileChannel channel, long size, FileTime modified) implements Closeable {
        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /**
     * The regular file {@code name} opened (not a link, fifo or device), or empty when it is not one. An
     * entry that keeps changing between the look and the open (a user swapping it) counts as missing.
     */
    public Optional<OpenedFile> openRegularFile(String name) throws IOException {
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<BasicFileAttributes> entry = entry(name);
            if (entry.isEmpty() || !entry.get().isRegularFile()) {
                return Optional.empty();
            }
            FileChannel channel;
            try {
                channel = openWithoutWaiting(name);
            } catch (NoSuchFileException gone) {
                continue;
            } catch (FileSystemException link) {
                continue; // became a link meanwhile (ELOOP)
            }
            // the same file still under that name after the open: the one opened is the regular file looked at
            // (unless it was swapped away and back: a fifo or socket then shows itself by refusing to seek)
            if (sameFile(entry.get(), name) && seekable(channel)) {
                return Optional.of(new OpenedFile(channel, channel.size(), entry.get().lastModifiedTime()));
            }
            channel.close();
        }
        return Optional.empty();
    }

    /**
     * Opens {@code name} for reading without ever waiting: a read-only open of a fifo waits for a writer,
     * so a user who swaps a fifo in between the look and the open could hold a platform thread. Opened
     * read-write, a fifo opens at once on Linux (nothing is written; the caller then finds it is not the
     * regular file it looked at). A file that cannot be opened for writing (in use as a program, immutable,
     * on a read-only mount) is opened read-only once it has been seen to be a regular file again.
     */
    private FileChannel openWithoutWaiting(String name) throws IOException {
        try {
            return (FileChannel) dir.newByteChannel(single(name),
                    Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS));
        } catch (NoSuchFileException gone) {
            throw gone;
        } catch (FileSystemException notWritable) {
            Optional<BasicFileAttributes> again = entry(name);
            if (again.isEmpty() || !again.get().isRegularFile()) {
                throw notWritable;
            }
            // opened so that a fifo swapped in meanwhile cannot make it wait either
            return OpenWithoutWaiting.regularFile(opened, single(name).toString()).orElseThrow(() -> notWritable);
        }
    }

    private static boolean seekable(FileChannel channel) {
        try {
            channel.position(0);
            return true;
        } catch (IOException pipe) {
            return false; // ESPIPE
        }
    }

    /** A new, empty file {@code name} (O_EXCL: never an existing entry, never through a link), to write. */
    public FileChannel createFile(String name, Set<PosixFilePermission> permissions) throws IOException {
        FileChannel channel = (FileChannel) dir.newByteChannel(single(name),
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(permissions));
        // the umask may have taken bits away at creation: set them exactly, on the entry itself
        dir.getFileAttributeView(single(name), PosixFileAttributeView.class, NOFOLLOW).setPermissions(permissions);
        return channel;
    }

    /** What {@link #setExecutable} did. */
    public enum ModeChange { CHANGED, NOT_A_REGULAR_FILE, NOT_THE_OWNERS }

    /**
     * Makes the regular file {@code name} executable (x wherever r is set) or not (no x), never following
     * a link and never opening a fifo (an open of one would wait): the entry is moved into {@code staging}
     * (a folder of this file system opened at a trusted path, which only the platform can change), looked
     * at and changed there, and moved back. What is not a regular file with one link owned by {@code uid}
     * (-1: anyone) goes back unchanged. While it is away, its name is free for a moment: an entry the
     * user puts there meanwhile is replaced by their own file coming back.
     */
    public ModeChange setExecutable(String name, boolean executable, TrustedTree staging, int uid) throws IOException {
        if (!staging.pathTrusted) {
            throw new IllegalStateException("modes are changed only in a staging folder opened at a trusted path");
        }
        Optional<BasicFileAttributes> entry = entry(name);
        if (entry.isEmpty()) {
            throw new NoSuchFileException(name);
        }
        if (!entry.get().isRegularFile()) {
            return ModeChange.NOT_A_REGULAR_FILE;
        }
        String staged = ".mode-" + HexFormat.of().formatHex(randomBytes());
        dir.move(single(name), staging.dir, single(staged)); // whatever is there now: a link moves, unfollowed
        Path held = staging.path.resolve(staged);
        try {
            java.util.Map<String, Object> unix = Files.readAttributes(held, "unix:mode,nlink,uid", NOFOLLOW);
            int mode = (Integer) unix.get("mode");
            boolean regular = (mode & 0170000) == 0100000;
            if (!regular || (Integer) unix.get("nlink") != 1) {
                return ModeChange.NOT_A_REGULAR_FILE; // swapped meanwhile, or a hard link to a file elsewhere
            }
            if (uid >= 0 && (Integer) unix.get("uid") != uid) {
                return ModeChange.NOT_THE_OWNERS;
            }
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(held, NOFOLLOW);
            if (executable) {
                permissions.add(PosixFilePermission.OWNER_EXECUTE);
                if (permissions.contains(PosixFilePermission.GROUP_READ)) {
                    permissions.add(PosixFilePermission.GROUP_EXECUTE);
                }
                if (permissions.contains(PosixFilePermission.OTHERS_READ)) {
                    permissions.add(PosixFilePermission.OTHERS_EXECUTE);
                }
            } else {
                permissions.removeAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                        PosixFilePermission.OTHERS_EXECUTE));
            }
            // a regular file no one else can reach here: opening it to change its mode cannot wait or escape
            Files.getFileAttributeView(held, PosixFileAttributeView.class, NOFOLLOW).setPermissions(permissions);
            return ModeChange.CHANGED;
        } finally {
            putBack(staging, staged, name);
        }
    }

    /**
     * Moves a staged entry back to {@code name}; when the user put something there that a rename cannot
     * replace (a folder), beside it under a new name, so their file is never left in the staging folder.
     */
    private void putBack(TrustedTree staging, String staged, String name) throws IOException {
        try {
            staging.dir.move(single(staged), dir, single(name));
        } catch (FileSystemException occupied) {
            staging.dir.move(single(staged), dir, single(name + ".restored-" + HexFormat.of().formatHex(randomBytes())));
        }
    }

    /** Renames the entry {@code name} to {@code newName} in {@code folder} (renameat: links are moved, not followed). */
    public void rename(String name, TrustedTree folder, String newName) throws IOException {
        dir.move(single(name), folder.dir, single(newName));
    }

    /**
     * Makes the folder {@code name} inside {@code parent}, a folder of this tree reached through the
     * user's tree. Java has no mkdirat, and a mkdir by path below the user's folders would follow a link
     * swapped in on the way; so the folder is made here, where the path is trusted, and renamed into
     * place relative to {@code parent}'s descriptor, owned by {@code uid} (uid = gid; -1: this process's).
     * Empty when something else took the name meanwhile.
     */
    public Optional<TrustedTree> makeFolderIn(TrustedTree parent, String name, String stagingPrefix,
            Set<PosixFilePermission> permissions, int uid) throws IOException {
        if (!pathTrusted) {
            throw new IllegalStateException("folders are staged only in a tree opened at a trusted path");
        }
        String staging = stagingPrefix + HexFormat.of().formatHex(randomBytes());
        Files.createDirectory(path.resolve(single(staging)));
        TrustedTree made = openFolder(staging);
        try {
            made.setPermissions(permissions);
            if (uid >= 0) {
                UnixAccounts.setOwner(path.resolve(staging), uid); // a path only the platform can change
            }
            if (parent.entry(name).isPresent()) {
                dir.deleteDirectory(single(staging));
                made.close();
                return Optional.empty();
            }
            dir.move(single(staging), parent.dir, single(name));
            return Optional.of(made);
        } catch (IOException e) {
            made.close();
            try {
                dir.deleteDirectory(single(staging));
            } catch (NoSuchFileException moved) {
                // it was renamed after all
            }
            throw e;
        }
    }

    /** Removes {@code name}: a file or link itself (never a link's target), a folder with everything in it. */
    public void delete(String name) throws IOException {
        Optional<BasicFileAttributes> entry = entry(name);
        if (entry.isEmpty()) {
            throw new NoSuchFileException(name);
        }
        if (entry.get().isDirectory()) {
            try (TrustedTree inside = openFolder(name)) {
                inside.deleteContents();
            } catch (NotDirectoryException swapped) {
                dir.deleteFile(single(name));
                return;
            }
            dir.deleteDirectory(single(name));
        } else {
            dir.deleteFile(single(name));
        }
    }

    /** Removes everything inside this folder, never following a link (a link is removed, not its target). */
    public void deleteContents() throws IOException {
        for (String entryName : names()) {
            try {
                delete(entryName);
            } catch (NoSuchFileException gone) {
                // removed meanwhile
            }
        }
    }

    private boolean sameFile(BasicFileAttributes before, String name) throws IOException {
        Optional<BasicFileAttributes> now = entry(name);
        return now.isPresent() && now.get().isRegularFile() && before.fileKey() != null && before.fileKey().equals(now.get().fileKey());
    }

    /**
     * Opens the folder {@code name} inside. Not with {@code dir.newDirectoryStream}: its open would wait for a
     * writer if a user swapped a fifo in since the caller looked (see {@link OpenWithoutWaiting}).
     */
    private TrustedTree openFolder(String name) throws IOException {
        try {
            Path inside = path.resolve(name).normalize();
            return new TrustedTree(OpenWithoutWaiting.folder(opened, single(name).toString(), inside), inside, false);
        } catch (FileSystemException e) {
            if (e instanceof NoSuchFileException) {
                throw e;
            }
            throw new NotDirectoryException(path.resolve(name) + " is not a folder (a link is not followed)");
        }
    }

    /** One name, never a path: a user's name for an entry cannot climb out with "/" or "..". */
    private static Path single(String name) {
        if (name.isEmpty() || name.contains("/") || name.equals("..") || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not a single file name: " + name);
        }
        return Path.of(name);
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    @Override
    public void close() throws IOException {
        opened.close(); // closing twice is harmless
    }
}
