package org.dtaas.library.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.dtaas.library.AccessDeniedException;
import org.dtaas.library.BadPathException;
import org.dtaas.library.ConflictException;
import org.dtaas.library.NoSuchEntryException;
import org.dtaas.library.store.StorageFullException;
import org.dtaas.library.store.StoreUnavailableException;
import org.dtaas.library.store.WriteLimitExceededException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Errors as {@code {"error","message"}} JSON with a message that says what to do, never stack traces. */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response badPath(BadPathException e) {
        return json(400, "Bad Request", e.getMessage());
    }

    @ServerExceptionMapper
    public Response denied(AccessDeniedException e) {
        return json(403, "Forbidden", e.getMessage());
    }

    @ServerExceptionMapper
    public Response missing(NoSuchEntryException e) {
        return json(404, "Not Found", e.getMessage());
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e) {
        return json(409, "Conflict", e.getMessage());
    }

    @ServerExceptionMapper
    public Response tooLarge(WriteLimitExceededException e) {
        return json(413, "Payload Too Large", e.getMessage());
    }

    @ServerExceptionMapper
    public Response diskFull(StorageFullException e) {
        return json(507, "Insufficient Storage", e.getMessage());
    }

    @ServerExceptionMapper
    public Response storeUnavailable(StoreUnavailableException e) {
        return json(502, "Bad Gateway", e.getMessage());
    }

    @ServerExceptionMapper
    public Response unsatisfiable(ByteRange.UnsatisfiableRangeException e) {
        return Response.status(416).header("Content-Range", "bytes */" + e.size).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", "Range Not Satisfiable", "message", e.getMessage())).build();
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
