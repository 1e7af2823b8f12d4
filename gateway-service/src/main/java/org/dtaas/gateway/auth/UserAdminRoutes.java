package org.dtaas.gateway.auth;

import org.dtaas.gateway.identity.GatewayKeys;
import org.dtaas.gateway.identity.Authentication;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.dtaas.gateway.config.GatewayConfig;
import org.dtaas.gateway.identity.UserAccounts;
import org.dtaas.gateway.identity.UserProvisioning;
import org.dtaas.gateway.web.ErrorResponses;
import org.dtaas.identity.Caller;
import org.jboss.logging.Logger;

/**
 * {@code /api/users} for admins (the access policy lets no one else through): list, add (with the new
 * user's library folders, made by the library-service), reset a password, remove (with the user's
 * platform-service accounts, removed by the provisioner). The gateway owns the built-in accounts.
 */
@Singleton
public class UserAdminRoutes {

    private static final Logger LOG = Logger.getLogger(UserAdminRoutes.class);

    private final UserAccounts accounts;
    private final UserProvisioning provisioning;

    public UserAdminRoutes(GatewayConfig config, UserProvisioning provisioning) {
        this.accounts = new UserAccounts(Path.of(config.home()));
        this.provisioning = provisioning;
    }

    public void register(Router router, Vertx vertx, int order) {
        router.get("/api/users").order(order).blockingHandler(this::list);
        router.post("/api/users").order(order).handler(BodyHandler.create().setBodyLimit(4096)).blockingHandler(this::add);
        router.put("/api/users/:name/password").order(order).handler(BodyHandler.create().setBodyLimit(4096))
                .blockingHandler(this::password);
        router.delete("/api/users/:name").order(order).blockingHandler(this::remove);
        router.route("/api/users*").order(order + 1).handler(rc -> ErrorResponses.send(rc, 404, "Not Found",
                "The users API has GET and POST /api/users, PUT /api/users/NAME/password and DELETE /api/users/NAME."));
    }

    private void list(RoutingContext rc) {
        try {
            JsonArray users = new JsonArray();
            accounts.list().forEach(a -> users.add(new JsonObject().put("name", a.name()).put("admin", a.admin())));
            rc.response().putHeader("Content-Type", "application/json").end(users.encode());
        } catch (Exception e) {
            failed(rc, e);
        }
    }

    private void add(RoutingContext rc) {
        JsonObject body = json(rc);
        if (body == null) {
            return;
        }
        String name = body.getString("name");
        try {
            if (name != null && accounts.exists(name)) {
                ErrorResponses.send(rc, 409, "Conflict", "There is a user " + name + " already; reset their password instead.");
                return;
            }
            accounts.put(name, body.getString("password"), Boolean.TRUE.equals(body.getBoolean("admin")));
            String folders = provisioning.createLibrary(caller(rc), name);
            rc.response().setStatusCode(201).putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("name", name).put("admin", Boolean.TRUE.equals(body.getBoolean("admin")))
                            .put("note", folders).encode());
        } catch (UserAccounts.Refused e) {
            ErrorResponses.send(rc, 400, "Bad Request", "Refused: " + e.getMessage() + ".");
        } catch (Exception e) {
            failed(rc, e);
        }
    }

    private void password(RoutingContext rc) {
        JsonObject body = json(rc);
        if (body == null) {
            return;
        }
        try {
            accounts.setPassword(rc.pathParam("name"), body.getString("password"));
            rc.response().setStatusCode(204).end();
        } catch (UserAccounts.Refused e) {
            ErrorResponses.send(rc, e.getMessage().startsWith("there is no user") ? 404 : 400, "Refused", "Refused: " + e.getMessage() + ".");
        } catch (Exception e) {
            failed(rc, e);
        }
    }

    private void remove(RoutingContext rc) {
        String name = rc.pathParam("name");
        Caller caller = caller(rc);
        if (caller != null && caller.user().equals(name)) {
            ErrorResponses.send(rc, 400, "Bad Request", "You cannot remove yourself; another admin can.");
            return;
        }
        try {
            accounts.remove(name);
            String note = provisioning.removeServiceAccounts(caller, name) ? "signed out; service accounts removed; files kept"
                    : "signed out; files kept; the provisioner could not remove the service accounts, so they may remain";
            rc.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("name", name).put("note", note).encode());
        } catch (UserAccounts.Refused e) {
            ErrorResponses.send(rc, e.getMessage().startsWith("there is no user") ? 404 : 400, "Refused", "Refused: " + e.getMessage() + ".");
        } catch (Exception e) {
            failed(rc, e);
        }
    }

    private static JsonObject json(RoutingContext rc) {
        try {
            JsonObject body = rc.body().asJsonObject();
            if (body != null) {
                return body;
            }
        } catch (RuntimeException e) {
            // answered below
        }
        ErrorResponses.send(rc, 400, "Bad Request", "Send JSON, e.g. {\"name\": \"alice\", \"password\": \"...\", \"admin\": false}.");
        return null;
    }

    private static Caller caller(RoutingContext rc) {
        return rc.get(GatewayKeys.AUTHENTICATION) instanceof Authentication.SignedIn s ? s.caller() : null;
    }

    private static void failed(RoutingContext rc, Exception e) {
        LOG.error("user administration failed", e);
        ErrorResponses.send(rc, 500, "Internal Server Error", "The accounts could not be changed: " + e.getMessage());
    }
}
