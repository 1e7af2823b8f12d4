package org.dtaas.workspace.workspaces.local;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import org.dtaas.workspace.config.WorkspaceConfig;
import org.dtaas.workspace.workspaces.ToolRoute;
import org.dtaas.workspace.workspaces.ToolStatus;
import org.dtaas.workspace.workspaces.WorkspaceEvent;
import org.dtaas.workspace.workspaces.WorkspaceState;
import org.dtaas.workspace.workspaces.WorkspaceStatus;
import org.jboss.logging.Logger;

/**
 * One user's workspace on this machine: the state machine
 * {@code stopped -> starting -> running -> stopping -> stopped} (or {@code failed}), the tools'
 * supervised programs, their readiness, and the events the user is shown.
 */
final class LocalWorkspace {

    private static final Logger LOG = Logger.getLogger(LocalWorkspace.class);
    private static final int MAX_EVENTS = 50;

    /** A tool running in this workspace, with its programs and whether it answers. */
    private static final class RunningTool {
        final ToolInstance instance;
        final List<SupervisedProcess> processes = new ArrayList<>();
        volatile boolean ready;
        volatile boolean signedIn;
        volatile String reason;

        RunningTool(ToolInstance instance) {
            this.instance = instance;
        }
    }

    private final WorkspaceLayout layout;
    private final List<LocalTool> tools;
    private final Sandbox sandbox;
    private final PortAllocator.Lease ports;
    private final WorkspaceConfig.Local settings;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService starter;
    private final Deque<WorkspaceEvent> events = new ArrayDeque<>();
    private final List<RunningTool> running = new ArrayList<>();

    private WorkspaceState state = WorkspaceState.STOPPED;
    private String reason;
    private Instant startedAt;
    private Instant lastUse = Instant.now();

    LocalWorkspace(WorkspaceLayout layout, List<LocalTool> tools, Sandbox sandbox, PortAllocator.Lease ports,
            WorkspaceConfig.Local settings, HttpClient http, ScheduledExecutorService scheduler, ExecutorService starter) {
        this.layout = layout;
        this.tools = tools;
        this.sandbox = sandbox;
        this.ports = ports;
        this.settings = settings;
        this.http = http;
        this.scheduler = scheduler;
        this.starter = starter;
    }

    String user() {
        return layout.user();
    }

    synchronized WorkspaceState state() {
        return state;
    }

    synchronized void touch() {
        lastUse = Instant.now();
    }

    /** In use although no tool was ({@code why}: a twin runs): counted as used now, and the events say why. */
    void keep(String why) {
        touch();
        event(why);
    }

