package org.dtaas.provisioner.rest;

import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.dtaas.identity.Caller;
import org.dtaas.identity.CurrentCaller;
import org.dtaas.identity.UserNames;
import org.dtaas.provisioner.credentials.Provisioning;

/**
 * {@code /api/services/{user}}: a user's own platform-service credentials (issued on first use),
 * provisioning again, and removal. Credentials go to their owner only — admins included, who can
 * provision or remove accounts but never read another user's passwords.
 */
@Path("/api/services/{user}")
@Produces(MediaType.APPLICATION_JSON)
public class CredentialsResource {

    private final Provisioning provisioning;
    private final CurrentCaller caller;

    public CredentialsResource(Provisioning provisioning, CurrentCaller caller) {
        this.provisioning = provisioning;
        this.caller = caller;
    }

    @GET
    @Path("credentials")
    @Blocking
    public Map<String, Map<String, String>> credentials(@PathParam("user") String user) {
        Caller who = checked(user);
        if (!who.user().equals(user)) {
            throw new ForbiddenException("credentials are given to their owner only");
        }
        return provisioning.provision(user, false).credentials();
    }

    @POST
    @Path("provision")
    @Blocking
    public Response provision(@PathParam("user") String user) {
        Caller who = checked(user);
        Provisioning.Result result = provisioning.provision(user, true);
        Map<String, Object> body = who.user().equals(user)
                ? Map.of("credentials", result.credentials(), "problems", result.problems())
                : Map.of("services", result.credentials().keySet(), "problems", result.problems());
        return Response.status(result.problems().isEmpty() ? 200 : 207).entity(body).build();
    }

    @DELETE
    @Blocking
    public Response deprovision(@PathParam("user") String user) {
        Caller who = checked(user);
        if (!who.admin()) {
            throw new ForbiddenException("accounts are removed by admins (when a user is removed)");
        }
        provisioning.deprovision(user);
        return Response.noContent().build();
    }

    private Caller checked(String user) {
        if (!UserNames.isValidUser(user)) {
            throw new BadRequestException("not a user name: " + UserNames.rule());
        }
        Caller who = caller.get();
        if (!who.mayWrite(user)) {
            throw new ForbiddenException("these are " + user + "'s services");
        }
        return who;
    }
}
