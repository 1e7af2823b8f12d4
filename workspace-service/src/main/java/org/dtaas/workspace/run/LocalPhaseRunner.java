package org.dtaas.workspace.run;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.dtaas.workspace.process.ProcessGroups;
import org.dtaas.workspace.workspaces.local.RunSandbox;

/**
 * Phase programs as process groups on this machine, in the user's workspace sandbox when there is one,
 * each under its own monitor ({@link MonitoredRun}) so that it outlives a restart of the service.
 * Chosen by {@code dtaas.runs.backend=local}.
 */
@jakarta.inject.Singleton
@io.quarkus.arc.lookup.LookupIfProperty(name = "dtaas.runs.backend", stringValue = "local")
public class LocalPhaseRunner implements PhaseRunner {

    /** The service's variables a local run inherits (they describe this host; a Job's image has its own). */
    static final java.util.List<String> HOST_VARIABLES = java.util.List.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "JAVA_HOME",
            "TMPDIR", "USER", "LOGNAME", "SHELL");

    private final RunSandbox sandbox;
    private final ExecutorService pumps;
    private final Duration stopGrace;

    @jakarta.inject.Inject
    LocalPhaseRunner(org.dtaas.workspace.config.WorkspaceConfig workspace, org.dtaas.workspace.config.RunsConfig config) {
        this(new RunSandbox(workspace), java.util.concurrent.Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "dtaas-run-output");
            thread.setDaemon(true);
            return thread;
        }), config.stopGrace());
    }

    LocalPhaseRunner(RunSandbox sandbox, ExecutorService pumps, Duration stopGrace) {
        this.sandbox = sandbox;
        this.pumps = pumps;
        this.stopGrace = stopGrace;
    }

    @Override
    public java.util.Set<String> addedVariables() {
        java.util.Set<String> names = new java.util.TreeSet<>(List.of("WORKSPACE", "DTAAS_COMMON", "PATH"));
        HOST_VARIABLES.stream().filter(name -> System.getenv(name) != null).forEach(names::add);
        return names;
    }

    @Override
    public PhaseExecution start(Run run, Path program, Path twinFolder, Map<String, String> environment, RunLog log)
            throws IOException {
        RunSandbox.Prepared prepared = sandbox.prepare(run.user(), program, twinFolder);
        Map<String, String> env = new HashMap<>();
        for (String name : HOST_VARIABLES) {
            String value = System.getenv(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        env.putAll(environment);
        env.putAll(prepared.paths());
        return MonitoredRun.start(prepared.command(), twinFolder, env, log, prepared.outputFolder(), pumps);
    }

    @Override
    public java.util.Optional<PhaseExecution> reattach(Run run, RunLog log, java.time.Instant since) {
        return run.pid() == null ? java.util.Optional.empty()
                : MonitoredRun.reattach(run.pid(), run.pidStartedAt(), log, sandbox.outputFolder(run.user()).stream().toList(),
                        pumps).map(PhaseExecution.class::cast);
    }

    @Override
    public void stopLeftover(Run run) {
        if (run.pid() != null) {
            ProcessGroups.stopLeftover(run.pid(), run.pidStartedAt(), stopGrace);
        }
    }
}
