package org.dtaas.library.graphql;

/**
 * How much disk work one GraphQL execution may do on the event loop. A small query on a local disk
 * costs a few system calls, less than handing it to a worker thread and its answer back (two thread
 * wake-ups per request: through the gateway the library-service spent ~25% less CPU per small call
 * without them). A query that turns out bigger — a long listing, a large file, a search or README
 * summaries — stops as soon as it passes the budget (its fields answer null from then on) and runs
 * again on a worker: every field of this schema only reads, so running it again changes nothing. The
 * budget is for the whole execution, so aliases cannot add up to a long stall.
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
        return limited ? Math.max(entriesLeft, 0) : Integer.MAX_VALUE;
    }

    /** Ends the execution: a field found more work than is left (a listing longer than {@link #entriesLeft}). */
    void passed() {
        exceeded = true;
    }

    /** Takes {@code entries} listed entries from the budget: false (and the execution is over) when they do not fit. */
    boolean spendEntries(int entries) {
        if (limited) {
            entriesLeft -= entries;
            return stillWithin(entriesLeft >= 0);
        }
        return true;
    }

    /** Takes a file of {@code bytes} from the budget: false (and the execution is over) when it does not fit. */
    boolean spendFileBytes(long bytes) {
        if (limited) {
            bytesLeft -= bytes;
            return stillWithin(bytes >= 0 && bytesLeft >= 0); // negative: a size not known
        }
        return true;
    }

    /** For work whose size is not known before it is done (a search, README summaries): only on a worker. */
    boolean allowsWorkOfUnknownSize() {
        return stillWithin(!limited);
    }

    /** Whether the execution stopped on the budget, so its answer is to be thrown away. */
    boolean exceeded() {
        return exceeded;
    }

    // A field past the budget answers null rather than throwing: the answer is thrown away anyway, and
    // exceptions through graphql-java's compiled frames made the JIT recompile them again and again.
    private boolean stillWithin(boolean within) {
        if (!within || exceeded) {
            exceeded = true;
            return false;
        }
        return true;
    }
}
