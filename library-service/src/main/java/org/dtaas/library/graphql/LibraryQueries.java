package org.dtaas.library.graphql;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.dtaas.assets.AssetKind;
import org.dtaas.identity.Caller;
import org.dtaas.library.assets.Asset;
import org.dtaas.library.assets.AssetSearch;
import org.dtaas.library.assets.AssetSummaries;
import org.dtaas.library.Entry;
import org.dtaas.library.LibraryAccess;
import org.dtaas.library.LibraryPath;
import org.dtaas.library.NoSuchEntryException;
import org.dtaas.library.graphql.GitLabShapes.Blob;
import org.dtaas.library.graphql.GitLabShapes.BlobConnection;
import org.dtaas.library.graphql.GitLabShapes.BlobEdge;
import org.dtaas.library.graphql.GitLabShapes.Project;
import org.dtaas.library.graphql.GitLabShapes.Repository;
import org.dtaas.library.graphql.GitLabShapes.RepositoryBlob;
import org.dtaas.library.graphql.GitLabShapes.RepositoryBlobConnection;
import org.dtaas.library.graphql.GitLabShapes.Tree;
import org.dtaas.library.graphql.GitLabShapes.TreeConnection;
import org.dtaas.library.graphql.GitLabShapes.TreeEdge;
import org.dtaas.library.graphql.GitLabShapes.TreeEntry;
import org.dtaas.library.store.LibraryStore;
import org.dtaas.library.store.ListingTooLongException;

/**
 * The upstream lib microservice's two queries, answered with the same shapes. Unlike upstream, a
 * path must stay inside the caller's own tree or {@code common}, and selecting {@code blobs} on a
 * listing (or {@code tree} on a file) gives an empty list instead of an error. The caller is passed
 * in explicitly because queries may run on a worker thread, away from the request that carried the token.
 */
@ApplicationScoped
public class LibraryQueries {

    private final LibraryStore store;
    private final FileReader reader;
    private final AssetSummaries summaries;
    private final AssetSearch search;

    public LibraryQueries(LibraryStore store, FileReader reader, AssetSummaries summaries, AssetSearch search) {
        this.store = store;
        this.reader = reader;
        this.summaries = summaries;
        this.search = search;
    }

    public Project listDirectory(Caller caller, String path, EventLoopBudget budget) {
        LibraryPath directory = LibraryAccess.readable(caller, LibraryPath.parse(path));
        if (budget.exceeded()) {
            return null; // past the event loop's budget: this answer is thrown away
        }
        List<Entry> entries;
        try {
            entries = store.list(directory, budget.entriesLeft())
                    .orElseThrow(() -> new NoSuchEntryException("no directory " + directory.display()));
        } catch (ListingTooLongException e) { // only with a limited budget
            budget.passed();
            return null;
        }
        if (!budget.spendEntries(entries.size())) {
            return null;
        }
        String prefix = directory.display() + "/";
        List<BlobEdge> blobs = entries.stream().filter(e -> !e.isDirectory())
                .map(e -> new BlobEdge(new Blob(e.name(), "blob", e.size(), modified(e), prefix + e.name(),
                        kindOf(directory, e)))).toList();
        List<TreeEdge> trees = entries.stream().filter(Entry::isDirectory)
                .map(e -> new TreeEdge(new TreeEntry(e.name(), "tree", modified(e), prefix + e.name(),
                        kindOf(directory, e)))).toList();
        return new Project(new Repository(new Tree(new BlobConnection(blobs), new TreeConnection(trees)),
                new RepositoryBlobConnection(List.of())));
    }

    /** The kind of an entry: of the folder it lies in, or its own when it is a kind folder of a root. */
    private static String kindOf(LibraryPath directory, Entry entry) {
        return directory.segments().isEmpty()
                ? AssetKind.ofFolder(entry.name()).filter(k -> entry.isDirectory()).map(AssetKind::id).orElse(null)
                : AssetSummaries.kindOf(directory);
    }

    private static String modified(Entry entry) {
        return entry.modified() == null ? null : entry.modified().toString();
    }

    /** The README summary of a listed folder, read only when a query asks for it. */
    public String summary(Caller caller, TreeEntry entry, EventLoopBudget budget) {
        if (!budget.allowsWorkOfUnknownSize()) {
            return null; // past the event loop's budget: this answer is thrown away
        }
        LibraryPath folder = LibraryAccess.readable(caller, LibraryPath.parse(entry.path()));
        return summaries.summaryOf(folder);
    }

    public List<Asset> searchAssets(Caller caller, String query, String kind, EventLoopBudget budget) {
        if (!budget.allowsWorkOfUnknownSize()) {
            return null; // past the event loop's budget: this answer is thrown away
        }
        return search.search(caller, query, kind);
    }

    public Project readFile(Caller caller, String path, StreamedFiles answer, EventLoopBudget budget) {
        LibraryPath file = LibraryAccess.readable(caller, LibraryPath.parse(path));
        if (budget.exceeded()) {
            return null; // past the event loop's budget: this answer is thrown away
        }
        RepositoryBlob blob = reader.read(file, answer, budget);
        if (blob == null) {
            return null; // past the event loop's budget: this answer is thrown away
        }
        return new Project(new Repository(new Tree(new BlobConnection(List.of()), new TreeConnection(List.of())),
                new RepositoryBlobConnection(List.of(blob))));
    }
}
