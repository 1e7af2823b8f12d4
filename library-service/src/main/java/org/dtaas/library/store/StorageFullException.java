package org.dtaas.library.store;

/** The disk filled up during a write: 507, and the partial file was removed. */
public class StorageFullException extends RuntimeException {

    public StorageFullException() {
        super("the library's disk is full; nothing was saved. Delete files you no longer need or ask an admin for space");
    }

    /** The owner's own disk is full: they can make room themselves. */
    public StorageFullException(String owner, long diskBytes) {
        super(owner + "'s library is full (its disk holds " + (diskBytes >> 20) + " MiB); nothing was saved."
                + " Delete files you no longer need, or ask an admin for a larger disk (DTAAS_USER_DISK_SIZE)");
    }
}
