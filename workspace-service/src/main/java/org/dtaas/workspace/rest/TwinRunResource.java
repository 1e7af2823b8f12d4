package org.dtaas.workspace.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.dtaas.identity.CurrentCaller;
import org.dtaas.workspace.run.Run;
import org.dtaas.workspace.run.RunRefusedException;
import org.dtaas.workspace.run.RunService;

/** {@code /api/twins/{owner}/{twin}/runs}: start a lifecycle phase; a twin's run history. */
@Path("/api/twins/{owner}/{twin}/runs")
@Produces(MediaType.APPLICATION_JSON)
public class TwinRunResource {

    /** The body of a start: {@code {"phase":"execute"}}. */
    public record StartRequest(String phase) {
    }

    private final RunService runs;
    private final CurrentCaller caller;

    public TwinRunResource(RunService runs, CurrentCaller caller) {
        this.runs = runs;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(@PathParam("owner") String owner, @PathParam("twin") String twin, StartRequest request) {
        if (request == null || request.phase() == null) {
            throw new RunRefusedException(400, "send {\"phase\": \"execute\"} (or create, analyze, evolve, save,"
                    + " terminate, clean)", null);
        }
        Run run = runs.start(caller.get(), owner, twin, request.phase());
        return Response.created(URI.create("/api/runs/" + run.id())).entity(run).build();
    }

    @GET
    public List<Run> history(@PathParam("owner") String owner, @PathParam("twin") String twin) {
        return runs.history(caller.get(), owner, twin);
    }
}
