package org.dtaas.workspace.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.dtaas.identity.CurrentCaller;
import org.dtaas.workspace.workspaces.WorkspaceService;
import org.dtaas.workspace.workspaces.WorkspaceStatus;

/** {@code /api/workspaces}: a user's workspace state, start and stop; all workspaces for admins. */
@Path("/api/workspaces")
@Produces(MediaType.APPLICATION_JSON)
public class WorkspaceResource {

    private final WorkspaceService workspaces;
    private final CurrentCaller caller;

    public WorkspaceResource(WorkspaceService workspaces, CurrentCaller caller) {
        this.workspaces = workspaces;
        this.caller = caller;
    }

    @GET
    public List<WorkspaceStatus> all() {
        return workspaces.all(caller.get());
    }

    @GET
    @Path("{user}")
    public WorkspaceStatus status(@PathParam("user") String user) {
        return workspaces.status(caller.get(), user);
    }

    @POST
    @Path("{user}/start")
    public WorkspaceStatus start(@PathParam("user") String user) {
        return workspaces.start(caller.get(), user);
    }

    @POST
    @Path("{user}/stop")
    public WorkspaceStatus stop(@PathParam("user") String user) {
        return workspaces.stop(caller.get(), user);
    }
}
