package org.dtaas.workspace.run;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.dtaas.workspace.process.ProcessGroups;
import org.dtaas.workspace.workspaces.local.RunSandbox;

/**
 * Phase programs as process groups on this machine, in the user's workspace sandbox when there is one,
 * each under its own monitor ({@link MonitoredRun}) so that it outlives a restart of the service.
 */
final class LocalPhaseRunner implements PhaseRunner {

    private final RunSandbox sandbox;
    private final ExecutorService pumps;
    private final Duration stopGrace;

    LocalPhaseRunner(RunSandbox sandbox, ExecutorService pumps, Duration stopGrace) {
        this.sandbox = sandbox;
        this.pumps = pumps;
        this.stopGrace = stopGrace;
    }

    @Override
    public PhaseExecution start(Run run, Path program, Path twinFolder, Map<String, String> environment, RunLog log)
            throws IOException {
        RunSandbox.Prepared prepared = sandbox.prepare(run.user(), program, twinFolder);
        Map<String, String> env = new HashMap<>(environment);
        env.putAll(prepared.paths());
        return MonitoredRun.start(prepared.command(), twinFolder, env, log, pumps);
    }

    @Override
    public java.util.Optional<PhaseExecution> reattach(Run run, RunLog log, java.time.Instant since) {
        return run.pid() == null ? java.util.Optional.empty()
                : MonitoredRun.reattach(run.pid(), run.pidStartedAt(), log, pumps).map(PhaseExecution.class::cast);
    }

    @Override
    public void stopLeftover(Run run) {
        if (run.pid() != null) {
            ProcessGroups.stopLeftover(run.pid(), run.pidStartedAt(), stopGrace);
        }
    }
}
