package org.dtaas.library.graphql;

/**
 * How much disk work one GraphQL execution may do on the event loop. A small query on a local disk
 * costs a few system calls, less than handing it to a worker thread and its answer back (two thread
 * wake-ups per request: through the gateway the library-service spent ~25% less CPU per small call
 * without them). A query that turns out bigger — a long listing, a large file, a search or README
 * summaries — stops as soon as it passes the budget and runs again on a worker: every field of this
 * schema only reads, so running it again changes nothing. The budget is for the whole execution, so
 * aliases cannot add up to a long stall.
 */
final class EventLoopBudget {

    /** Entries of all listings together: each costs a stat. */
    static final int MAX_ENTRIES = 256;
    /** Bytes of all inlined files together: each is scanned once and sent from memory. */
    static final long MAX_FILE_BYTES = 64 * 1024;

    private final boolean limited;
    private int entriesLeft = MAX_ENTRIES;
    private long bytesLeft = MAX_FILE_BYTES;
    private boolean exceeded; // one execution, one thread: graphql-java calls our (synchronous) fields in turn

    private EventLoopBudget(boolean limited) {
        this.limited = limited;
    }

    /** For an execution on the event loop. */
    static EventLoopBudget forEventLoop() {
        return new EventLoopBudget(true);
    }

    /** For an execution on a worker: no limit. */
    static EventLoopBudget unlimited() {
        return new EventLoopBudget(false);
    }

    /** How many entries a listing may still have; more must not even be looked at. */
    int entriesLeft() {
        return limited ? entriesLeft : Integer.MAX_VALUE;
    }

    void spendEntries(int entries) {
        if (limited) {
            entriesLeft -= entries;
            requireLeft(entriesLeft >= 0);
        }
    }

    void spendFileBytes(long bytes) {
        if (limited) {
            bytesLeft -= bytes;
            requireLeft(bytesLeft >= 0);
        }
    }

    /** For work whose size is not known before it is done (a search, README summaries). */
    void workerOnly() {
        requireLeft(!limited);
    }

    /** Whether the execution stopped on the budget, so its answer is to be thrown away. */
    boolean exceeded() {
        return exceeded;
    }

    private void requireLeft(boolean left) {
        if (!left || exceeded) {
            exceeded = true;
            throw new NeedsWorker();
        }
    }

    /** Stops a field that passed the budget; never reaches a client (the execution runs again). */
    static final class NeedsWorker extends RuntimeException {
        NeedsWorker() {
            super("more work than the event loop takes", null, false, false);
        }
    }
}