    /** Starts every installed tool; readiness is awaited in the background. */
    synchronized void start(String why) {
        if (state.active() || state == WorkspaceState.STOPPING) {
            return;
        }
        state = WorkspaceState.STARTING;
        reason = null;
        startedAt = Instant.now();
        lastUse = startedAt;
        running.clear();
        event(why);
        try {
            sandbox.ensureDisk(user());
            layout.prepare();
            for (LocalTool tool : tools) {
                if (tool.unavailableReason().isPresent()) {
                    continue;
                }
                RunningTool runningTool = new RunningTool(tool.prepare(layout, ports));
                running.add(runningTool);
                for (ProcessSpec spec : runningTool.instance.processes()) {
                    SupervisedProcess process = new SupervisedProcess(spec,
                            sandbox.wrap(layout, spec.command(), runningTool.instance.readOnlyBinds()),
                            layout.logs().resolve(spec.name() + ".log"), scheduler, this::event,
                            settings.maxRestarts(), settings.restartWindow());
                    runningTool.processes.add(process);
                    process.start();
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "workspace of %s failed to start", user());
            stopProcesses();
            fail("a tool could not be started: " + e.getMessage());
            return;
        }
        if (running.isEmpty()) {
            fail("no workspace tool is installed on this machine: run ./dtaas up (it installs the workspace tools)");
            return;
        }
        Instant started = startedAt;
        starter.submit(() -> awaitReady(started));
    }

    private void awaitReady(Instant startedAtThen) {
        long deadline = System.nanoTime() + settings.startTimeout().toNanos();
        List<RunningTool> waiting;
        synchronized (this) {
            waiting = new ArrayList<>(running);
        }
        while (System.nanoTime() < deadline) {
            synchronized (this) {
                if (state != WorkspaceState.STARTING || startedAt != startedAtThen) {
                    return; // stopped meanwhile
                }
            }
            waiting.removeIf(this::check);
            if (waiting.isEmpty()) {
                break;
            }
            sleep(Duration.ofMillis(100));
        }
        synchronized (this) {
            if (state != WorkspaceState.STARTING || startedAt != startedAtThen) {
                return;
            }
            for (RunningTool tool : waiting) {
                tool.reason = "did not answer within " + settings.startTimeout().toSeconds() + " s; see "
                        + layout.logs() + " and restart the workspace";
            }
            if (running.stream().noneMatch(t -> t.ready)) {
                stopProcesses();
                fail("no tool answered within " + settings.startTimeout().toSeconds() + " s; the tools' logs are in "
                        + layout.logs());
                return;
            }
            state = WorkspaceState.RUNNING;
            event("running in " + Duration.between(startedAt, Instant.now()).toMillis() + " ms");
        }
    }

    /** Probes one tool; on its first answer signs in where needed. True once it is ready. */
    private boolean check(RunningTool tool) {
        boolean healthy = tool.instance.healthy(http);
        if (healthy && !tool.signedIn) {
            try {
                tool.instance.onReady(http);
                tool.signedIn = true;
            } catch (Exception e) {
                tool.reason = "started but could not be signed in to: " + e.getMessage();
                return false;
            }
        }
        boolean wasReady = tool.ready;
        tool.ready = healthy;
        if (healthy) {
            tool.reason = null;
            tool.processes.forEach(SupervisedProcess::healthy);
        } else if (tool.processes.stream().anyMatch(SupervisedProcess::gaveUp)) {
            tool.reason = "stopped after crashing repeatedly; see its log in " + layout.logs();
        } else if (wasReady) {
            tool.reason = "not answering; being restarted";
        }
        return healthy;
    }

    /** Periodic: readiness of each tool while running. */
    void checkHealth() {
        List<RunningTool> tools;
        synchronized (this) {
            if (state != WorkspaceState.RUNNING) {
                return;
            }
            tools = new ArrayList<>(running);
        }
        for (RunningTool tool : tools) {
            boolean before = tool.ready;
            check(tool);
            if (before && !tool.ready) {
                event(titleOf(tool) + " stopped answering");
            } else if (!before && tool.ready) {
                event(titleOf(tool) + " answers again");
            }
        }
    }

    private static String titleOf(RunningTool tool) {
        return tool.instance.statuses(true, null).stream().filter(ToolStatus::available).map(ToolStatus::title)
                .findFirst().orElse("a tool");
    }

    /** When the user last used the workspace: the tools' own activity or the last API call. */
    Instant lastUse() {
        List<RunningTool> tools;
        Instant last;
        synchronized (this) {
            tools = new ArrayList<>(running);
            last = lastUse;
        }
        for (RunningTool tool : tools) {
            Optional<Instant> activity = tool.instance.lastActivity(http);
            if (activity.isPresent() && activity.get().isAfter(last)) {
                last = activity.get();
            }
        }
        return last;
    }

    /** Stops every program of the workspace (their children too) and waits for them. */
    void stop(String why) {
        synchronized (this) {
            if (state == WorkspaceState.STOPPED || state == WorkspaceState.STOPPING) {
                return;
            }
            state = WorkspaceState.STOPPING;
            event(why);
        }
        stopProcesses();
        synchronized (this) {
            running.clear();
            ports.release();
            state = WorkspaceState.STOPPED;
            event("stopped");
        }
    }

    private void stopProcesses() {
        List<SupervisedProcess> all;
        synchronized (this) {
            all = running.stream().flatMap(t -> t.processes.stream()).toList();
        }
        all.forEach(SupervisedProcess::noMoreRestarts);
        all.parallelStream().forEach(SupervisedProcess::stop);
    }

    /** The pids of the workspace's program leaders (tests and ./dtaas status look at them). */
    synchronized List<Long> pids() {
        return running.stream().flatMap(t -> t.processes.stream()).map(SupervisedProcess::pid)
                .filter(java.util.Objects::nonNull).toList();
    }

    synchronized List<ToolRoute> routes() {
        if (state != WorkspaceState.RUNNING && state != WorkspaceState.STARTING) {
            return List.of();
        }
        return running.stream().filter(t -> t.signedIn).flatMap(t -> t.instance.routes().stream()).toList();
    }

    synchronized WorkspaceStatus status() {
        List<ToolStatus> statuses = new ArrayList<>();
        List<LocalTool> started = new ArrayList<>();
        for (LocalTool tool : tools) {
            Optional<String> missing = tool.unavailableReason();
            if (missing.isPresent()) {
                statuses.addAll(tool.unavailable(user(), missing.get()));
            } else {
                started.add(tool);
            }
        }
        if (state.active() && !running.isEmpty()) {
            for (RunningTool tool : running) {
                statuses.addAll(tool.instance.statuses(tool.ready, tool.reason));
            }
        } else {
            for (LocalTool tool : started) {
                statuses.addAll(tool.stopped(user())); // where the tool will be, without ports or secrets
            }
        }
        statuses.sort(java.util.Comparator.comparingInt(s -> ToolOrder.of(s.name())));
        return new WorkspaceStatus(user(), state, "local", statuses, reason, sandbox.enabled(),
                state.active() ? startedAt : null, events(), sandbox.limits(), sandbox.network().mode(), sandbox.disk(user()));
    }

    private synchronized void fail(String why) {
        state = WorkspaceState.FAILED;
        reason = why;
        event("failed: " + why);
        ports.release();
    }

    /** Own lock: supervised processes report from their exit threads while the workspace may be stopping them. */
    private void event(String message) {
        synchronized (events) {
            events.addLast(new WorkspaceEvent(Instant.now(), message));
            while (events.size() > MAX_EVENTS) {
                events.removeFirst();
            }
        }
        LOG.infof("workspace %s: %s", user(), message);
    }

    private List<WorkspaceEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
