package org.dtaas.library.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.dtaas.identity.UserNames;
import org.dtaas.library.BadPathException;
import org.dtaas.library.Entry;
import org.dtaas.library.LibraryPath;
import org.dtaas.library.config.LibraryConfig;

/**
 * The library in a local folder ({@code $DTAAS_HOME/files} unless {@code LOCAL_PATH} says otherwise):
 * {@code <root>/<owner>/...}. A symbolic link is followed only when its target stays inside the
 * same owner's tree, so a link cannot hand out another user's files or the server's.
 */
@ApplicationScoped
public class LocalFolderStore implements LibraryStore {

    private final Path root;

    public LocalFolderStore(LibraryConfig config) {
        this.root = Path.of(config.localPath()).toAbsolutePath().normalize();
    }

    @Override
    public Optional<List<Entry>> list(LibraryPath directory) {
        Optional<Path> dir = resolveExisting(directory);
        if (dir.isEmpty() || !Files.isDirectory(dir.get())) {
            return Optional.empty();
        }
        Path ownerRoot = ownerRoot(directory.owner());
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir.get())) {
            for (Path child : stream) {
                entryOf(child, ownerRoot).ifPresent(entries::add);
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        entries.sort(Comparator.comparing((Entry e) -> !e.isDirectory()).thenComparing(Entry::name));
        return Optional.of(entries);
    }

    @Override
    public List<String> owners() {
        List<String> owners = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path child : stream) {
                String name = child.getFileName().toString();
                if (UserNames.isValidOwner(name)) {
                    owners.add(name);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        owners.sort(Comparator.naturalOrder());
        return owners;
    }

    /** The real location of an existing path, provided it stays in its owner's tree. */
    private Optional<Path> resolveExisting(LibraryPath path) {
        Path ownerRoot = ownerRoot(path.owner());
        Path candidate = ownerRoot;
        for (String segment : path.segments()) {
            candidate = candidate.resolve(segment);
        }
        try {
            Path real = candidate.toRealPath();
            if (!real.startsWith(ownerRoot.toRealPath())) {
                throw new BadPathException("the path leads outside its owner's library through a link");
            }
            return Optional.of(real);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<Entry> entryOf(Path child, Path ownerRoot) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink()) {
            // list a link only when it stays inside the owner's tree, described by its target
            try {
                Path target = child.toRealPath();
                if (!target.startsWith(ownerRoot.toRealPath())) {
                    return Optional.empty();
                }
                attributes = Files.readAttributes(target, BasicFileAttributes.class);
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
        }
        String type = attributes.isDirectory() ? Entry.DIRECTORY : Entry.FILE;
        long size = attributes.isDirectory() ? 0 : attributes.size();
        return Optional.of(new Entry(child.getFileName().toString(), type, size, attributes.lastModifiedTime().toInstant()));
    }

    private Path ownerRoot(String owner) {
        return root.resolve(owner);
    }
}
