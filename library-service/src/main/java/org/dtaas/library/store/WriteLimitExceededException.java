package org.dtaas.library.store;

/** An upload is larger than the configured maximum: 413, and nothing was written. */
public class WriteLimitExceededException extends RuntimeException {

    public WriteLimitExceededException(long limit) {
        super("the file is larger than the library's limit of " + limit + " bytes; split it or ask an admin to raise "
                + "dtaas.library.max-file-size");
    }
}
