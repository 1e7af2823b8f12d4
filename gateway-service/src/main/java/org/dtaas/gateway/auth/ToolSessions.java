package org.dtaas.gateway.auth;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.dtaas.gateway.identity.SessionStore;
import org.dtaas.gateway.routing.ToolOrigins;
import org.dtaas.gateway.web.ErrorResponses;
import org.dtaas.identity.Caller;

/**
 * Signing in on a user's tools origin, the way JupyterHub hands a hub session on to a user's server:
 * the platform origin sends a signed-in visitor there with a one-time code (valid a minute, bound to
 * that origin), and the tools origin answers with a cookie of its own, valid on that origin only and for
 * nothing else. It ends with the platform session it came from (sign-out, password reset, removal).
 * The platform's cookie never reaches a tools origin, so a page a user's tool serves cannot use it.
 */
@Singleton
public class ToolSessions {

    public static final String HANDOFF_PATH = "/_dtaas/handoff";
    public static final String COOKIE = SessionStore.TOOLS_COOKIE;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SessionStore sessions;
    private final ToolOrigins origins;

    public ToolSessions(SessionStore sessions, ToolOrigins origins) {
        this.sessions = sessions;
        this.origins = origins;
    }

    /**
     * Where the browser goes from the platform origin to open {@code uri} (a path of {@code owner}'s tools)
     * as {@code caller}; {@code platformSession}: the built-in session it signed in with, when it did.
     */
    public String handoffLocation(Caller caller, Optional<SessionStore.Session> platformSession, String owner, String uri) {
        SessionStore.Session session = platformSession.orElseGet(() -> {
            // HTTP Basic or the provider's sign-in: a session of the tools origin's own, ended by time
            byte[] id = new byte[16];
            RANDOM.nextBytes(id);
            long now = System.currentTimeMillis();
            return new SessionStore.Session(caller.user(), Base64.getUrlEncoder().withoutPadding().encodeToString(id), now, now);
        });
        return origins.originOf(owner) + HANDOFF_PATH + "?code=" + encode(sessions.handoff(session, owner)) + "&next="
                + encode(uri);
    }

    /** {@code GET /_dtaas/handoff} on {@code owner}'s origin: the code becomes this origin's cookie, then on to {@code next}. */
    public void redeem(RoutingContext rc, String owner) {
        Optional<SessionStore.Session> session = sessions.redeem(rc.request().getParam("code"), owner);
        rc.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store").putHeader("Referrer-Policy", "no-referrer");
        if (session.isEmpty()) {
            ErrorResponses.send(rc, 403, "Forbidden", "This link to the tools of " + owner + " was used already or is older"
                    + " than " + SessionStore.HANDOFF_SECONDS + " s. Open the tool again from the Workbench.");
            return;
        }
        String next = AuthRoutes.safeNext(rc.request().getParam("next"));
        if (!next.startsWith("/" + owner + "/")) {
            next = "/" + owner + "/";
        }
        long left = sessions.maxAgeSeconds() - (System.currentTimeMillis() - session.get().createdAt()) / 1000;
        rc.response().addCookie(cookie(rc, sessions.toolSession(session.get(), owner), Math.max(left, 1)));
        rc.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, next).end();
    }

    /** The live session of {@code owner}'s tools origin that the request carries. */
    public Optional<SessionStore.Session> session(HttpServerRequest request, String owner) {
        return session(request.headers(), owner);
    }

    /** {@link #session(HttpServerRequest, String)} from a request's headers. */
    public Optional<SessionStore.Session> session(io.vertx.core.MultiMap requestHeaders, String owner) {
        String cookie = RequestCookies.value(requestHeaders, COOKIE);
        return cookie == null ? Optional.empty() : sessions.openTool(cookie, owner);
    }

    /** As the platform's cookie: re-issued now and then while used, which moves its idle deadline. */
    public void renewIfDue(RoutingContext rc, SessionStore.Session session, String owner) {
        sessions.toolRenewal(session, owner).ifPresent(value -> {
            long left = sessions.maxAgeSeconds() - (System.currentTimeMillis() - session.createdAt()) / 1000;
            rc.response().addCookie(cookie(rc, value, Math.max(left, 1)));
        });
    }

    /** Host-only (no Domain): sent to this user's tools origin and nowhere else. */
    private static Cookie cookie(RoutingContext rc, String value, long maxAgeSeconds) {
        boolean https = rc.request().isSSL() || "https".equals(rc.request().getHeader("X-Forwarded-Proto"));
        return Cookie.cookie(COOKIE, value).setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.LAX).setSecure(https)
                .setMaxAge(maxAgeSeconds);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
