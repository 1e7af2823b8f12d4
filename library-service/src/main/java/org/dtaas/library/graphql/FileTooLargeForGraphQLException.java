package org.dtaas.library.graphql;

import org.dtaas.library.LibraryPath;

/** readFile inlines whole files, so it stops at a size and points to the streaming download. */
public class FileTooLargeForGraphQLException extends RuntimeException {

    public FileTooLargeForGraphQLException(LibraryPath path, long size, long limit) {
        super(path.display() + " has " + size + " bytes, more than readFile returns (" + limit
                + "); download it with GET /api/library/raw/" + path.display());
    }
}
