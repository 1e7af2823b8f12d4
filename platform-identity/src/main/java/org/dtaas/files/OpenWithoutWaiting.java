package org.dtaas.files;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
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
 * Java's stream is made on the folder's descriptor itself when {@code java.base} opens {@code sun.nio.fs}
 * to the platform (the services' jars ask for it with {@code Add-Opens}; tests with {@code --add-opens}):
 * the same calls Java makes for its own streams, but for the open. Without that, through /proc, which
 * costs a path lookup more per folder.
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

    /** A folder, opened at once whatever is there (a fifo fails instead of waiting for a writer). */
    private static final int FOLDER = O_RDONLY | O_DIRECTORY | O_NONBLOCK | O_CLOEXEC;

    /** How a folder opened here becomes Java's stream: chosen once, by what this JVM allows. */
    private static final Adoption ADOPTION = chooseAdoption();

    private OpenWithoutWaiting() {
    }

    /**
     * The real folder {@code name} in {@code parent} (a link is not followed), known as {@code path}. A
     * fifo, a link or anything else that is not a folder fails at once with {@link NotDirectoryException};
     * {@link NoSuchFileException} when there is nothing of that name.
     */
    public static OpenedFolder folder(OpenedFolder parent, String name, Path path) throws IOException {
        return ADOPTION.adopt(open(parent.descriptor(), name, FOLDER | O_NOFOLLOW), path);
    }

    /** The folder at {@code trusted}, a path the user cannot change (links on it are followed). */
    public static OpenedFolder folder(Path trusted) throws IOException {
        return ADOPTION.adopt(open(AT_FDCWD, trusted.toString(), FOLDER), trusted);
    }

    /** The folder at {@code trusted} through /proc, as when Java does not open sun.nio.fs to us (for tests). */
    static OpenedFolder folderThroughProc(Path trusted) throws IOException {
        return ProcAdoption.INSTANCE.adopt(open(AT_FDCWD, trusted.toString(), FOLDER), trusted);
    }

    private static Adoption chooseAdoption() {
        Optional<Adoption> direct = JavaStreamAdoption.ifAllowed();
        if (direct.isPresent()) {
            return direct.get();
        }
        System.getLogger(OpenWithoutWaiting.class.getName()).log(System.Logger.Level.INFO, "folders of users' trees are"
                + " opened through /proc (a few microseconds more each): start Java with"
                + " --add-opens java.base/sun.nio.fs=ALL-UNNAMED to hand them to Java directly");
        return ProcAdoption.INSTANCE;
    }

    /** Whether folders become Java's streams directly (else through /proc, a few microseconds more each). */
    public static boolean adoptsDirectly() {
        return ADOPTION instanceof JavaStreamAdoption;
    }

    /**
     * A folder opened here: Java's stream on it (for everything Java does without waiting: look at,
     * list, open read-write, rename, delete) and the descriptor the folders inside are opened from.
     */
    public static final class OpenedFolder implements java.io.Closeable {
        private final SecureDirectoryStream<Path> stream;
        private final int descriptor;
        /** The descriptor is this object's own (not the stream's, which closes its own). */
        private final boolean ownDescriptor;
        private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

        OpenedFolder(SecureDirectoryStream<Path> stream, int descriptor, boolean ownDescriptor) {
            this.stream = stream;
            this.descriptor = descriptor;
            this.ownDescriptor = ownDescriptor;
        }

        public SecureDirectoryStream<Path> stream() {
            return stream;
        }

        int descriptor() {
            return descriptor;
        }

        @Override
        public void close() throws IOException {
            if (closed.getAndSet(true)) {
                return; // a second close must not close a descriptor number reused meanwhile by someone else
            }
            try {
                stream.close();
            } finally {
                if (ownDescriptor) {
                    OpenWithoutWaiting.close(descriptor);
                }
            }
        }
    }

    /**
     * The regular file {@code name} in {@code folder} (a link is not followed, a fifo or
     * device is not opened for reading), for reading; empty when it is not one (or not there).
     */
    public static Optional<FileChannel> regularFile(OpenedFolder folder, String name) throws IOException {
        return regularFile(folder.descriptor(), name, O_NOFOLLOW);
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

    private static void close(int descriptor) {
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

    /** Makes Java's stream on a folder opened here; the descriptor is the result's (or closed, on failure). */
    private interface Adoption {
        OpenedFolder adopt(int descriptor, Path path) throws IOException;
    }

    /**
     * Java's own stream class built on the descriptor, as {@code SecureDirectoryStream.newDirectoryStream}
     * builds it on the one it opens (dup for the stream's descriptor, fdopendir for its listing).
     */
    private static final class JavaStreamAdoption implements Adoption {
        private final MethodHandle constructor;

        private JavaStreamAdoption(MethodHandle constructor) {
            this.constructor = constructor;
        }

        static Optional<Adoption> ifAllowed() {
            try {
                Class<?> stream = Class.forName("sun.nio.fs.UnixSecureDirectoryStream");
                Class<?> unixPath = Class.forName("sun.nio.fs.UnixPath");
                MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(stream, MethodHandles.lookup());
                return Optional.of(new JavaStreamAdoption(lookup.findConstructor(stream,
                        MethodType.methodType(void.class, unixPath, long.class, int.class, DirectoryStream.Filter.class))));
            } catch (ReflectiveOperationException | RuntimeException notOpened) {
                return Optional.empty(); // java.base does not open sun.nio.fs to us, or another JDK
            }
        }

        @Override
        public OpenedFolder adopt(int descriptor, Path path) throws IOException {
            int streams = -1;
            long listing = 0;
            try {
                streams = Libc.dup(descriptor);
                listing = Libc.fdopendir(descriptor); // the listing now owns the first descriptor
                @SuppressWarnings("unchecked")
                SecureDirectoryStream<Path> stream = (SecureDirectoryStream<Path>) constructor.invoke(path, listing, streams, null);
                return new OpenedFolder(stream, streams, false);
            } catch (LastErrorException e) {
                close(descriptor);
                if (streams >= 0) {
                    close(streams);
                }
                throw new FileSystemException(path.toString(), null, "could not open the folder (errno " + e.getErrorCode() + ")");
            } catch (Throwable unexpected) {
                if (listing != 0) {
                    Libc.closedir(listing);
                } else {
                    close(descriptor);
                }
                if (streams >= 0) {
                    close(streams);
                }
                throw new IllegalStateException("Java's folder stream could not be made", unexpected);
            }
        }
    }

    /** Through /proc/self/fd: an open of "5" there reaches exactly what descriptor 5 is open on. */
    private static final class ProcAdoption implements Adoption {
        /** One for the process (made when first used): it holds /proc/self/fd open. */
        static final ProcAdoption INSTANCE = new ProcAdoption();

        private final SecureDirectoryStream<Path> ownDescriptors;

        private ProcAdoption() {
            try {
                DirectoryStream<Path> stream = Files.newDirectoryStream(Path.of("/proc/self/fd"));
                if (!(stream instanceof SecureDirectoryStream<Path> secure)) {
                    stream.close();
                    throw new IllegalStateException("this platform has no descriptor-relative file access; DTaaS needs Linux");
                }
                ownDescriptors = secure;
            } catch (IOException e) {
                throw new UncheckedIOException("DTaaS needs /proc (Linux): " + e.getMessage(), e);
            }
        }

        @Override
        public OpenedFolder adopt(int descriptor, Path path) throws IOException {
            try {
                return new OpenedFolder((SecureDirectoryStream<Path>) ownDescriptors.newDirectoryStream(
                        Path.of(Integer.toString(descriptor))), descriptor, true);
            } catch (IOException | RuntimeException e) {
                close(descriptor);
                throw e;
            }
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

        static native int dup(int descriptor) throws LastErrorException;

        /** A DIR* (as a number: Java's stream keeps it as one). */
        static native long fdopendir(int descriptor) throws LastErrorException;

        static native int closedir(long listing);
    }
}
