package org.dtaas.library.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.dtaas.library.BadPathException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Errors as {@code {"error","message"}} JSON, never stack traces. */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response badPath(BadPathException e) {
        return json(400, "Bad Request", e.getMessage());
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return json(status, e.getResponse().getStatusInfo().getReasonPhrase(), e.getMessage());
    }

    private static Response json(int status, String error, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", error, "message", message == null ? error : message)).build();
    }
}
