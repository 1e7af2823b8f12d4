package org.dtaas.library;

/** Nothing (or not the expected kind of thing) is at a library path: 404 over REST. */
public class NoSuchEntryException extends RuntimeException {

    public NoSuchEntryException(String message) {
        super(message);
    }
}
