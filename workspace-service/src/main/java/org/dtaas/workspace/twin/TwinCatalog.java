package org.dtaas.workspace.twin;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.dtaas.workspace.config.WorkspaceConfig;

/**
 * Finds the digital twins of an owner: folders under {@code files/<owner>/digital twins/} (the seed's
 * spelling) or {@code digital_twins/} (newer upstream), with their runnable lifecycle phases and
 * the first paragraph of their README as description.
 */
@ApplicationScoped
public class TwinCatalog {

    static final List<String> TWIN_FOLDERS = List.of("digital twins", "digital_twins");
    private static final int MAX_DESCRIPTION = 300;

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

    /** The first paragraph of README.md that is not a heading, shortened. */
    static String describe(Path twin) {
        Path readme = twin.resolve("README.md");
        if (!Files.isRegularFile(readme)) {
            return "";
        }
        try (var lines = Files.lines(readme)) {
            StringBuilder paragraph = new StringBuilder();
            for (String line : (Iterable<String>) lines.limit(200)::iterator) {
                String text = line.strip();
                if (text.startsWith("#") || text.startsWith("![") || (text.isEmpty() && paragraph.length() == 0)) {
                    continue;
                }
                if (text.isEmpty()) {
                    break;
                }
                paragraph.append(paragraph.length() > 0 ? " " : "").append(text);
            }
            String description = paragraph.toString();
            return description.length() <= MAX_DESCRIPTION ? description : description.substring(0, MAX_DESCRIPTION - 1) + "…";
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }
}
