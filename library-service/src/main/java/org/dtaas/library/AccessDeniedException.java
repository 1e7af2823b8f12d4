package org.dtaas.library;

/** The caller may not read or change this owner's library: 403 over REST, an error over GraphQL. */
public class AccessDeniedException extends RuntimeException {

    public AccessDeniedException(String message) {
        super(message);
    }
}
