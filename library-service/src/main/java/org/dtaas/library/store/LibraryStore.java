package org.dtaas.library.store;

import java.util.List;
import java.util.Optional;
import org.dtaas.library.Entry;
import org.dtaas.library.LibraryPath;

/**
 * Where library files live. One implementation per backend (a local folder; GitLab); callers
 * have checked access already, a store only guarantees that a path never leaves its owner's tree.
 */
public interface LibraryStore {

    /** The entries of a directory, directories first then by name; empty when there is no such directory. */
    Optional<List<Entry>> list(LibraryPath directory);

    /** The owners (user names and {@code common}) that have a tree in this store. */
    List<String> owners();
}
