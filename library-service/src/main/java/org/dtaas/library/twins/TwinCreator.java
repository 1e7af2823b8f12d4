package org.dtaas.library.twins;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.stream.Stream;
import org.dtaas.assets.AssetKind;
import org.dtaas.assets.ReadmeSummary;
import org.dtaas.library.LibraryPath;
import org.dtaas.library.NoSuchEntryException;
import org.dtaas.library.store.LibraryCopier;
import org.dtaas.library.store.LibraryCopier.Copied;
import org.dtaas.library.store.LibraryStore;

/**
 * Makes a new twin in an owner's library from a template: the template's files, streamed, with its
 * lifecycle programs executable, and its README titled with the new name. The twin appears whole or
 * not at all, and never over something that exists (see {@link LibraryCopier#intoPlace}).
 */
@ApplicationScoped
public class TwinCreator {

    /** A README larger than this is copied as it is, not retitled (templates' READMEs are a few kB). */
    static final long RETITLE_LIMIT = 256 * 1024;

    private final TwinTemplates templates;
    private final LibraryCopier copier;
    private final LibraryStore store;

    public TwinCreator(TwinTemplates templates, LibraryCopier copier, LibraryStore store) {
        this.templates = templates;
        this.copier = copier;
        this.store = store;
    }

    /** {@code owner} is writable for the author (checked by the caller of this). */
    public Copied create(String owner, String name, String template, String author) {
        TwinName.check(name);
        Path source = templates.folderOf(template == null ? "" : template).orElseThrow(() -> new NoSuchEntryException(
                "no template '" + template + "'; the templates are " + templates.list().stream()
                        .map(TwinTemplates.Template::name).toList() + " (GET /api/library/templates)"));
        LibraryPath twin = new LibraryPath(owner, List.of(twinsFolderOf(owner), name));
        return copier.intoPlace(twin, true, author, (partial, files, bytes) -> {
            store.mkdir(partial, author);
            try (Stream<Path> walk = Files.walk(source)) { // a walk does not follow links
                for (Path file : (Iterable<Path>) walk.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))::iterator) {
                    String relative = source.relativize(file).toString();
                    LibraryPath target = LibraryCopier.child(partial, relative);
                    byte[] retitled = retitledReadme(file, relative, name);
                    try (InputStream in = retitled != null ? new ByteArrayInputStream(retitled)
                            : Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                        copier.write(target, in, retitled != null ? retitled.length : Files.size(file), author, files, bytes);
                    }
                    if (Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_EXECUTE) || isProgram(file, relative)) {
                        copier.keepExecutable(target, author);
                    }
                }
            }
        });
    }

    /**
     * A script of the twin's lifecycle folder ({@code #!} first): a program, whatever mode the template's
     * copy has (a build that packs the templates may not keep modes); a sourced helper has no {@code #!}.
     */
    private static boolean isProgram(Path file, String relative) throws IOException {
        if (!relative.startsWith("lifecycle/") || relative.indexOf('/', "lifecycle/".length()) >= 0) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] start = in.readNBytes(2);
            return start.length == 2 && start[0] == '#' && start[1] == '!';
        }
    }

    /** The spelling of the twins' folder this owner uses: {@code digital_twins} only when that is the one there. */
    private String twinsFolderOf(String owner) {
        List<String> spellings = AssetKind.DIGITAL_TWINS.folders();
        boolean seedSpelling = store.list(new LibraryPath(owner, List.of(spellings.get(0)))).isPresent();
        boolean newerSpelling = store.list(new LibraryPath(owner, List.of(spellings.get(1)))).isPresent();
        return newerSpelling && !seedSpelling ? spellings.get(1) : spellings.get(0);
    }

    /** The README with the twin's name as its first heading, so the library shows it; null for other files. */
    private static byte[] retitledReadme(Path file, String relative, String name) throws IOException {
        if (!relative.equals(ReadmeSummary.FILE_NAME) || Files.size(file) > RETITLE_LIMIT) {
            return null;
        }
        String readme = Files.readString(file, StandardCharsets.UTF_8);
        String retitled = readme.startsWith("# ") ? "# " + name + readme.substring(readme.indexOf('\n') < 0
                ? readme.length() : readme.indexOf('\n')) : "# " + name + "\n\n" + readme;
        return retitled.getBytes(StandardCharsets.UTF_8);
    }
}
