package org.dtaas.workspace.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Starts phase programs somewhere: the local machine (default) or the Kubernetes cluster. */
public interface PhaseRunner {

    /**
     * Starts {@code program} (a host path inside {@code twinFolder}, checked by {@link PhaseProgram}) for
     * {@code run}, its output appended to {@code log}. {@code environment} holds the run's variables; the
     * runner adds where the run sees its files ({@code WORKSPACE}, {@code DTAAS_COMMON}).
     */
    PhaseExecution start(Run run, Path program, Path twinFolder, Map<String, String> environment, RunLog log)
            throws IOException;

    /** The names of the variables this runner adds to a run's own (for its provenance; never their values). */
    default java.util.Set<String> addedVariables() {
        return java.util.Set.of("WORKSPACE", "DTAAS_COMMON");
    }

    /** After a restart: stops what a run that was going left behind. */
    void stopLeftover(Run run);

    /**
     * After a restart: follows a run that went on without the service again, its output from where the
     * log stopped ({@code since}, for runners that can only tell time) appended to {@code log}; empty when
     * that cannot be done (its monitor or Job is gone without an end).
     */
    java.util.Optional<PhaseExecution> reattach(Run run, RunLog log, java.time.Instant since);
}
