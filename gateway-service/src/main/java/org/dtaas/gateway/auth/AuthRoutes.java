package org.dtaas.gateway.auth;

import org.dtaas.gateway.identity.GatewayKeys;
import org.dtaas.gateway.identity.Authentication;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.inject.Singleton;
import org.dtaas.gateway.config.GatewayConfig;
import org.dtaas.gateway.web.ErrorResponses;
import org.dtaas.gateway.oidc.OidcIdentities;
import org.dtaas.identity.Caller;

/**
 * {@code POST /auth/login}, {@code POST /auth/logout}, {@code GET /auth/me}, {@code GET /auth/config}
 * and the OIDC sign-in ({@code /auth/oidc/login}). Login takes a form (browsers without JavaScript get
 * a redirect) or JSON (the web app gets JSON back). quarkus-oidc runs the code flow itself: a request
 * to {@code /auth/oidc/login} needs authentication (application.properties), so an anonymous one is
 * sent to the provider and comes back here signed in; {@code /auth/oidc/logout} ends the provider's
 * session too (RP-initiated logout) and returns to the login page.
 */
@Singleton
public class AuthRoutes {

    static final String OIDC_LOGIN = "/auth/oidc/login";
    static final String OIDC_LOGOUT = "/auth/oidc/logout";

    private final Authenticator authenticator;
    private final SessionCookies cookies;
    private final GatewayConfig config;

    public AuthRoutes(Authenticator authenticator, SessionCookies cookies, GatewayConfig config) {
        this.authenticator = authenticator;
        this.cookies = cookies;
        this.config = config;
    }

    public void register(Router router, Vertx vertx, int order) {
        router.post("/auth/login").order(order).handler(BodyHandler.create().setBodyLimit(8192).setHandleFileUploads(false))
                .handler(rc -> login(rc, vertx));
        router.post("/auth/logout").order(order).handler(this::logout);
        router.get("/auth/me").order(order).handler(this::me);
        router.get("/auth/config").order(order).handler(this::signInOptions);
        router.get(OIDC_LOGIN).order(order).handler(this::signedInWithProvider);
        // reached only when quarkus-oidc had nothing to do: no code to redeem, no provider session to end
        router.get("/auth/oidc/callback").order(order).handler(rc -> redirect(rc, "/login"));
        router.get(OIDC_LOGOUT).order(order).handler(rc -> redirect(rc, "/login"));
        router.route("/auth/*").order(order + 1).handler(rc -> ErrorResponses.send(rc, 404, "Not Found",
                "The sign-in API has /auth/login, /auth/logout, /auth/me, /auth/config and /auth/oidc/login."));
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
            ErrorResponses.send(rc, refused.status(), switch (refused.status()) {
                case 429 -> "Too Many Requests";
                case 403 -> "Forbidden";
                default -> "Unauthorized";
            },
                    refused.reason());
            return;
        }
        Caller caller = ((Authentication.SignedIn) outcome).caller();
        cookies.start(rc, caller.user());
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
        cookies.end(rc);
        // a provider session ends at the provider: the browser goes on to quarkus-oidc's logout path
        String next = null;
        if (OidcIdentities.hasProviderSession(rc)) {
            if (config.gateway().oidc().providerSignOut()) {
                next = OIDC_LOGOUT;
            } else {
                OidcIdentities.endLocalSession(rc);
                next = config.gateway().oidc().signOutUrl().orElse("/login?signedOut=local");
            }
        }
        if (ErrorResponses.wantsHtml(rc)) {
            redirect(rc, next == null ? "/login" : next);
        } else if (next != null) {
            rc.json(new JsonObject().put("next", next));
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

    /** What the login page offers: the password form, the provider's button, or both. */
    private void signInOptions(RoutingContext rc) {
        GatewayConfig.Oidc oidc = config.gateway().oidc();
        rc.json(new JsonObject().put("passwords", authenticator.passwordsAllowed()).put("oidc", oidc.enabled()
                ? new JsonObject().put("name", oidc.providerName()).put("login", OIDC_LOGIN)
                : null));
    }

    /** Back from the provider, signed in (the first request already made the user's library folders). */
    private void signedInWithProvider(RoutingContext rc) {
        if (!config.gateway().oidc().enabled()) {
            ErrorResponses.send(rc, 404, "Not Found", "No OIDC provider is configured here; sign in with a password.");
            return;
        }
        if (!(rc.get(GatewayKeys.AUTHENTICATION) instanceof Authentication.SignedIn)) {
            redirect(rc, "/login");
            return;
        }
        redirect(rc, safeNext(rc.request().getParam("next")));
    }

    private static void redirect(RoutingContext rc, String location) {
        rc.response().setStatusCode(303).putHeader(HttpHeaders.LOCATION, location).end();
    }

    private static JsonObject me(Caller caller) {
        return new JsonObject().put("user", caller.user()).put("admin", caller.admin());
    }

    /**
     * Only a path of this origin may follow sign-in: an open redirect would help phishing. Browsers drop
     * tabs and newlines from a Location ("/<TAB>/evil.example/" becomes "//evil.example/") and read "\\"
     * as "/", and a control character cannot go into a header at all: so the path is "/" then anything
     * but "/" or "\\", in printable ASCII only, with none of the characters a URL never holds unescaped.
     */
    public static String safeNext(String next) {
        if (next == null || next.length() > 2048 || !next.startsWith("/") || next.startsWith("//")) {
            return "/";
        }
        for (int i = 0; i < next.length(); i++) {
            char c = next.charAt(i);
            if (c <= 0x20 || c >= 0x7f || UNSAFE_IN_NEXT.indexOf(c) >= 0) {
                return "/";
            }
        }
        return next;
    }

    private static final String UNSAFE_IN_NEXT = "\\\"<>^`{|}";
}
