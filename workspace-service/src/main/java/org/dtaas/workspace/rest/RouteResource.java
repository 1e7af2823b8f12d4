package org.dtaas.workspace.rest;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.dtaas.identity.CurrentCaller;
import io.smallrye.mutiny.Multi;
import org.dtaas.workspace.workspaces.RouteChanges;
import org.dtaas.workspace.workspaces.ToolRoute;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * {@code GET /internal/routes}: the route table the gateway fetches (not reachable through the gateway):
 * {@code {"alice": [{"prefix":"/alice/tools/vnc/","url":"http://127.0.0.1:41002/","headers":{}}, ...]}}.
 */
@Path("/internal/routes")
@Produces(MediaType.APPLICATION_JSON)
public class RouteResource {

    private final CurrentCaller caller;
    private final RouteChanges changes;

    public RouteResource(CurrentCaller caller, RouteChanges changes) {
        this.caller = caller;
        this.changes = changes;
    }

    /**
     * The table, tagged with its version ({@code ETag}); a gateway that already has that version asks
     * with {@code If-None-Match} and gets 304 without a body, so its periodic safety-net fetch costs
     * neither side a table's worth of JSON while nothing changed.
     */
    @GET
    public RestResponse<Map<String, List<ToolRoute>>> routes(@HeaderParam(HttpHeaders.IF_NONE_MATCH) String knownTag) {
        onlyTheGateway();
        RouteChanges.Tagged current = changes.current();
        if (current.tag().equals(knownTag)) {
            return RestResponse.ResponseBuilder.<Map<String, List<ToolRoute>>>notModified()
                    .header(HttpHeaders.ETAG, current.tag()).build();
        }
        return RestResponse.ResponseBuilder.ok(current.routes()).header(HttpHeaders.ETAG, current.tag()).build();
    }

    /**
     * The table's version as server-sent events: the current one, then each change (a route appeared or
     * went) as it happens, and a heartbeat; a gateway fetches the table on every new version.
     */
    @GET
    @Path("changes")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<Long> changes() {
        onlyTheGateway();
        return changes.follow();
    }

    private void onlyTheGateway() {
        if (!caller.get().admin()) {
            throw new ForbiddenException("only the gateway reads the route table");
        }
    }
}
