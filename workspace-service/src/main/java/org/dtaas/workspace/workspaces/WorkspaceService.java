package org.dtaas.workspace.workspaces;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.ForbiddenException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dtaas.identity.Caller;
import org.dtaas.identity.UserNames;
import org.dtaas.workspace.config.WorkspaceConfig;

/**
 * The workspaces of all users, whoever runs them: checks who may act on which workspace and hands the
 * work to the configured {@link WorkspaceBackend}.
 */
@ApplicationScoped
public class WorkspaceService {

    private final WorkspaceConfig config;
    private final WorkspaceBackend backend;
    private final TwinActivity twins;

    /** The backend of dtaas.workspace.backend: only that one is made (the Kubernetes client only for it). */
    public WorkspaceService(WorkspaceConfig config, Instance<WorkspaceBackend> backends, TwinActivity twins) {
        this.config = config;
        this.twins = twins;
        if (!backends.isResolvable()) {
            throw new IllegalArgumentException("dtaas.workspace.backend (DTAAS_WORKSPACE_BACKEND) is '"
                    + config.backend() + "'; use local or kubernetes");
        }
        this.backend = backends.get();
    }

    void onStart(@Observes StartupEvent start) {
        backend.begin();
    }

    void onStop(@Observes ShutdownEvent stop) {
        backend.end();
    }

    public WorkspaceStatus status(Caller caller, String user) {
        return backend.status(owned(caller, user));
    }

    public WorkspaceStatus start(Caller caller, String user) {
        return backend.start(owned(caller, user));
    }

    public WorkspaceStatus stop(Caller caller, String user) {
        return backend.stop(owned(caller, user));
    }

    public List<WorkspaceStatus> all(Caller caller) {
        if (!caller.admin()) {
            throw new ForbiddenException("only admins list every workspace; GET /api/workspaces/" + caller.user()
                    + " shows yours");
        }
        return backend.all();
    }

    public Map<String, List<ToolRoute>> routes() {
        return backend.routes();
    }

    public WorkspaceBackend backend() {
        return backend;
    }

    @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void stopIdle() {
        Duration idle = config.idleTimeout();
        if (!idle.isZero()) {
            // a user whose twin runs or talks to its services is using the platform, tool open or not
            backend.stopIdle(idle, user -> twins.whyInUse(user, idle));
        }
    }

    /** A workspace is its owner's (admins act on all); "common" and bad names are no one's workspace. */
    private static String owned(Caller caller, String user) {
        if (!UserNames.isValidUser(user)) {
            throw new jakarta.ws.rs.BadRequestException("'" + user + "' is not a user name (lowercase letters, digits,"
                    + " '-' and '_')");
        }
        if (!caller.admin() && !caller.user().equals(user)) {
            throw new ForbiddenException("this is the workspace of " + user + "; you may use only your own");
        }
        return user;
    }
}
