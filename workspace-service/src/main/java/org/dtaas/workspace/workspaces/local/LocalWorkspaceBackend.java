package org.dtaas.workspace.workspaces.local;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dtaas.workspace.config.WorkspaceConfig;
import org.dtaas.workspace.process.ProcessGroups;
import org.dtaas.workspace.workspaces.ToolRoute;
import org.dtaas.workspace.workspaces.WorkspaceBackend;
import org.dtaas.workspace.workspaces.WorkspaceNotFoundException;
import org.dtaas.workspace.workspaces.WorkspaceState;
import org.dtaas.workspace.workspaces.WorkspaceStatus;
import org.jboss.logging.Logger;

/**
 * Workspaces as supervised processes on this machine (no container engine needed). Which workspaces
 * should be running is kept on disk ({@code <state>/<user>/running}), so after a restart of the service
 * they are started again and say so in their events; program leaders' pids are kept too, so programs
 * left over from a crash are stopped before new ones take their place.
 */
@jakarta.inject.Singleton
@io.quarkus.arc.lookup.LookupIfProperty(name = "dtaas.workspace.backend", stringValue = "local")
public class LocalWorkspaceBackend implements WorkspaceBackend {

    private static final Logger LOG = Logger.getLogger(LocalWorkspaceBackend.class);
    private static final String WANTED = "running";
    private static final String PIDS = "pids";

