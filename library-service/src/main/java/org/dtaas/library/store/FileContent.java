package org.dtaas.library.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.dtaas.files.TrustedTree;

/**
 * An existing regular file of the library: name, size, last change (null when the store cannot
 * tell cheaply), and how to read it. A local file is already open: its size is that of the file whose
 * bytes {@link #open} reads, whatever happens to its name meanwhile. Close it when done.
 */
public final class FileContent implements AutoCloseable {

    /** Files up to this size are held in memory by {@link #readableAgain} (a read each pass costs more). */
    static final int SMALL_FILE_BYTES = 16 * 1024;

    /** Opens the file's bytes; the caller closes the stream. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    private final String name;
    private final long size;
    private final Instant modified;
    private final Opener opener;
    private final TrustedTree.OpenedFile local;

    private FileContent(String name, long size, Instant modified, Opener opener, TrustedTree.OpenedFile local) {
        this.name = name;
        this.size = size;
        this.modified = modified;
        this.opener = opener;
        this.local = local;
    }

    /** A file opened in a local folder; its bytes are read from that descriptor, at most its size. */
    public static FileContent local(TrustedTree.OpenedFile opened, String name) {
        return new FileContent(name, opened.size(), opened.modified().toInstant(), null, opened);
    }

    public static FileContent remote(String name, long size, Instant modified, Opener opener) {
        return new FileContent(name, size, modified, opener, null);
    }

    public String name() {
        return name;
    }

    /** Bytes; -1 when unknown (a remote file listed without its size). */
    public long size() {
        return size;
    }

    public Instant modified() {
        return modified;
    }

    /**
     * This file, readable more than once at the cost of a local read: a local file as it is (one of at
     * most {@link #SMALL_FILE_BYTES} copied into memory, when {@code maxBytes} allows); a remote
     * one fetched once (at most {@code maxBytes} + 1 bytes, so a caller can tell that it is larger) into
     * a private temporary file, unlinked as soon as it is open, so nothing is left behind whatever
     * happens. Whoever reads a file in several passes (the GraphQL answer: scan, then {@code rawBlob}
     * and {@code rawTextBlob}) asks GitLab once instead of once a pass. The returned content owns the
     * copy; closing it frees the space.
     */
    public FileContent readableAgain(long maxBytes) throws IOException {
        if (local != null && size <= Math.min(SMALL_FILE_BYTES, maxBytes)) {
            // a small file is read once and the passes read the copy: one pread instead of three (the
            // passes then also see the same bytes, whatever the owner writes into the file meanwhile)
            byte[] bytes;
            try (InputStream in = open()) {
                bytes = in.readNBytes((int) size);
            }
            return new FileContent(name, bytes.length, modified, () -> new ByteArrayInputStream(bytes), null);
        }
        if (local != null) {
            return this;
        }
        // made and opened in one step (O_EXCL: nothing planted under the name, a link included, is used),
        // readable by its owner only, and unlinked at once: the open descriptor is the only way to it
        Path spool = Path.of(System.getProperty("java.io.tmpdir"),
                "dtaas-library-" + java.util.UUID.randomUUID() + ".part");
        FileChannel channel = FileChannel.open(spool, java.util.Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE),
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        try {
            Files.delete(spool);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        try (InputStream in = opener.open()) {
            long copied = new LimitedStream(in, maxBytes + 1).transferTo(Channels.newOutputStream(channel));
            TrustedTree.OpenedFile copy = new TrustedTree.OpenedFile(channel, copied,
                    FileTime.from(modified == null ? Instant.EPOCH : modified));
            return new FileContent(name, copied, modified, null, copy);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The whole file. */
    public InputStream open() throws IOException {
        return local != null ? new ChannelPart(local.channel(), 0, size) : opener.open();
    }

    /** {@code length} bytes from {@code offset} (fewer when the file ends earlier). */
    public InputStream open(long offset, long length) throws IOException {
        if (local != null) {
            return new ChannelPart(local.channel(), offset, length);
        }
        InputStream in = opener.open();
        in.skipNBytes(offset);
        return new LimitedStream(in, length);
    }

    @Override
    public void close() throws IOException {
        if (local != null) {
            local.close();
        }
    }

    /** Reads a range of an open file by position (it never moves the channel, never reads past the range). */
    private static final class ChannelPart extends InputStream {
        private final FileChannel channel;
        private long position;
        private long left;

        ChannelPart(FileChannel channel, long offset, long length) {
            this.channel = channel;
            this.position = offset;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = channel.read(ByteBuffer.wrap(buffer, offset, (int) Math.min(length, left)), position);
            if (n > 0) {
                position += n;
                left -= n;
            }
            return n;
        }

        @Override
        public void close() {
            // the FileContent owns the channel
        }
    }

    /** At most {@code length} bytes of a stream. */
    private static final class LimitedStream extends InputStream {
        private final InputStream in;
        private long left;

        LimitedStream(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
