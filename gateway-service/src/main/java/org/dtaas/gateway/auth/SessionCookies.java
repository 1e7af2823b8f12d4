package org.dtaas.gateway.auth;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import org.dtaas.gateway.config.GatewayConfig;
import org.dtaas.gateway.identity.SessionStore;

/** The session cookie as the browser gets it: HttpOnly, SameSite=Lax, Secure behind HTTPS, re-issued while used. */
@Singleton
public class SessionCookies {

    private final SessionStore sessions;
    private final String name;

    public SessionCookies(SessionStore sessions, GatewayConfig config) {
        this.sessions = sessions;
        this.name = config.gateway().session().cookieName();
    }

    public void start(RoutingContext rc, String user) {
        rc.response().addCookie(cookie(rc, sessions.create(user), sessions.maxAgeSeconds()));
    }

    public void end(RoutingContext rc) {
        Cookie sent = rc.request().getCookie(name);
        if (sent != null) {
            sessions.delete(sent.getValue());
        }
        rc.response().addCookie(cookie(rc, "", 0));
    }

    /** A session in use gets a new cookie now and then, which moves its idle deadline (any replica can check it). */
    public void renewIfDue(RoutingContext rc, SessionStore.Session session) {
        sessions.renewal(session).ifPresent(value -> {
            long left = sessions.maxAgeSeconds() - (System.currentTimeMillis() - session.createdAt()) / 1000;
            rc.response().addCookie(cookie(rc, value, Math.max(left, 1)));
        });
    }

    private Cookie cookie(RoutingContext rc, String value, long maxAgeSeconds) {
        boolean https = rc.request().isSSL() || "https".equals(rc.request().getHeader("X-Forwarded-Proto"));
        return Cookie.cookie(name, value).setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.LAX).setSecure(https)
                .setMaxAge(maxAgeSeconds);
    }
}
