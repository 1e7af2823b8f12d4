package org.dtaas.workspace.workspaces.local;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.dtaas.workspace.workspaces.ToolRoute;
import org.dtaas.workspace.workspaces.ToolStatus;

/** One tool of one workspace: its programs, health check, gateway routes and status lines. */
interface ToolInstance {

    List<ProcessSpec> processes();

    /** Host folders the tool's programs need to read besides the system (e.g. code-server's install). */
    default List<Path> readOnlyBinds() {
        return List.of();
    }

    /** Does the tool answer (an HTTP probe on its own port)? */
    boolean healthy(HttpClient http);

    /** Called once the tool first answers, e.g. to sign in and keep the session for the gateway. */
    default void onReady(HttpClient http) throws Exception {
    }

    List<ToolRoute> routes();

    List<ToolStatus> statuses(boolean ready, String reason);

    /** When the user last did something in this tool, if the tool tells. */
    default Optional<Instant> lastActivity(HttpClient http) {
        return Optional.empty();
    }
}
