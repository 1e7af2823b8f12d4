package org.dtaas.library.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.dtaas.library.LibraryPath;
import org.jboss.logging.Logger;

/**
 * Where copies came from: each folder that received a copy holds {@value #FILE_NAME}, a JSON map from
 * the copy's name to its origin (the library path copied, the content digest as it was copied, when,
 * by whom). It lives in the owner's tree like any file, so it moves with the library and the web app
 * shows it beside the copy; a copy's digest is {@link org.dtaas.files.ContentDigest}'s, the one a run's
 * provenance records, so "is my twin still the one I copied" is a comparison.
 */
@ApplicationScoped
public class CopyOrigins {

    public static final String FILE_NAME = ".origins.json";

    /** What one copy came from. */
    public record Origin(String from, String type, String sha256, Instant copiedAt, String by) {
    }

    private static final Logger LOG = Logger.getLogger(CopyOrigins.class);
    /** A record larger than this is not read back (a user may write anything there): it starts anew. */
    static final int MAX_BYTES = 1024 * 1024;

    private final LibraryStore store;
    private final ObjectMapper json;

    public CopyOrigins(LibraryStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    /** Notes where {@code copy} came from; a failure is logged, never undoes the copy. */
    public void record(LibraryPath copy, Origin origin) {
        LibraryPath file = beside(copy);
        try {
            Map<String, Origin> origins = read(file);
            origins.put(copy.name(), origin);
            byte[] body = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(origins);
            store.write(file, new ByteArrayInputStream(body), MAX_BYTES, origin.by());
        } catch (IOException | RuntimeException e) {
            LOG.warnf("the origin of the copy %s could not be recorded: %s", copy.display(), e.getMessage());
        }
    }

    private Map<String, Origin> read(LibraryPath file) {
        Optional<FileContent> existing = store.file(file);
        if (existing.isEmpty()) {
            return new LinkedHashMap<>();
        }
        try (FileContent content = existing.get(); InputStream in = content.open()) {
            if (content.size() > MAX_BYTES) {
                return new LinkedHashMap<>();
            }
            return json.readValue(in.readNBytes(MAX_BYTES), new TypeReference<LinkedHashMap<String, Origin>>() { });
        } catch (IOException | RuntimeException unreadable) {
            return new LinkedHashMap<>(); // not ours any more (the user changed it): start anew
        }
    }

    private static LibraryPath beside(LibraryPath copy) {
        return LibraryCopier.sibling(copy, FILE_NAME);
    }
}
