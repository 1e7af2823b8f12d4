package org.dtaas.workspace.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.dtaas.identity.CurrentCaller;
import org.dtaas.workspace.published.PublishedService;

/** {@code /api/workspaces/{user}/published}: the owner's published services (list, publish, rotate the token, unpublish). */
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/workspaces/{user}/published")
public class PublishedResource {

    /** {@code {"name": "dashboard", "port": 8050, "access": "public" | "token"}}. */
    public record PublishRequest(String name, Integer port, String access) {
    }

    private final PublishedService published;
    private final CurrentCaller caller;

    public PublishedResource(PublishedService published, CurrentCaller caller) {
        this.published = published;
        this.caller = caller;
    }

    @GET
    public List<PublishedService.Listing> list(@PathParam("user") String user) {
        return published.list(caller.get(), user);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response publish(@PathParam("user") String user, PublishRequest request) {
        if (request == null) {
            throw new jakarta.ws.rs.BadRequestException("send {\"name\": \"dashboard\", \"port\": 8050, \"access\": \"token\"}");
        }
        boolean withToken = !"public".equals(request.access());
        return Response.status(201).entity(published.publish(caller.get(), user, request.name(), request.port(), withToken)).build();
    }

    @POST
    @Path("{name}/token")
    public PublishedService.Issued rotate(@PathParam("user") String user, @PathParam("name") String name) {
        return published.rotateToken(caller.get(), user, name);
    }

    @DELETE
    @Path("{name}")
    public Response unpublish(@PathParam("user") String user, @PathParam("name") String name) {
        published.unpublish(caller.get(), user, name);
        return Response.noContent().build();
    }
}
