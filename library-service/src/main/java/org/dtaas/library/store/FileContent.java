package org.dtaas.library.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * An existing regular file of the library: name, size, last change (null when the store cannot
 * tell cheaply), and how to read it. A local store also gives the file's real location, so that
 * downloads can be sent by the kernel (sendfile) instead of being copied through the heap.
 */
public record FileContent(String name, long size, Instant modified, Path localFile, Opener opener) {

    /** Opens the file's bytes; the caller closes the stream. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    public static FileContent local(Path location, String name, long size, Instant modified) {
        return new FileContent(name, size, modified, location, () -> Files.newInputStream(location));
    }

    public static FileContent remote(String name, long size, Instant modified, Opener opener) {
        return new FileContent(name, size, modified, null, opener);
    }

    public InputStream open() throws IOException {
        return opener.open();
    }

    /** Where the file is on this machine's disk, when it is on it. */
    public Optional<Path> local() {
        return Optional.ofNullable(localFile);
    }
}
