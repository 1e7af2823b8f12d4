package org.dtaas.workspace.rest;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.dtaas.identity.CurrentCaller;
import org.dtaas.workspace.workspaces.ToolRoute;
import org.dtaas.workspace.workspaces.WorkspaceService;

/**
 * {@code GET /internal/routes}: the route table the gateway polls (not reachable through the gateway):
 * {@code {"alice": [{"prefix":"/alice/tools/vnc/","url":"http://127.0.0.1:41002/","headers":{}}, ...]}}.
 */
@Path("/internal/routes")
@Produces(MediaType.APPLICATION_JSON)
public class RouteResource {

    private final WorkspaceService workspaces;
    private final CurrentCaller caller;

    public RouteResource(WorkspaceService workspaces, CurrentCaller caller) {
        this.workspaces = workspaces;
        this.caller = caller;
    }

    @GET
    public Map<String, List<ToolRoute>> routes() {
        if (!caller.get().admin()) {
            throw new ForbiddenException("only the gateway reads the route table");
        }
        return workspaces.routes();
    }
}
