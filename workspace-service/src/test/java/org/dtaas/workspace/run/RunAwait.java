package org.dtaas.workspace.run;

import java.time.Duration;

/** Waits for a run recorded in the database to end (tests that restart the service). */
final class RunAwait {

    private RunAwait() {
    }

    static Run awaitEnd(RunRepository runs, String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Run run;
        do {
            run = runs.find(id).orElseThrow();
            if (run.status() != RunStatus.RUNNING) {
                return run;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("run did not end: " + run);
    }
}
