package org.dtaas.library.graphql;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Semaphore;

/**
 * readFile returns whole files inside a JSON answer, so each one in flight costs several times its
 * size in heap (bytes, text, JSON). This budget lets only so many file bytes be in flight at once;
 * further readFile calls wait their turn instead of running the service out of memory (sixteen
 * parallel 10 MiB reads did, at -Xmx256m).
 */
@ApplicationScoped
public class InlineMemoryBudget {

    /** KiB of file content that may be inlined at once: about a quarter of a 256 MiB heap at 4x overhead. */
    static final int BUDGET_KIB = 16 * 1024;

    private final Semaphore kib = new Semaphore(BUDGET_KIB, true);

    /** What one GraphQL request holds; released once its answer has been sent. */
    public final class Reservation {
        private int held;

        void reserve(long bytes) throws InterruptedException {
            int wanted = (int) Math.min(BUDGET_KIB, Math.max(1, bytes / 1024));
            kib.acquire(wanted);
            synchronized (this) {
                held += wanted;
            }
        }

        /** Gives back what this request held; safe to call more than once. */
        public synchronized void release() {
            kib.release(held);
            held = 0;
        }
    }

    public Reservation open() {
        return new Reservation();
    }
}
