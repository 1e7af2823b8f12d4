package org.dtaas.library.store;

/** A directory has more entries than the caller of {@link LibraryStore#list(org.dtaas.library.LibraryPath, int)} takes. */
public class ListingTooLongException extends RuntimeException {

    public ListingTooLongException(int maxEntries) {
        super("more than " + maxEntries + " entries", null, false, false);
    }
}
