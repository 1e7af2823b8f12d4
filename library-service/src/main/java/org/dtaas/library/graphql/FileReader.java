package org.dtaas.library.graphql;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
 * never altered silently. The content is not read here: one pass tells text from binary, and the
 * answer streams the file in ({@link StreamedFiles}). Files above
 * {@code dtaas.library.graphql-max-file-size} are refused with a pointer to the streaming REST download.
 */
@ApplicationScoped
public class FileReader {

    private final LibraryStore store;
    private final long maxBytes;

    public FileReader(LibraryStore store, LibraryConfig config) {
        this.store = store;
        this.maxBytes = config.graphqlMaxFileSize();
    }

    /** The file as a blob; null when it does not fit {@code budget} (the answer is then thrown away). */
    RepositoryBlob read(LibraryPath path, StreamedFiles answer, EventLoopBudget budget) {
        FileContent found = store.file(path).orElseThrow(() -> new NoSuchEntryException("no file " + path.display()));
        answer.keepOpen(found); // closed once the answer is sent
        if (found.size() > maxBytes) {
            throw new FileTooLargeForGraphQLException(path, found.size(), maxBytes);
        }
        if (!budget.spendFileBytes(found.size())) { // before it is scanned
            return null; // past the event loop's budget: the query runs again on a worker
        }
        TextLayout layout;
        FileContent file;
        try {
            // read in up to three passes (scan, rawBlob, rawTextBlob): a GitLab file is fetched once
            file = found.readableAgain(maxBytes);
            if (file != found) {
                answer.keepOpen(file); // the copy
            }
            if (file.size() > maxBytes) { // a remote file whose size was not known before it came
                throw new FileTooLargeForGraphQLException(path, file.size(), maxBytes);
            }
            try (InputStream in = file.open()) {
                layout = TextLayout.of(in, file.size());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String content = answer.placeholder(file, layout);
        return layout.text() ? new RepositoryBlob(file.name(), content, content, "utf-8", file.size())
                : new RepositoryBlob(file.name(), content, "", "base64", file.size());
    }
}
