package org.dtaas.library.rest;

import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.dtaas.library.BadPathException;
import org.dtaas.library.LibraryAccess;
import org.dtaas.library.LibraryPath;
import org.dtaas.library.twins.TwinCreator;

/**
 * {@code POST /api/twins/{owner}} {@code {"name","template"}}: a new twin in the owner's library, from
 * one of the templates ({@link TwinTemplatesResource}). The gateway sends this one call of the twins'
 * API here, where the library's writes are; the rest of it is the workspace-service's.
 */
@Path("/api/twins")
@Produces(MediaType.APPLICATION_JSON)
public class NewTwinResource {

    /** The body of a new twin. */
    public record NewTwin(String name, String template) {
    }

    private final TwinCreator creator;
    private final LibraryAccess access;

    public NewTwinResource(TwinCreator creator, LibraryAccess access) {
        this.creator = creator;
        this.access = access;
    }

    @POST
    @Path("{owner}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    public Response create(@PathParam("owner") String owner, NewTwin twin) {
        if (twin == null || twin.name() == null || twin.template() == null) {
            throw new BadPathException("send {\"name\": \"my-twin\", \"template\": \"hello-world\"}"
                    + " (GET /api/library/templates lists the templates)");
        }
        LibraryPath root = access.writable(LibraryPath.parse(owner));
        if (!root.segments().isEmpty()) {
            throw new BadPathException("a twin is made in a library's own twins folder: POST /api/twins/" + root.owner());
        }
        return Response.status(201).entity(creator.create(root.owner(), twin.name(), twin.template(), access.author())).build();
    }
}
