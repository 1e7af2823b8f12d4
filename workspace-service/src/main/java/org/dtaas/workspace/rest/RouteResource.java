package org.dtaas.workspace.rest;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.dtaas.identity.CurrentCaller;
import org.dtaas.workspace.routing.WorkspaceRoutes;

/** {@code GET /internal/routes}: the route table the gateway polls (not reachable through the gateway). */
@Path("/internal/routes")
@Produces(MediaType.APPLICATION_JSON)
public class RouteResource {

    private final WorkspaceRoutes routes;
    private final CurrentCaller caller;

    public RouteResource(WorkspaceRoutes routes, CurrentCaller caller) {
        this.routes = routes;
        this.caller = caller;
    }

    @GET
    public Map<String, String> routes() {
        if (!caller.get().admin()) {
            throw new ForbiddenException("only the gateway reads the route table");
        }
        return routes.snapshot();
    }
}
