package org.dtaas.library.proposals;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dtaas.files.ContentDigest;
import org.dtaas.library.LibraryPath;
import org.dtaas.library.store.FileContent;
import org.dtaas.library.store.LibraryStore;

/** The files of a library path (a file, or a folder's files) with their digests, read through the store. */
@ApplicationScoped
public class ContentListing {

    private final LibraryStore store;

    public ContentListing(LibraryStore store) {
        this.store = store;
    }

    /** A file (listed under its name) or a folder's files, and the digest of it all. */
    public record Listed(boolean file, List<ContentDigest.Line> lines) {
        public String sha256() {
            return file ? lines.get(0).sha256() : ContentDigest.ofFolder(lines);
        }
    }

    /** Empty when nothing is there. */
    public Optional<Listed> of(LibraryPath path) {
        List<ContentDigest.Line> lines = new ArrayList<>();
        Optional<FileContent> file = store.file(path);
        if (file.isPresent()) {
            try (FileContent content = file.get()) {
                lines.add(new ContentDigest.Line(path.name(), content.size(), digest(content)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Optional.of(new Listed(true, lines));
        }
        if (store.list(path).isEmpty()) {
            return Optional.empty();
        }
        store.forEachFile(path, (relative, content) -> lines.add(new ContentDigest.Line(relative, content.size(), digest(content))));
        return Optional.of(new Listed(false, lines));
    }

    private static String digest(FileContent content) throws IOException {
        MessageDigest digest = ContentDigest.sha256();
        try (InputStream in = new DigestInputStream(content.open(), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return ContentDigest.hex(digest.digest());
    }
}
