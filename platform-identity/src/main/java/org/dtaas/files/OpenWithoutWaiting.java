package org.dtaas.files;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Opens what a user may swap at any moment with an open that cannot wait. Java opens a folder (and a file
 * for reading) with a plain {@code O_RDONLY} open; if the entry is a fifo by then, that open waits for a
 * writer — for ever, if the user wants — holding the platform's thread (an event loop, a worker). A user
 * who swaps a fifo in between the platform's look at an entry and its open gets exactly that. Here the
 * open is the kernel's {@code openat} with {@code O_NONBLOCK} (a fifo opens at once) and, for a folder,
 * {@code O_DIRECTORY} (anything else fails at once); Java then takes over the opened folder or file through
 * {@code /proc/self/fd}, which reaches exactly what was opened, whatever its name is by then.
 * <p>
 * The descriptors returned are the caller's to {@link #close}.
 */
public final class OpenWithoutWaiting {

    private static final int AT_FDCWD = -100;
    private static final int ENOENT = 2;
    private static final int ENOTDIR = 20;
    private static final int ELOOP = 40;
    private static final int O_RDONLY = 0;
    private static final int O_NONBLOCK = 04000;
    private static final int O_CLOEXEC = 02000000;
    private static final int O_DIRECTORY;
    private static final int O_NOFOLLOW;

    static {
        // the two flags that differ between Linux architectures (asm-generic against arm's and powerpc's)
        String arch = System.getProperty("os.arch", "");
        if (arch.equals("amd64") || arch.equals("x86_64") || arch.equals("riscv64") || arch.equals("s390x")) {
            O_DIRECTORY = 0200000;
            O_NOFOLLOW = 0400000;
        } else if (arch.equals("aarch64") || arch.equals("arm") || arch.startsWith("ppc64")) {
            O_DIRECTORY = 040000;
            O_NOFOLLOW = 0100000;
        } else {
            throw new ExceptionInInitializerError("DTaaS runs on Linux on x86_64, aarch64, arm, ppc64, riscv64 or s390x;"
                    + " this machine is " + arch);
        }
    }

    /** This process's descriptors as names: an open of "5" in it reaches what descriptor 5 is open on. */
    private static final SecureDirectoryStream<Path> OWN_DESCRIPTORS = ownDescriptors();

    private OpenWithoutWaiting() {
    }

    /**
     * The real folder {@code name} in the folder open at {@code folder} (a link is not followed): its
     * descriptor. A fifo, a link or anything else that is not a folder fails at once with
     * {@link NotDirectoryException}; {@link NoSuchFileException} when there is nothing of that name.
     */
    public static int folder(int folder, String name) throws IOException {
        return open(folder, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    }

    /** The folder at {@code trusted}, a path the user cannot change (links on it are followed): its descriptor. */
    public static int folder(Path trusted) throws IOException {
        return open(AT_FDCWD, trusted.toString(), O_RDONLY | O_DIRECTORY | O_NONBLOCK | O_CLOEXEC);
    }

    /** A folder stream on the folder open at {@code descriptor} (which stays the caller's to close). */
    public static SecureDirectoryStream<Path> streamOf(int descriptor) throws IOException {
        return (SecureDirectoryStream<Path>) OWN_DESCRIPTORS.newDirectoryStream(Path.of(Integer.toString(descriptor)));
    }

    /**
     * The regular file {@code name} in the folder open at {@code folder} (a link is not followed, a fifo or
     * device is not opened for reading), for reading; empty when it is not one (or not there).
     */
    public static Optional<FileChannel> regularFile(int folder, String name) throws IOException {
        return regularFile(folder, name, O_NOFOLLOW);
    }

    /**
     * The regular file at {@code path} for reading, links on the way followed (the caller has checked where
     * they lead) but not one in place of the file itself; empty when it is not a regular file (or not there).
     */
    public static Optional<FileChannel> regularFile(Path path) throws IOException {
        return regularFile(AT_FDCWD, path.toString(), O_NOFOLLOW);
    }

    private static Optional<FileChannel> regularFile(int folder, String name, int flags) throws IOException {
        int descriptor;
        try {
            descriptor = open(folder, name, O_RDONLY | O_NONBLOCK | O_CLOEXEC | flags);
        } catch (NoSuchFileException | NotDirectoryException gone) {
            return Optional.empty();
        } catch (FileSystemException link) {
            return Optional.empty(); // ELOOP is reported as NotDirectoryException; anything else refused too
        }
        try {
            Path opened = Path.of("/proc/self/fd", Integer.toString(descriptor));
            // what the descriptor is open on (stat through /proc follows to it; nothing is opened)
            if (!Files.readAttributes(opened, BasicFileAttributes.class).isRegularFile()) {
                return Optional.empty();
            }
            // a regular file: opening it again cannot wait, and it is the very file opened above
            return Optional.of(FileChannel.open(opened, StandardOpenOption.READ));
        } finally {
            close(descriptor);
        }
    }

    /** Closes a descriptor this class returned. */
    public static void close(int descriptor) {
        try {
            Libc.close(descriptor);
        } catch (LastErrorException e) {
            // EBADF would be a bug; EINTR/EIO on a folder or read-only file leave nothing to do
        }
    }

    private static int open(int folder, String name, int flags) throws IOException {
        try {
            return Libc.openat(folder, bytesOf(name), flags, 0);
        } catch (LastErrorException e) {
            String shown = folder == AT_FDCWD ? name : "'" + name + "'";
            switch (e.getErrorCode()) {
                case ENOENT:
                    throw new NoSuchFileException(shown);
                case ENOTDIR:
                case ELOOP:
                    throw new NotDirectoryException(shown + " is not a folder (a link is not followed)");
                default:
                    throw new FileSystemException(shown, null, "open failed (errno " + e.getErrorCode() + ")");
            }
        }
    }

    /** The name as the kernel gets it, encoded as Java encodes file names (a NUL ends it). */
    private static byte[] bytesOf(String name) {
        if (name.indexOf('\0') >= 0) {
            throw new InvalidPathException(name, "a file name has no NUL");
        }
        try {
            ByteBuffer encoded = FileNames.CHARSET.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(name));
            byte[] bytes = new byte[encoded.remaining() + 1];
            encoded.get(bytes, 0, bytes.length - 1);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new InvalidPathException(name, "not a file name in this machine's encoding (" + FileNames.CHARSET + ")");
        }
    }

    private static SecureDirectoryStream<Path> ownDescriptors() {
        try {
            DirectoryStream<Path> stream = Files.newDirectoryStream(Path.of("/proc/self/fd"));
            if (stream instanceof SecureDirectoryStream<Path> secure) {
                return secure;
            }
            stream.close();
            throw new IllegalStateException("this platform has no descriptor-relative file access; DTaaS needs Linux");
        } catch (IOException e) {
            throw new UncheckedIOException("DTaaS needs /proc (Linux): " + e.getMessage(), e);
        }
    }

    /** File names are encoded with the charset Java's own file system uses for them. */
    private static final class FileNames {
        static final Charset CHARSET = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
    }

    /** The C library's calls, bound directly (no per-call reflection). */
    private static final class Libc {
        static {
            Native.register(Libc.class, Platform.C_LIBRARY_NAME);
        }

        // openat is variadic in C (the mode); on Linux' ABIs a call with all four arguments is the same call
        static native int openat(int folder, byte[] name, int flags, int mode) throws LastErrorException;

        static native int close(int descriptor) throws LastErrorException;
    }
}
