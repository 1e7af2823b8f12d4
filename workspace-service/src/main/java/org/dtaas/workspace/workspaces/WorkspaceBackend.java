package org.dtaas.workspace.workspaces;

import java.util.List;
import java.util.Map;

/**
 * Creates, runs, watches and stops users' workspaces: on this machine or on Kubernetes. The
 * implementations are CDI beans, the one of {@code dtaas.workspace.backend} chosen at run time
 * ({@code @LookupIfProperty}), so nothing else names them.
 */
public interface WorkspaceBackend {

    /** Once the service has started: take up what runs (a restart) and begin watching. */
    default void begin() {
    }

    /** The service is stopping. */
    default void end() {
    }

    /**
     * Stops workspaces nobody used for {@code idle} (where the backend can tell use); a user for whom
     * {@code inUse} gives a reason (a twin of theirs runs, or talks to its services) is in use whatever
     * their tools say, and the workspace's events say why it was kept.
     */
    default void stopIdle(java.time.Duration idle, java.util.function.Function<String, java.util.Optional<String>> inUse) {
    }

    /** {@code local} or {@code kubernetes}, shown in the status. */
    String name();

    WorkspaceStatus status(String user);

    /** Starts (or keeps) the workspace; returns at once with state {@code starting} or {@code running}. */
    WorkspaceStatus start(String user);

    /** Stops every process of the workspace; returns with state {@code stopping} or {@code stopped}. */
    WorkspaceStatus stop(String user);

    /** Workspaces that are not stopped. */
    List<WorkspaceStatus> all();

    /** The gateway's routes of every running workspace, by user. */
    Map<String, List<ToolRoute>> routes();

    /**
     * Is {@code port} the user's to publish — something of their running workspace (or of the given run
     * processes) listens on it? Locally that is checked in /proc; on Kubernetes every port of the
     * user's own pod is theirs.
     */
    boolean ownsPort(String user, int port, List<ProcessHandle> runProcesses);

    /** Where the gateway reaches {@code port} of the user's running workspace, if it runs. */
    java.util.Optional<String> portUrl(String user, int port);
}
