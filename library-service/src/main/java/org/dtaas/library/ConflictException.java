package org.dtaas.library;

/** The operation would overwrite or contradict what is there (e.g. move onto an existing file): 409. */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
