package org.dtaas.workspace.run;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A phase program that was started: on this machine (a process group) or on Kubernetes (a Job). */
public interface PhaseExecution {

    /** The local process's pid, kept so a restart can stop what a crash left; null for a Job. */
    Long pid();

    Long pidStartedAt();

    /** Completes when the program has ended. */
    CompletableFuture<?> onExit();

    /** Waits (briefly) for output still on its way after the program ended. */
    void awaitOutput(long millis) throws InterruptedException;

    /** The exit code, once ended (null when unknown, e.g. a Job whose pod was never scheduled). */
    Integer exitCode();

    /** Stops the program and everything it started; TERM first, KILL after {@code grace}. */
    void stop(Duration grace);

    /** What else explains a failed end (a full disk), once ended. */
    default java.util.Optional<String> endNote() {
        return java.util.Optional.empty();
    }

    /** The run's end is recorded: what was kept only to follow it after a restart can go. */
    default void forget() {
    }

    /** The service is going away but the program goes on: stop following it, report nothing. */
    default void detach() {
    }
}
