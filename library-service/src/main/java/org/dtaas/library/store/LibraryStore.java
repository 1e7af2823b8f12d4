package org.dtaas.library.store;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.dtaas.library.Entry;
import org.dtaas.library.LibraryPath;

/**
 * Where library files live. One implementation per backend (a local folder; GitLab); callers
 * have checked access already, a store guarantees that a path never leaves its owner's tree.
 * Writes name their {@code author} (the signed-in user): a GitLab store records it on the commit.
 */
public interface LibraryStore {

    /** The entries of a directory, directories first then by name; empty when there is no such directory. */
    Optional<List<Entry>> list(LibraryPath directory);

    /**
     * {@link #list}, for a caller that must stay quick: a directory of more than {@code maxEntries}
     * entries is refused with {@link ListingTooLongException} before its entries are looked at.
     */
    default Optional<List<Entry>> list(LibraryPath directory, int maxEntries) {
        Optional<List<Entry>> entries = list(directory);
        if (entries.isPresent() && entries.get().size() > maxEntries) {
            throw new ListingTooLongException(maxEntries);
        }
        return entries;
    }

    /**
     * Whether this store answers from a local disk, in microseconds (a GraphQL query on it may then run
     * on the event loop), rather than over a network.
     */
    default boolean readsLocalDisk() {
        return false;
    }

    /** The owners (user names and {@code common}) that have a tree in this store. */
    List<String> owners();

    /** An existing regular file; empty when there is none at that path. */
    Optional<FileContent> file(LibraryPath path);

    /**
     * Stores {@code body} as the file at {@code path}, creating parents. Atomic: readers see the old
     * file or the whole new one, never a part. Returns true when the file is new.
     *
     * @throws WriteLimitExceededException when the body is longer than {@code maxBytes}
     * @throws StorageFullException when the disk fills up
     */
    boolean write(LibraryPath path, InputStream body, long maxBytes, String author);

    /** Creates a directory (and its parents); true when it was created, false when it existed. */
    boolean mkdir(LibraryPath path, String author);

    /** Deletes a file or a whole directory tree (a link is removed, never what it points to). */
    void delete(LibraryPath path, String author);

    /**
     * Makes a regular file executable or not (a twin's lifecycle programs must be). Stores that keep
     * modes elsewhere (a GitLab repository) answer 501.
     */
    default void setExecutable(LibraryPath path, boolean executable, String author) {
        throw new jakarta.ws.rs.WebApplicationException("this library keeps file modes in its repository: change the"
                + " mode there (git update-index --chmod=+x " + path.display() + ")", 501);
    }

    /** Renames or moves a file or directory; the target must not exist. */
    void move(LibraryPath from, LibraryPath to, String author);

    /**
     * Calls {@code visitor} for every regular file under a directory, depth first, with its path
     * relative to that directory ('/'-separated). Links are skipped.
     */
    void forEachFile(LibraryPath directory, FileVisitor visitor);

    /** Receives the files of {@link #forEachFile}. */
    @FunctionalInterface
    interface FileVisitor {
        void visit(String relativePath, FileContent file) throws java.io.IOException;
    }
}
