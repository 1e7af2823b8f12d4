package org.dtaas.workspace.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.dtaas.identity.CurrentCaller;
import org.dtaas.workspace.run.Run;
import org.dtaas.workspace.run.RunService;

/**
 * {@code GET /api/runs}: the newest runs the caller started; {@code ?user=bob} another user's and
 * {@code ?user=*} everyone's, for admins.
 */
@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunListResource {

    private final RunService runs;
    private final CurrentCaller caller;

    public RunListResource(RunService runs, CurrentCaller caller) {
        this.runs = runs;
        this.caller = caller;
    }

    @GET
    public List<Run> recent(@QueryParam("user") String user) {
        return runs.recent(caller.get(), user);
    }
}
