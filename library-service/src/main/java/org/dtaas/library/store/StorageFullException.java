package org.dtaas.library.store;

/** The disk filled up during a write: 507, and the partial file was removed. */
public class StorageFullException extends RuntimeException {

    public StorageFullException() {
        super("the library's disk is full; nothing was saved. Delete files you no longer need or ask an admin for space");
    }
}
