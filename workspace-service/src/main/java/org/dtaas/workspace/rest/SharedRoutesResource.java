package org.dtaas.workspace.rest;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.dtaas.identity.CurrentCaller;
import org.dtaas.workspace.published.PublishedService;

/**
 * {@code GET /internal/shared}: the table the gateway serves {@code /shared/<name>/} from
 * ({@code {"name": {"url", "tokenHash"}}}); not reachable through the gateway.
 */
@Path("/internal/shared")
@Produces(MediaType.APPLICATION_JSON)
public class SharedRoutesResource {

    private final PublishedService published;
    private final CurrentCaller caller;

    public SharedRoutesResource(PublishedService published, CurrentCaller caller) {
        this.published = published;
        this.caller = caller;
    }

    @GET
    public Map<String, Map<String, Object>> routes() {
        if (!caller.get().admin()) {
            throw new ForbiddenException("only the gateway reads the published services");
        }
        return published.routes();
    }
}
