package org.dtaas.library.graphql;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import org.dtaas.library.LibraryPath;
import org.dtaas.library.NoSuchEntryException;
import org.dtaas.library.config.LibraryConfig;
import org.dtaas.library.graphql.GitLabShapes.RepositoryBlob;
import org.dtaas.library.store.FileContent;
import org.dtaas.library.store.LibraryStore;

/**
 * Turns a file into the upstream's {@code RepositoryBlob}. The rule for bytes that are not text:
 * a file that is valid UTF-8 without NUL bytes is text, and {@code rawBlob} = {@code rawTextBlob}
 * = the text, trimmed as upstream does; anything else is binary, {@code rawBlob} is its standard
 * base64 (untrimmed), {@code rawTextBlob} is empty and {@code encoding} says "base64". Bytes are
 * never altered silently. Files above {@code dtaas.library.graphql-max-file-size} are refused with
 * a pointer to the streaming REST download.
 */
@ApplicationScoped
public class FileReader {

    private static final int CHUNK = 64 * 1024;

    private final LibraryStore store;
    private final long maxBytes;

    public FileReader(LibraryStore store, LibraryConfig config) {
        this.store = store;
        this.maxBytes = config.graphqlMaxFileSize();
    }

    RepositoryBlob read(LibraryPath path, InlineMemoryBudget.Reservation reservation) {
        try (FileContent file = store.file(path).orElseThrow(() -> new NoSuchEntryException("no file " + path.display()))) {
            return read(path, file, reservation);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private RepositoryBlob read(LibraryPath path, FileContent file, InlineMemoryBudget.Reservation reservation) {
        if (file.size() > maxBytes) {
            throw new FileTooLargeForGraphQLException(path, file.size(), maxBytes);
        }
        try {
            reservation.reserve(file.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to read " + path.display(), e);
        }
        byte[] bytes = readInChunks(file);
        String text = asText(bytes);
        if (text != null) {
            String trimmed = text.strip();
            return new RepositoryBlob(file.name(), trimmed, trimmed, "utf-8", file.size());
        }
        return new RepositoryBlob(file.name(), Base64.getEncoder().encodeToString(bytes), "", "base64", file.size());
    }

    /**
     * Reads the file in 64 KiB steps. {@code Files.readAllBytes} reads in one call, and the JDK then
     * keeps a direct buffer of the file's size cached in every worker thread: with a few 10 MiB files
     * that alone exhausted the direct memory of a 256 MiB service.
     */
    private static byte[] readInChunks(FileContent file) {
        try (InputStream in = file.open()) {
            byte[] bytes = new byte[(int) file.size()];
            int offset = 0;
            while (offset < bytes.length) {
                int n = in.read(bytes, offset, Math.min(CHUNK, bytes.length - offset));
                if (n < 0) {
                    return java.util.Arrays.copyOf(bytes, offset); // the file shrank while being read
                }
                offset += n;
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text when {@code bytes} are UTF-8 without NUL; null for binary content. */
    static String asText(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return null;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
