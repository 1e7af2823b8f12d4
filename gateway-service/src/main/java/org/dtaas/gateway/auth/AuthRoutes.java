package org.dtaas.gateway.auth;

import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import org.dtaas.gateway.config.GatewayConfig;
import org.dtaas.gateway.identity.SessionStore;
import org.dtaas.gateway.web.ErrorResponses;
import org.dtaas.identity.Caller;

/**
 * {@code POST /auth/login}, {@code POST /auth/logout}, {@code GET /auth/me}. Login takes a form
 * (browsers without JavaScript get a redirect) or JSON (the web app gets JSON back).
 */
@ApplicationScoped
public class AuthRoutes {

    private final Authenticator authenticator;
    private final SessionStore sessions;
    private final GatewayConfig config;

    public AuthRoutes(Authenticator authenticator, SessionStore sessions, GatewayConfig config) {
        this.authenticator = authenticator;
        this.sessions = sessions;
        this.config = config;
    }

    public void register(Router router, Vertx vertx, int order) {
        router.post("/auth/login").order(order).handler(BodyHandler.create().setBodyLimit(8192).setHandleFileUploads(false))
                .handler(rc -> login(rc, vertx));
        router.post("/auth/logout").order(order).handler(this::logout);
        router.get("/auth/me").order(order).handler(this::me);
        router.route("/auth/*").order(order + 1).handler(rc -> ErrorResponses.send(rc, 404, "Not Found",
                "The sign-in API has /auth/login, /auth/logout and /auth/me."));
    }

    private void login(RoutingContext rc, Vertx vertx) {
        if (rc.request().getHeader(HttpHeaders.ORIGIN) != null && !CsrfGuard.isSameOrigin(rc.request())) {
            ErrorResponses.send(rc, 403, "Forbidden", "Sign in from the DTaaS page itself.");
            return;
        }
        String user;
        String password;
        String contentType = rc.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType != null && contentType.startsWith("application/json")) {
            JsonObject body;
            try {
                body = rc.body().asJsonObject();
            } catch (RuntimeException e) {
                body = null;
            }
            user = body == null ? null : body.getString("username");
            password = body == null ? null : body.getString("password");
        } else {
            user = rc.request().getFormAttribute("username");
            password = rc.request().getFormAttribute("password");
        }
        if (user == null || password == null || user.isBlank()) {
            ErrorResponses.send(rc, 400, "Bad Request", "Send 'username' and 'password' (form fields or JSON).");
            return;
        }
        String address = rc.request().remoteAddress().hostAddress();
        String name = user.strip();
        vertx.executeBlocking(() -> authenticator.checkPassword(name, password, address), false)
                .onComplete(result -> {
                    if (result.failed()) {
                        rc.fail(result.cause());
                    } else {
                        answerLogin(rc, result.result());
                    }
                });
    }

    private void answerLogin(RoutingContext rc, Authentication outcome) {
        if (outcome instanceof Authentication.Refused refused) {
            if (refused.retryAfterSeconds() > 0) {
                rc.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(refused.retryAfterSeconds()));
            }
            ErrorResponses.send(rc, refused.status(), refused.status() == 429 ? "Too Many Requests" : "Unauthorized",
                    refused.reason());
            return;
        }
        Caller caller = ((Authentication.SignedIn) outcome).caller();
        String sessionId = sessions.create(caller.user());
        rc.response().addCookie(sessionCookie(rc, sessionId, sessions.maxAgeSeconds()));
        if (ErrorResponses.wantsHtml(rc)) {
            rc.response().setStatusCode(303).putHeader(HttpHeaders.LOCATION, safeNext(rc.request().getFormAttribute("next")))
                    .end();
        } else {
            rc.json(me(caller));
        }
    }

    private void logout(RoutingContext rc) {
        if (!CsrfGuard.isSameOrigin(rc.request())) {
            ErrorResponses.send(rc, 403, "Forbidden", "Sign out from the DTaaS page itself.");
            return;
        }
        sessions.delete(authenticator.sessionId(rc.request()));
        rc.response().addCookie(sessionCookie(rc, "", 0));
        if (ErrorResponses.wantsHtml(rc)) {
            rc.response().setStatusCode(303).putHeader(HttpHeaders.LOCATION, "/login").end();
        } else {
            rc.response().setStatusCode(204).end();
        }
    }

    private void me(RoutingContext rc) {
        if (rc.get(GatewayKeys.AUTHENTICATION) instanceof Authentication.SignedIn signedIn) {
            rc.json(me(signedIn.caller()));
        } else {
            ErrorResponses.send(rc, 401, "Unauthorized", "Not signed in. POST /auth/login or send HTTP Basic credentials.");
        }
    }

    private static JsonObject me(Caller caller) {
        return new JsonObject().put("user", caller.user()).put("admin", caller.admin());
    }

    private Cookie sessionCookie(RoutingContext rc, String value, long maxAgeSeconds) {
        boolean https = rc.request().isSSL() || "https".equals(rc.request().getHeader("X-Forwarded-Proto"));
        return Cookie.cookie(config.gateway().session().cookieName(), value).setPath("/").setHttpOnly(true)
                .setSameSite(CookieSameSite.LAX).setSecure(https).setMaxAge(maxAgeSeconds);
    }

    /** Only a local path may follow sign-in: an open redirect would help phishing. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\") || next.contains("\r")
                || next.contains("\n")) {
            return "/";
        }
        return next;
    }
}
