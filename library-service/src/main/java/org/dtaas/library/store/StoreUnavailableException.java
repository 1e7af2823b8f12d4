package org.dtaas.library.store;

/** The store's backend (GitLab) did not do what was asked; the message says what to check. → 502 */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
