package org.dtaas.workspace.twin;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.dtaas.assets.AssetKind;
import org.dtaas.assets.ReadmeSummary;
import org.dtaas.files.TrustedTree;
import org.dtaas.workspace.config.WorkspaceConfig;

/**
 * Finds the digital twins of an owner: folders under {@code files/<owner>/digital twins/} (the seed's
 * spelling) or {@code digital_twins/} (newer upstream), with their runnable lifecycle phases and
 * the first paragraph of their README as description.
 */
@ApplicationScoped
public class TwinCatalog {

    static final List<String> TWIN_FOLDERS = AssetKind.DIGITAL_TWINS.folders();

    /** A summary needs the start of a README only; a huge one is not read whole. */
    static final int README_LIMIT = 64 * 1024;

    private final Path files;

    public TwinCatalog(WorkspaceConfig config) {
        this.files = Path.of(config.filesPath()).toAbsolutePath().normalize();
    }

    /**
     * The owner's twins. The owner's programs write this tree, so it is read through {@link TrustedTree}:
     * a link planted as a twin, its lifecycle folder, a program or its README is not followed.
     */
    public List<DigitalTwin> twinsOf(String owner) {
        List<DigitalTwin> twins = new ArrayList<>();
        Path ownerFolder = files.resolve(owner);
        if (!Files.isDirectory(ownerFolder, LinkOption.NOFOLLOW_LINKS)) {
            return twins;
        }
        try (TrustedTree library = TrustedTree.open(ownerFolder)) {
            for (String folder : TWIN_FOLDERS) {
                Optional<TrustedTree> kind = library.folder(folder);
                if (kind.isEmpty()) {
                    continue; // this spelling is not used by this owner
                }
                try (TrustedTree twinsFolder = kind.get()) {
                    for (String name : twinsFolder.names()) {
                        if (name.startsWith(".")) {
                            continue;
                        }
                        Optional<TrustedTree> twin = twinsFolder.folder(name);
                        if (twin.isPresent()) {
                            try (TrustedTree t = twin.get()) {
                                twins.add(new DigitalTwin(name, owner + "/" + folder + "/" + name, phasesOf(t), describe(t)));
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        twins.sort(Comparator.comparing(DigitalTwin::name));
        return twins;
    }

    private static List<String> phasesOf(TrustedTree twin) throws IOException {
        List<String> phases = new ArrayList<>();
        Optional<TrustedTree> lifecycle = twin.folder("lifecycle");
        if (lifecycle.isEmpty()) {
            return phases;
        }
        try (TrustedTree programs = lifecycle.get()) {
            for (Phase phase : Phase.values()) {
                if (programs.entry(phase.fileName()).filter(BasicFileAttributes::isRegularFile).isPresent()) {
                    phases.add(phase.fileName());
                }
            }
        }
        return phases;
    }

    /** The first paragraph of README.md (see {@link ReadmeSummary}); empty without a readable one. */
    static String describe(TrustedTree twin) {
        try {
            Optional<String> readme = twin.readText(ReadmeSummary.FILE_NAME, README_LIMIT);
            return readme.isEmpty() ? "" : ReadmeSummary.of(new BufferedReader(new StringReader(readme.get())));
        } catch (IOException | UncheckedIOException e) {
            return ""; // unreadable: the twin is still listed
        }
    }
}
