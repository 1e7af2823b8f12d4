package org.dtaas.library.graphql;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.dtaas.identity.Caller;
import org.dtaas.library.Entry;
import org.dtaas.library.LibraryAccess;
import org.dtaas.library.LibraryPath;
import org.dtaas.library.NoSuchEntryException;
import org.dtaas.library.graphql.GitLabShapes.Blob;
import org.dtaas.library.graphql.GitLabShapes.BlobConnection;
import org.dtaas.library.graphql.GitLabShapes.BlobEdge;
import org.dtaas.library.graphql.GitLabShapes.Project;
import org.dtaas.library.graphql.GitLabShapes.Repository;
import org.dtaas.library.graphql.GitLabShapes.RepositoryBlobConnection;
import org.dtaas.library.graphql.GitLabShapes.Tree;
import org.dtaas.library.graphql.GitLabShapes.TreeConnection;
import org.dtaas.library.graphql.GitLabShapes.TreeEdge;
import org.dtaas.library.graphql.GitLabShapes.TreeEntry;
import org.dtaas.library.store.LibraryStore;

/**
 * The upstream lib microservice's two queries, answered with the same shapes. Unlike upstream, a
 * path must stay inside the caller's own tree or {@code common}, and selecting {@code blobs} on a
 * listing (or {@code tree} on a file) gives an empty list instead of an error. The caller is passed
 * in explicitly because queries run on a worker thread, away from the request that carried the token.
 */
@ApplicationScoped
public class LibraryQueries {

    private final LibraryStore store;
    private final FileReader reader;

    public LibraryQueries(LibraryStore store, FileReader reader) {
        this.store = store;
        this.reader = reader;
    }

    public Project listDirectory(Caller caller, String path) {
        LibraryPath directory = LibraryAccess.readable(caller, LibraryPath.parse(path));
        List<Entry> entries = store.list(directory)
                .orElseThrow(() -> new NoSuchEntryException("no directory " + directory.display()));
        List<BlobEdge> blobs = entries.stream().filter(e -> !e.isDirectory())
                .map(e -> new BlobEdge(new Blob(e.name(), "blob", e.size(), String.valueOf(e.modified())))).toList();
        List<TreeEdge> trees = entries.stream().filter(Entry::isDirectory)
                .map(e -> new TreeEdge(new TreeEntry(e.name(), "tree", String.valueOf(e.modified())))).toList();
        return new Project(new Repository(new Tree(new BlobConnection(blobs), new TreeConnection(trees)),
                new RepositoryBlobConnection(List.of())));
    }

    public Project readFile(Caller caller, String path, InlineMemoryBudget.Reservation reservation) {
        LibraryPath file = LibraryAccess.readable(caller, LibraryPath.parse(path));
        return new Project(new Repository(new Tree(new BlobConnection(List.of()), new TreeConnection(List.of())),
                new RepositoryBlobConnection(List.of(reader.read(file, reservation)))));
    }
}
