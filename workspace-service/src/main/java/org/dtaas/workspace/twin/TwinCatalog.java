package org.dtaas.workspace.twin;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.dtaas.assets.AssetKind;
import org.dtaas.assets.ReadmeSummary;
import org.dtaas.workspace.config.WorkspaceConfig;

/**
 * Finds the digital twins of an owner: folders under {@code files/<owner>/digital twins/} (the seed's
 * spelling) or {@code digital_twins/} (newer upstream), with their runnable lifecycle phases and
 * the first paragraph of their README as description.
 */
@ApplicationScoped
public class TwinCatalog {

    static final List<String> TWIN_FOLDERS = AssetKind.DIGITAL_TWINS.folders();

    private final Path files;

    public TwinCatalog(WorkspaceConfig config) {
        this.files = Path.of(config.filesPath()).toAbsolutePath().normalize();
    }

    public List<DigitalTwin> twinsOf(String owner) {
        List<DigitalTwin> twins = new ArrayList<>();
        for (String folder : TWIN_FOLDERS) {
            Path dir = files.resolve(owner).resolve(folder);
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, p -> Files.isDirectory(p) && !Files.isSymbolicLink(p))) {
                for (Path twin : stream) {
                    String name = twin.getFileName().toString();
                    if (!name.startsWith(".")) {
                        twins.add(new DigitalTwin(name, owner + "/" + folder + "/" + name, phasesOf(twin), describe(twin)));
                    }
                }
            } catch (NoSuchFileException e) {
                // this spelling is not used by this owner
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        twins.sort(Comparator.comparing(DigitalTwin::name));
        return twins;
    }

    private static List<String> phasesOf(Path twin) {
        Path lifecycle = twin.resolve("lifecycle");
        List<String> phases = new ArrayList<>();
        for (Phase phase : Phase.values()) {
            Path program = lifecycle.resolve(phase.fileName());
            if (Files.isRegularFile(program)) {
                phases.add(phase.fileName());
            }
        }
        return phases;
    }

    /** The first paragraph of README.md (see {@link ReadmeSummary}); empty without a readable one. */
    static String describe(Path twin) {
        Path readme = twin.resolve(ReadmeSummary.FILE_NAME);
        if (!Files.isRegularFile(readme)) {
            return "";
        }
        try (BufferedReader reader = Files.newBufferedReader(readme)) {
            return ReadmeSummary.of(reader);
        } catch (IOException | UncheckedIOException e) {
            return ""; // not UTF-8 or unreadable: the twin is still listed
        }
    }
}
