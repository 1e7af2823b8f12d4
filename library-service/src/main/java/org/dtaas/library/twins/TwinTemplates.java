package org.dtaas.library.twins;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.dtaas.assets.ReadmeSummary;
import org.dtaas.library.config.LibraryConfig;

/**
 * The templates a new twin starts from: the folders of the platform's template folder (by default the
 * installation's example twins), each with a README and lifecycle programs. The folder is the
 * platform's own, not a user's, but links in it are still neither listed nor followed.
 */
@ApplicationScoped
public class TwinTemplates {

    /** A template as the web app offers it: its folder name, the README's title and first paragraph. */
    public record Template(String name, String title, String description) {
    }

    private final Optional<Path> folder;

    public TwinTemplates(LibraryConfig config) {
        this.folder = config.twinTemplates().map(p -> Path.of(p).toAbsolutePath().normalize());
    }

    public List<Template> list() {
        List<Template> templates = new ArrayList<>();
        if (folder.isEmpty() || !Files.isDirectory(folder.get())) {
            return templates;
        }
        try (Stream<Path> entries = Files.list(folder.get())) {
            entries.filter(TwinTemplates::isTemplateFolder).sorted().forEach(f -> templates.add(describe(f)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return templates;
    }

    /** The folder of the template {@code name}: one of the listed names, never a path built from input. */
    public Optional<Path> folderOf(String name) {
        return list().stream().filter(t -> t.name().equals(name)).findFirst().map(t -> folder.get().resolve(t.name()));
    }

    private static boolean isTemplateFolder(Path candidate) {
        String name = candidate.getFileName().toString();
        return !name.startsWith(".") && Files.isDirectory(candidate, LinkOption.NOFOLLOW_LINKS);
    }

    private static Template describe(Path template) {
        String name = template.getFileName().toString();
        Path readme = template.resolve(ReadmeSummary.FILE_NAME);
        if (!Files.isRegularFile(readme, LinkOption.NOFOLLOW_LINKS)) {
            return new Template(name, name, "");
        }
        try (BufferedReader title = Files.newBufferedReader(readme, StandardCharsets.UTF_8);
                BufferedReader summary = Files.newBufferedReader(readme, StandardCharsets.UTF_8)) {
            String first = title.readLine();
            String heading = first != null && first.startsWith("# ") ? first.substring(2).strip() : name;
            return new Template(name, heading, ReadmeSummary.of(summary));
        } catch (IOException e) {
            return new Template(name, name, "");
        }
    }
}
