package org.dtaas.library.graphql;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.dtaas.library.store.FileContent;
import org.jboss.logging.Logger;

/**
 * The files one GraphQL answer inlines ({@code readFile}'s {@code rawBlob}, {@code rawTextBlob}),
 * written into the JSON while it is sent instead of being held in memory: the result carries a
 * placeholder string per value (told apart by identity, so no file content can pass for one), and
 * {@link GraphQLAnswerWriter} streams the file in its place — base64 for binary files, the stripped
 * text for text. A 10 MiB file so costs a 64 KiB buffer, not several copies of itself. The files stay
 * open until the answer is written; {@link #close} closes them (safe more than once).
 */
final class StreamedFiles implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StreamedFiles.class);

    private record Content(FileContent file, TextLayout layout) {
    }

    private final Map<String, Content> placeholders = new IdentityHashMap<>();
    private final List<FileContent> files = new ArrayList<>();
    private boolean closed;

    /** Keeps {@code file} open for the answer (it is closed with this object). */
    synchronized void keepOpen(FileContent file) {
        if (closed) {
            throw new IllegalStateException("the answer was already sent");
        }
        files.add(file);
    }

    /** A placeholder for the file's content as laid out; stands for that content in the answer. */
    @SuppressWarnings("StringOperationCanBeSimplified") // a new instance on purpose: identity is the mark
    synchronized String placeholder(FileContent file, TextLayout layout) {
        String mark = new String("file content of " + file.name());
        placeholders.put(mark, new Content(file, layout));
        return mark;
    }

    /** Writes the JSON value {@code value} stands for, when it is a placeholder of this answer. */
    boolean writeIfPlaceholder(String value, JsonGenerator json) throws IOException {
        Content content;
        synchronized (this) {
            content = placeholders.get(value);
        }
        if (content == null) {
            return false;
        }
        TextLayout layout = content.layout();
        if (layout.text()) {
            // the stripped text's bytes, escaped on the way, straight to the answer's stream: the
            // generator writes the opening quote (and whatever separates it from the value before),
            // hands over what it holds, and writes the closing quote after
            try (InputStream in = content.file().open(layout.start(), layout.length())) {
                json.writeRawValue("\"");
                json.flush();
                JsonStringBytes.write(in, (OutputStream) json.getOutputTarget(), layout.length());
                json.writeRaw('"');
            }
        } else {
            try (InputStream in = content.file().open()) {
                // the standard alphabet with padding and no line breaks, as java.util.Base64.getEncoder()
                json.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, in, -1);
            }
        }
        return true;
    }

    /** Whether the answer is done with its files (sent, or its client gone). */
    synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (FileContent file : files) {
            try {
                file.close();
            } catch (IOException e) {
                LOG.debugf("closing %s: %s", file.name(), e.getMessage());
            }
        }
        files.clear();
        placeholders.clear();
    }
}
