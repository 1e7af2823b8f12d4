package org.dtaas.library.assets;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.dtaas.assets.AssetKind;
import org.dtaas.assets.ReadmeSummary;
import org.dtaas.library.BadPathException;
import org.dtaas.library.LibraryPath;
import org.dtaas.library.store.FileContent;
import org.dtaas.library.store.LibraryStore;

/** README summaries of asset folders, and the asset kind a library path lies in. */
@ApplicationScoped
public class AssetSummaries {

    private final LibraryStore store;

    public AssetSummaries(LibraryStore store) {
        this.store = store;
    }

    /** The kind whose folder is the first segment of {@code path}, or null outside the kind folders. */
    public static String kindOf(LibraryPath path) {
        return path.segments().isEmpty() ? null
                : AssetKind.ofFolder(path.segments().get(0)).map(AssetKind::id).orElse(null);
    }

    /** The summary of the README.md in {@code folder}; empty when there is none or it is not UTF-8 text. */
    public String summaryOf(LibraryPath folder) {
        Optional<FileContent> readme = child(folder, ReadmeSummary.FILE_NAME).flatMap(store::file);
        if (readme.isEmpty()) {
            return "";
        }
        try (FileContent file = readme.get(); InputStream in = file.open();
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)))) {
            return ReadmeSummary.of(reader);
        } catch (IOException e) {
            return "";
        }
    }

    /** {@code folder/name}; empty when a name on disk is not one a library path may hold (e.g. control characters). */
    public static Optional<LibraryPath> child(LibraryPath folder, String name) {
        try {
            return Optional.of(LibraryPath.parse(folder.display() + "/" + name));
        } catch (BadPathException e) {
            return Optional.empty();
        }
    }
}
