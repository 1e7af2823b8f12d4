package org.dtaas.workspace.run;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.dtaas.identity.Caller;
import org.dtaas.identity.UserNames;
import org.dtaas.workspace.process.ServiceCredentials;
import org.dtaas.workspace.config.RunsConfig;
import org.dtaas.workspace.config.WorkspaceConfig;
import org.dtaas.workspace.run.provenance.RunProvenance;
import org.dtaas.workspace.twin.DigitalTwin;
import org.dtaas.workspace.twin.Phase;
import org.dtaas.workspace.twin.TwinCatalog;
import org.jboss.logging.Logger;

/**
 * Runs lifecycle phases of digital twins: checks who may run what, records every run, starts the
 * phase program (a local process under its own monitor, or a Kubernetes Job), follows it to its end
 * (exit, cancel or timeout) and keeps one run at a time per twin. Runs go on while the service
 * restarts (a crash, an upgrade): the next start follows each again — its log from where it was, its
 * end and exit code. A run that cannot be followed again (its monitor or Job is gone without an end)
 * is marked failed ("interrupted") and what it left is stopped: a run whose output is lost must not
 * look as if it succeeded.
 */
@ApplicationScoped
@Startup
public class RunService {

    private static final Logger LOG = Logger.getLogger(RunService.class);
    private final RunRepository runs;
    private final RunLogs logs;
    private final TwinCatalog catalog;
    private final RunsConfig config;
    private final Path files;
    private final RunProvenance provenance;
    /** One run per twin, in the database: every replica and every restart agree. */
    private final TwinLocks locks;
    private final Map<String, Active> active = new ConcurrentHashMap<>();
    /** Where programs run: this machine (in the user's sandbox) or Kubernetes Jobs. */
    private final PhaseRunner runner;
    private final ExecutorService workers = Executors.newCachedThreadPool(daemon("dtaas-run"));
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemon("dtaas-run-timer"));

    /** A run in progress, with what ended it when it was not its own exit. */
    private static final class Active {
        final String twinKey;
        final PhaseExecution process;
        volatile Run run;
        volatile String stoppedBecause;
        volatile RunStatus stoppedAs;
        final java.util.concurrent.CompletableFuture<Void> stopped = new java.util.concurrent.CompletableFuture<>();
        ScheduledFuture<?> timeout;

        Active(String twinKey, PhaseExecution process, Run run) {
            this.twinKey = twinKey;
            this.process = process;
            this.run = run;
        }
    }

    /** {@code runners}: the one of dtaas.runs.backend (LocalPhaseRunner, KubernetesJobRunner) is made. */
    public RunService(RunRepository runs, RunLogs logs, TwinCatalog catalog, RunsConfig config, WorkspaceConfig workspace,
            jakarta.enterprise.inject.Instance<PhaseRunner> runners, TwinLocks locks, RunProvenance provenance) {
        this.runs = runs;
        this.provenance = provenance;
        this.locks = locks;
        this.logs = logs;
        this.catalog = catalog;
        this.config = config;
        this.files = Path.of(workspace.filesPath()).toAbsolutePath().normalize();
        if (!runners.isResolvable()) {
            throw new IllegalArgumentException("dtaas.runs.backend (DTAAS_RUNS_BACKEND) is '" + config.backend()
                    + "'; use local or kubernetes");
        }
        this.runner = runners.get();
    }

    @PostConstruct
    void resumeOrMarkInterruptedRuns() {
        for (Run run : runs.active()) {
            if (resume(run)) {
                continue;
            }
            runner.stopLeftover(run);
            String reason = "interrupted: the workspace-service stopped while this run was going; run the phase again";
            RunLog log = logs.open(run.id());
            log.append("\n[" + reason + "]\n");
            Run interrupted = run.ended(RunStatus.FAILED, null, reason, Instant.now());
            provenance.recordOutputs(interrupted);
            runs.save(interrupted);
            locks.release(run.owner() + "/" + run.twin(), run.id());
            logs.close(run.id());
            LOG.infof("run %s (%s of %s/%s) was interrupted by a restart", run.id(), run.phase(), run.owner(), run.twin());
        }
    }

    /** A run that went on while the service was away (a Job) is followed again, its timeout still counting. */
    private boolean resume(Run run) {
        if (run.status() != RunStatus.RUNNING) {
            return false;
        }
        Instant started = run.startedAt() != null ? run.startedAt() : run.createdAt();
        Instant since = logs.lastWritten(run.id()).orElse(started);
        RunLog log = logs.open(run.id());
        Optional<PhaseExecution> execution;
        try {
            execution = runner.reattach(run, log, since);
        } catch (RuntimeException e) {
            LOG.warnf("run %s could not be followed again: %s", run.id(), e.getMessage());
            execution = Optional.empty();
        }
        if (execution.isEmpty()) {
            return false;
        }
        log.append("\n[the workspace-service restarted; following this run again]\n");
        String twinKey = run.owner() + "/" + run.twin();
        Active entry = new Active(twinKey, execution.get(), run);
        active.put(run.id(), entry);
        stopWhenOutputIsLost(entry, log);
        scheduleTimeout(entry, Duration.between(Instant.now(), started.plus(config.timeout())).toMillis());
        execution.get().onExit().thenRunAsync(() -> finish(entry), workers);
        LOG.infof("run %s (%s of %s/%s) is followed again after a restart", run.id(), run.phase(), run.owner(), run.twin());
        return true;
    }

    /** A run whose output would be lost (a full disk) is stopped and fails, saying why and what to do. */
    private void stopWhenOutputIsLost(Active entry, RunLog log) {
        log.whenOutputLost(why -> workers.execute(() -> stop(entry, RunStatus.FAILED, "stopped: " + why)));
    }

    private void scheduleTimeout(Active entry, long delayMillis) {
        entry.timeout = timers.schedule(() -> stop(entry, RunStatus.FAILED,
                "timed out after " + config.timeout().toSeconds() + " s (dtaas.runs.timeout)"),
                Math.max(delayMillis, 0), TimeUnit.MILLISECONDS);
    }

    /** Runs go on without the service: they are followed again at the next start. */
    void stopAll(@Observes ShutdownEvent event) {
        // detached executions report no end, so nothing records these runs as ended
        active.values().forEach(entry -> entry.process.detach());
        timers.shutdownNow();
        workers.shutdownNow();
    }

    public Run start(Caller caller, String owner, String twinName, String phaseName) {
        checkMayRun(caller, owner);
        Phase phase = Phase.ofFileName(phaseName).orElseThrow(() -> new RunRefusedException(400,
                "phase is one of " + String.join(", ", Phase.fileNames()), null));
        DigitalTwin twin = catalog.twinsOf(owner).stream().filter(t -> t.name().equals(twinName)).findFirst()
                .orElseThrow(() -> new RunRefusedException(404, "no digital twin '" + twinName + "' in " + owner
                        + "'s library (digital twins/<name>/ with lifecycle/ programs)", null));
        Path twinFolder = files.resolve(twin.path());
        Run run = new Run(UUID.randomUUID().toString(), caller.user(), owner, twin.name(), twin.path(), phase.fileName(),
                RunStatus.QUEUED, null, null, Instant.now(), null, null, null, null);
        String twinKey = owner + "/" + twin.name();
        Optional<String> running = locks.acquire(twinKey, run.id());
        if (running.isPresent()) {
            Run current = runs.find(running.get()).orElse(null);
            throw new RunRefusedException(409, "this twin is running " + (current == null ? "a phase" : current.phase())
                    + " (run " + running.get() + "); wait for it or cancel it first", current);
        }
        try {
            Run launched = launch(run, twinFolder, twinKey);
            if (launched.status() != RunStatus.RUNNING && launched.status() != RunStatus.QUEUED) {
                locks.release(twinKey, run.id());
            }
            return launched;
        } catch (RuntimeException e) {
            locks.release(twinKey, run.id());
            throw e;
        }
    }

    private Run launch(Run queued, Path twinFolder, String twinKey) {
        Path program;
        try {
            program = PhaseProgram.of(twinFolder, queued.phase());
        } catch (PhaseProgram.NotRunnableException e) {
            Run failed = queued.ended(RunStatus.FAILED, null, e.getMessage(), Instant.now());
            runs.insert(failed);
            RunLog log = logs.open(failed.id());
            log.append("[" + e.getMessage() + "]\n");
            logs.close(failed.id());
            throw new RunRefusedException(422, e.getMessage(), failed);
        }
        runs.insert(queued);
        RunLog log = logs.open(queued.id());
        Map<String, String> environment = environment(queued);
        java.util.Set<String> variables = new java.util.TreeSet<>(environment.keySet());
        variables.addAll(runner.addedVariables());
        provenance.recordInputs(queued, program.getFileName().toString(), variables);
        PhaseExecution process;
        try {
            process = runner.start(queued, program, twinFolder, environment, log);
        } catch (IOException e) {
            String reason = "the program could not be started: " + e.getMessage();
            log.append("[" + reason + "]\n");
            runs.save(queued.ended(RunStatus.FAILED, null, reason, Instant.now()));
            logs.close(queued.id());
            throw new RunRefusedException(422, reason, runs.find(queued.id()).orElse(null));
        }
        Run running = queued.running(process.pid(), process.pidStartedAt(), Instant.now());
        runs.save(running);
        Active entry = new Active(twinKey, process, running);
        active.put(running.id(), entry);
        stopWhenOutputIsLost(entry, log);
        scheduleTimeout(entry, config.timeout().toMillis());
        process.onExit().thenRunAsync(() -> finish(entry), workers);
        return running;
    }

    private Map<String, String> environment(Run run) {
        // the run's own variables; a local runner adds what the run inherits of this host
        Map<String, String> env = new HashMap<>();
        env.putAll(ServiceCredentials.of(files.resolve(run.user())));
        env.put("DTAAS_USER", run.user());
        env.put("DTAAS_TWIN", run.twin());
        env.put("DTAAS_PHASE", run.phase());
        env.put("DTAAS_RUN_ID", run.id());
        return env;
    }

    private void finish(Active entry) {
        try {
            entry.process.awaitOutput(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (entry.timeout != null) {
            entry.timeout.cancel(false);
        }
        if (entry.stoppedAs != null) {
            // a stopped run ends when all of its processes are gone, not when the first one is
            try {
                entry.stopped.get(config.stopGrace().toMillis() + 5000, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                LOG.warnf("run %s: its processes did not all stop in time", entry.run.id());
            }
        }
        Integer exit = entry.process.exitCode();
        Run ended;
        if (entry.stoppedAs != null) {
            ended = entry.run.ended(entry.stoppedAs, exit, entry.stoppedBecause, Instant.now());
        } else if (exit != null && exit == 0) {
            ended = entry.run.ended(RunStatus.SUCCEEDED, 0, null, Instant.now());
        } else {
            String code = exit == null ? "the program ended without an exit code (see the log)"
                    : "the program ended with exit code " + exit;
            String reason = entry.process.endNote().map(note -> code + "; " + note).orElse(code);
            ended = entry.run.ended(RunStatus.FAILED, exit, reason, Instant.now());
            entry.process.endNote().ifPresent(note -> logs.of(entry.run.id()).append("\n[" + note + "]\n"));
        }
        provenance.recordOutputs(ended); // before the end is told: an ended run's provenance is whole
        runs.save(ended);
        entry.process.forget();
        active.remove(ended.id());
        locks.release(entry.twinKey, ended.id());
        logs.close(ended.id());
    }

    public Run cancel(Caller caller, String id) {
        Run run = get(caller, id);
        Active entry = active.get(id);
        if (entry == null) {
            throw new RunRefusedException(409, "run " + id + " has ended already (" + run.status().id() + ")", run);
        }
        workers.execute(() -> stop(entry, RunStatus.CANCELLED, "cancelled by " + caller.user()));
        return run;
    }

    private void stop(Active entry, RunStatus as, String because) {
        if (entry.stoppedAs != null) {
            return;
        }
        entry.stoppedAs = as;
        entry.stoppedBecause = because;
        logs.of(entry.run.id()).append("\n[" + because + "]\n");
        try {
            entry.process.stop(config.stopGrace());
        } finally {
            entry.stopped.complete(null);
        }
    }

    /** A run the caller may see: their own, or any for admins. */
    public Run get(Caller caller, String id) {
        Optional<Run> run = isRunId(id) ? runs.find(id) : Optional.empty();
        Run found = run.orElseThrow(() -> new RunRefusedException(404, "no run " + id, null));
        if (!found.user().equals(caller.user()) && !caller.admin()) {
            throw new RunRefusedException(403, "this run belongs to " + found.user(), null);
        }
        return found;
    }

    /** A twin's runs, newest first: all of them for admins, one's own for everybody else. */
    public List<Run> history(Caller caller, String owner, String twin) {
        if (!UserNames.isValidOwner(owner)) {
            throw new RunRefusedException(400, "not a user name: " + UserNames.rule(), null);
        }
        if (!caller.mayRead(owner)) {
            throw new RunRefusedException(403, "these digital twins belong to " + owner, null);
        }
        return runs.history(owner, twin, caller.admin() ? null : caller.user(), config.historyLimit());
    }

    /** The processes of {@code user}'s runs in progress on this machine (a published port may be theirs). */
    public List<ProcessHandle> processesOf(String user) {
        return active.values().stream().filter(a -> a.run.user().equals(user)).map(a -> a.process.pid())
                .filter(java.util.Objects::nonNull).flatMap(pid -> ProcessHandle.of(pid).stream()).toList();
    }

    /**
     * The newest runs someone started: {@code user}'s (null: the caller's own); everyone's ({@code user}
     * "*") for admins only. The home page shows a user's, the admin page everyone's.
     */
    public List<Run> recent(Caller caller, String user) {
        String whose = user == null ? caller.user() : user;
        if (!whose.equals(caller.user()) && !caller.admin()) {
            throw new RunRefusedException(403, "you see the runs you started; only admins see other users' runs", null);
        }
        if (whose.equals("*")) {
            return runs.recent(config.historyLimit());
        }
        if (!UserNames.isValidUser(whose)) {
            throw new RunRefusedException(400, "not a user name: " + UserNames.rule(), null);
        }
        return runs.recentOf(whose, config.historyLimit());
    }

    public static boolean isRunId(String id) {
        return id != null && id.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }

    private static void checkMayRun(Caller caller, String owner) {
        if (!UserNames.isValidOwner(owner)) {
            throw new RunRefusedException(400, "not a user name: " + UserNames.rule(), null);
        }
        if (UserNames.COMMON.equals(owner) && !caller.admin()) {
            throw new RunRefusedException(403, "common twins are run by admins; copy the twin into your own library"
                    + " (digital twins/) to run it there", null);
        }
        if (!caller.mayWrite(owner)) {
            throw new RunRefusedException(403, "this digital twin belongs to " + owner, null);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