    private final Path filesRoot;
    private final Path stateRoot;
    private final WorkspaceConfig.Local settings;
    private final Sandbox sandbox;
    private final List<LocalTool> tools;
    private final PortAllocator ports = new PortAllocator();
    // HTTP/1.1: with the default h2c upgrade header code-server routes a login POST as a WebSocket (404)
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, daemon("workspace-supervisor"));
    private final ExecutorService starter = Executors.newCachedThreadPool(daemon("workspace-start"));
    private final Map<String, LocalWorkspace> workspaces = new ConcurrentHashMap<>();

    @jakarta.inject.Inject
    public LocalWorkspaceBackend(WorkspaceConfig config) {
        this.filesRoot = Path.of(config.filesPath());
        this.settings = config.local();
        this.stateRoot = Path.of(settings.statePath());
        WorkspacePython python = new WorkspacePython(Path.of(settings.python()));
        this.sandbox = Sandbox.of(settings.sandbox(), settings.bwrap(), python, SandboxAccounts.fromConfig());
        this.tools = List.of(new JupyterTool(python),
                new CodeServerTool(settings.codeServer(), settings.node()),
                new DesktopTool(settings.xvfb(), settings.x11vnc(), settings.websockify(), settings.novnc(),
                        settings.desktopSession()));
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public void begin() {
        recover();
    }

    @Override
    public void end() {
        shutdown();
    }

    /** After a restart: stop what a crashed service left behind, start again what was running. */
    public void recover() {
        for (String user : usersWithState()) {
            stopLeftovers(user);
            if (Files.exists(stateRoot.resolve(user).resolve(WANTED)) && Files.isDirectory(filesRoot.resolve(user))) {
                workspace(user).start("started again: it was running when the workspace-service stopped");
                recordPids(user);
            }
        }
        scheduler.scheduleWithFixedDelay(this::checkHealth, settings.healthInterval().toMillis(),
                settings.healthInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public WorkspaceStatus status(String user) {
        LocalWorkspace workspace = workspaces.get(user);
        return workspace != null ? workspace.status() : newWorkspace(user).status(); // never started: nothing held
    }

    @Override
    public WorkspaceStatus start(String user) {
        LocalWorkspace workspace = workspace(user);
        workspace.touch();
        workspace.start("start requested");
        mark(user, true);
        recordPids(user);
        return workspace.status();
    }

    @Override
    public WorkspaceStatus stop(String user) {
        LocalWorkspace workspace = workspaces.get(user);
        mark(user, false);
        if (workspace == null) {
            return status(user);
        }
        workspace.stop("stop requested");
        deletePids(user);
        return workspace.status();
    }

    @Override
    public List<WorkspaceStatus> all() {
        return workspaces.values().stream().map(LocalWorkspace::status)
                .filter(s -> s.state() != WorkspaceState.STOPPED).toList();
    }

    @Override
    public Map<String, List<ToolRoute>> routes() {
        Map<String, List<ToolRoute>> routes = new LinkedHashMap<>();
        workspaces.forEach((user, workspace) -> {
            List<ToolRoute> list = workspace.routes();
            if (!list.isEmpty()) {
                routes.put(user, list);
            }
        });
        return routes;
    }

    @Override
    public boolean ownsPort(String user, int port, List<ProcessHandle> runProcesses) {
        List<ProcessHandle> processes = new ArrayList<>(runProcesses);
        pids(user).forEach(pid -> ProcessHandle.of(pid).ifPresent(processes::add));
        return sandbox.network().owns(user, port, processes);
    }

    @Override
    public java.util.Optional<String> portUrl(String user, int port) {
        if (status(user).state() != WorkspaceState.RUNNING) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of("http://127.0.0.1:" + sandbox.network().publish(user, port) + "/");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot reach " + user + "'s port " + port + ": " + e.getMessage(), e);
        }
    }

    /** The pids of a workspace's programs (for tests and diagnostics). */
    public List<Long> pids(String user) {
        LocalWorkspace workspace = workspaces.get(user);
        return workspace == null ? List.of() : workspace.pids();
    }

    /** Stops workspaces nobody used for {@code idle}; they are not started again after a restart. */
    @Override
    public void stopIdle(Duration idle, java.util.function.Function<String, java.util.Optional<String>> inUse) {
        java.time.Instant limit = java.time.Instant.now().minus(idle);
        for (LocalWorkspace workspace : workspaces.values()) {
            if (workspace.state() != WorkspaceState.RUNNING || !workspace.lastUse().isBefore(limit)) {
                continue;
            }
            java.util.Optional<String> why = inUse.apply(workspace.user());
            if (why.isPresent()) {
                // a twin of theirs is busy: the workspace (and what it publishes) is in use
                workspace.keep("kept running although no tool was used for " + describe(idle) + ": " + why.get());
                continue;
            }
            mark(workspace.user(), false);
            workspace.stop("stopped after " + describe(idle) + " without use (DTAAS_WORKSPACE_IDLE_TIMEOUT); start it"
                    + " again when you need it");
            deletePids(workspace.user());
        }
    }

    private static String describe(Duration idle) {
        return idle.toMinutes() >= 1 ? idle.toMinutes() + " min" : idle.toSeconds() + " s";
    }

    /** On shutdown: every program stops; the "running" marks stay so the next start brings them back. */
    public void shutdown() {
        scheduler.shutdownNow();
        workspaces.values().parallelStream().forEach(w -> w.stop("the workspace-service is stopping"));
        workspaces.keySet().forEach(this::deletePids);
        starter.shutdownNow();
    }

    private void checkHealth() {
        try {
            workspaces.values().forEach(LocalWorkspace::checkHealth);
            workspaces.keySet().forEach(this::recordPids);
        } catch (RuntimeException e) {
            LOG.warn("workspace health check failed", e);
        }
    }

    private LocalWorkspace workspace(String user) {
        if (!Files.isDirectory(filesRoot.resolve(user))) {
            throw new WorkspaceNotFoundException("no user " + user + " (no files folder " + filesRoot.resolve(user)
                    + "); add the user first: ./dtaas user add " + user);
        }
        return workspaces.computeIfAbsent(user, this::newWorkspace);
    }

    private LocalWorkspace newWorkspace(String user) {
        return new LocalWorkspace(WorkspaceLayout.of(user, filesRoot, stateRoot, sandbox.enabled(), sandbox.uidOf(user)), tools, sandbox,
                ports.lease(user, sandbox.network()), settings, http, scheduler, starter);
    }

    private List<String> usersWithState() {
        if (!Files.isDirectory(stateRoot)) {
            return List.of();
        }
        try (Stream<Path> users = Files.list(stateRoot)) {
            return users.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(org.dtaas.identity.UserNames::isValidUser).toList();
        } catch (IOException e) {
            LOG.warnf("cannot list %s: %s", stateRoot, e.getMessage());
            return List.of();
        }
    }

    private void mark(String user, boolean wanted) {
        Path marker = stateRoot.resolve(user).resolve(WANTED);
        try {
            if (wanted) {
                Files.createDirectories(marker.getParent());
                Files.writeString(marker, java.time.Instant.now().toString());
            } else {
                Files.deleteIfExists(marker);
            }
        } catch (IOException e) {
            LOG.warnf("cannot record that %s's workspace should %s: %s", user, wanted ? "run" : "stop", e.getMessage());
        }
    }

    /** "pid startMillis" a line, for {@link #stopLeftovers}. */
    private void recordPids(String user) {
        LocalWorkspace workspace = workspaces.get(user);
        if (workspace == null || !workspace.state().active()) {
            return;
        }
        List<String> lines = new ArrayList<>();
        for (Long pid : workspace.pids()) {
            ProcessHandle.of(pid).ifPresent(p -> lines.add(pid + " " + ProcessGroups.startMillis(p)));
        }
        try {
            Files.createDirectories(stateRoot.resolve(user));
            Files.write(stateRoot.resolve(user).resolve(PIDS), lines);
        } catch (IOException e) {
            LOG.warnf("cannot record the pids of %s's workspace: %s", user, e.getMessage());
        }
    }

    private void deletePids(String user) {
        try {
            Files.deleteIfExists(stateRoot.resolve(user).resolve(PIDS));
        } catch (IOException e) {
            LOG.warnf("cannot delete %s: %s", stateRoot.resolve(user).resolve(PIDS), e.getMessage());
        }
    }

    private void stopLeftovers(String user) {
        Path pids = stateRoot.resolve(user).resolve(PIDS);
        if (!Files.exists(pids)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(pids)) {
                String[] parts = line.strip().split(" ");
                if (parts.length == 2) {
                    Long started = parts[1].equals("null") ? null : Long.valueOf(parts[1]);
                    ProcessGroups.stopLeftover(Long.parseLong(parts[0]), started, Duration.ofSeconds(5));
                }
            }
            Files.delete(pids);
        } catch (IOException | NumberFormatException e) {
            LOG.warnf("cannot read %s: %s", pids, e.getMessage());
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
