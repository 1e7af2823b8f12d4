package org.dtaas.workspace.rest;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.dtaas.identity.CurrentCaller;
import org.dtaas.identity.UserNames;
import org.dtaas.workspace.twin.DigitalTwin;
import org.dtaas.workspace.twin.TwinCatalog;

/** {@code GET /api/twins/{user}}: the digital twins of a user (or of {@code common}). */
@Path("/api/twins")
@Produces(MediaType.APPLICATION_JSON)
public class TwinResource {

    private final TwinCatalog catalog;
    private final CurrentCaller caller;

    public TwinResource(TwinCatalog catalog, CurrentCaller caller) {
        this.catalog = catalog;
        this.caller = caller;
    }

    @GET
    @Path("{owner}")
    public List<DigitalTwin> list(@PathParam("owner") String owner) {
        if (!UserNames.isValidOwner(owner)) {
            throw new BadRequestException("not a user name: " + UserNames.rule());
        }
        if (!caller.get().mayRead(owner)) {
            throw new ForbiddenException("these digital twins belong to " + owner);
        }
        return catalog.twinsOf(owner);
    }
}
