package org.dtaas.library;

/** A library path that is malformed or leaves the library: answered with 400 and nothing touched. */
public class BadPathException extends RuntimeException {

    public BadPathException(String message) {
        super(message);
    }
}
