package org.dtaas.workspace.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dtaas.workspace.run.RunRefusedException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Errors as {@code {"error","message"}} JSON (plus the run when one was recorded), never stack traces. */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response refused(RunRefusedException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", Response.Status.fromStatusCode(e.status()) == null ? "Error"
                : Response.Status.fromStatusCode(e.status()).getReasonPhrase());
        body.put("message", e.getMessage());
        if (e.run() != null) {
            body.put("run", e.run());
        }
        return Response.status(e.status()).type(MediaType.APPLICATION_JSON).entity(body).build();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", e.getResponse().getStatusInfo().getReasonPhrase(),
                        "message", e.getMessage() == null ? "" : e.getMessage()))
                .build();
    }

    @ServerExceptionMapper
    public Response noSuchWorkspace(org.dtaas.workspace.workspaces.WorkspaceNotFoundException e) {
        return Response.status(404).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", "Not Found", "message", e.getMessage())).build();
    }
}
