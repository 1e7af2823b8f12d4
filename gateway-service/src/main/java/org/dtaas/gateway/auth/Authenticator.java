package org.dtaas.gateway.auth;

import org.dtaas.gateway.identity.Authentication;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.dtaas.gateway.config.GatewayConfig;
import org.dtaas.gateway.identity.GatewayKeys;
import org.dtaas.gateway.identity.LoginThrottle;
import org.dtaas.gateway.identity.PasswordCheck;
import org.dtaas.gateway.identity.SessionStore;
import org.dtaas.gateway.identity.UserDirectory;
import org.dtaas.identity.Caller;

/**
 * Turns a request's credentials (session cookie or HTTP Basic) into a caller. Password checks go
 * through the throttle, for Basic just as for the login form, so scripts cannot be used to guess.
 * Password checks block (bcrypt), so {@link #authenticateBasic} must run off the event loop when
 * {@link #needsPasswordCheck} says so.
 */
@Singleton
public class Authenticator {
    private static final Object NO_CREDENTIALS = new Object();

    private final GatewayConfig config;
    private final SessionStore sessions;
    private final UserDirectory users;
    private final PasswordCheck passwords;
    private final LoginThrottle throttle;

    public Authenticator(GatewayConfig config, SessionStore sessions, UserDirectory users, PasswordCheck passwords,
            LoginThrottle throttle) {
        this.config = config;
        this.sessions = sessions;
        this.users = users;
        this.passwords = passwords;
        this.throttle = throttle;
    }

    /** The request's live session of a built-in user (the cookie is checked once per request, here). */
    public Optional<SessionStore.Session> session(HttpServerRequest request) {
        return session(request.headers());
    }

    /** {@link #session(HttpServerRequest)} from a request's headers. */
    public Optional<SessionStore.Session> session(io.vertx.core.MultiMap requestHeaders) {
        // bound to the account: a removed user or a reset password has no live session (SessionStore)
        return sessions.open(RequestCookies.value(requestHeaders, config.gateway().session().cookieName()));
    }

    public Authentication signedIn(SessionStore.Session session) {
        return new Authentication.SignedIn(callerFor(session.user()), true);
    }

    /** Whether the request carries HTTP Basic credentials to check (bcrypt: off the event loop). */
    public boolean needsPasswordCheck(RoutingContext rc) {
        return passwordsAllowed() && basicAttempt(rc) != null;
    }

    /**
     * Whether {@link #authenticateBasic} would block for this request: not when the same credentials
     * passed recently (no bcrypt then), so scripts that send Basic on every call skip the worker hop.
     * The throttle is still asked, by {@link #checkPassword}, on whichever thread runs it.
     */
    public boolean basicCheckBlocks(RoutingContext rc) {
        PasswordCheck.Attempt attempt = basicAttempt(rc);
        return attempt == null || !passwords.isRemembered(attempt);
    }

    /** HTTP Basic, or anonymous when the request has none (or passwords are off). Blocks (bcrypt) unless {@link #basicCheckBlocks} says not. */
    public Authentication authenticateBasic(RoutingContext rc) {
        PasswordCheck.Attempt attempt = basicAttempt(rc);
        if (attempt == null || !passwordsAllowed()) {
            return new Authentication.Anonymous();
        }
        return checkPassword(attempt.user(), attempt, rc.request().remoteAddress().hostAddress());
    }

    /** The password check shared by HTTP Basic and the login form. */
    public Authentication checkPassword(String user, String password, String address) {
        return checkPassword(user, passwords.attempt(user, password), address);
    }

    private Authentication checkPassword(String user, PasswordCheck.Attempt attempt, String address) {
        if (!passwordsAllowed()) {
            return new Authentication.Refused(403, "Passwords are switched off here: sign in with "
                    + config.gateway().oidc().providerName() + ".", 0);
        }
        long wait = throttle.retryAfterSeconds(user, address);
        if (wait > 0) {
            return new Authentication.Refused(429, "Too many failed sign-ins; try again in " + wait + " s.", wait);
        }
        if (!passwords.verify(attempt)) {
            throttle.recordFailure(user, address);
            return new Authentication.Refused(401, "Wrong user name or password.", 0);
        }
        throttle.recordSuccess(user, address);
        return new Authentication.SignedIn(callerFor(user), false);
    }

    /**
     * The request's HTTP Basic credentials as a password attempt, or null when it has none. Made once a
     * request (the user's hash looked up and the remembered-success key hashed once), however often asked.
     */
    private PasswordCheck.Attempt basicAttempt(RoutingContext rc) {
        Object known = rc.get(GatewayKeys.BASIC_ATTEMPT);
        if (known != null) {
            return known instanceof PasswordCheck.Attempt attempt ? attempt : null;
        }
        String[] basic = basicCredentials(rc.request());
        PasswordCheck.Attempt attempt = basic == null ? null : passwords.attempt(basic[0], basic[1]);
        rc.put(GatewayKeys.BASIC_ATTEMPT, attempt == null ? NO_CREDENTIALS : attempt);
        return attempt;
    }

    /** Built-in users sign in with passwords unless an admin switched that off (DTAAS_PASSWORD_LOGIN=false). */
    public boolean passwordsAllowed() {
        return config.gateway().login().passwords();
    }

    private Caller callerFor(String user) {
        return new Caller(user, users.isAdmin(user));
    }

    private static String[] basicCredentials(HttpServerRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
