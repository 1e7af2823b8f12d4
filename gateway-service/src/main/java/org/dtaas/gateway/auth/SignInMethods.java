package org.dtaas.gateway.auth;

import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import org.dtaas.gateway.identity.Authentication;
import org.dtaas.gateway.identity.GatewayKeys;
import org.dtaas.gateway.oidc.OidcIdentities;
import org.dtaas.gateway.oidc.ProviderUserSetup;

/** The gateway's sign-in methods ({@link SignInMethod}), each a small class of its own. */
@Singleton
public class SignInMethods {

    private final Authenticator authenticator;
    private final OidcIdentities oidc;
    private final ProviderUserSetup providerUsers;
    private final SessionCookies sessionCookies;
    private final ToolSessions toolSessions;

    public SignInMethods(Authenticator authenticator, OidcIdentities oidc, ProviderUserSetup providerUsers,
            SessionCookies sessionCookies, ToolSessions toolSessions) {
        this.authenticator = authenticator;
        this.oidc = oidc;
        this.providerUsers = providerUsers;
        this.sessionCookies = sessionCookies;
        this.toolSessions = toolSessions;
    }

    /** The provider's session or bearer token (quarkus-oidc verified it); a new provider user's folders are made first. */
    public SignInMethod provider() {
        return new SignInMethod() {
            @Override
            public boolean appliesTo(RoutingContext rc) {
                return oidc.of(rc).isPresent();
            }

            @Override
            public boolean blocks(RoutingContext rc) {
                return oidc.of(rc).get() instanceof Authentication.SignedIn signedIn && !providerUsers.isReady(signedIn.caller().user());
            }

            @Override
            public Authentication authenticate(RoutingContext rc) {
                Authentication authentication = oidc.of(rc).get();
                if (authentication instanceof Authentication.SignedIn signedIn && !providerUsers.isReady(signedIn.caller().user())) {
                    providerUsers.prepare(signedIn.caller()); // the library-service is called: a worker runs this
                }
                return authentication;
            }
        };
    }

    /** The platform's session cookie of a built-in user, re-issued now and then while used. */
    public SignInMethod sessionCookie() {
        return new SignInMethod() {
            @Override
            public boolean appliesTo(RoutingContext rc) {
                var session = authenticator.session(rc.request());
                session.ifPresent(s -> rc.put(GatewayKeys.SESSION, s));
                return session.isPresent();
            }

            @Override
            public Authentication authenticate(RoutingContext rc) {
                var session = (org.dtaas.gateway.identity.SessionStore.Session) rc.get(GatewayKeys.SESSION);
                sessionCookies.renewIfDue(rc, session);
                return authenticator.signedIn(session);
            }
        };
    }

    /** A tools origin's own cookie, from the hand-off (the owner is the origin's: GatewayKeys.TOOLS_OWNER). */
    public SignInMethod toolsCookie() {
        return new SignInMethod() {
            @Override
            public boolean appliesTo(RoutingContext rc) {
                String owner = rc.get(GatewayKeys.TOOLS_OWNER);
                var session = toolSessions.session(rc.request(), owner);
                session.ifPresent(s -> rc.put(GatewayKeys.TOOLS_SESSION, s));
                return session.isPresent();
            }

            @Override
            public Authentication authenticate(RoutingContext rc) {
                var session = (org.dtaas.gateway.identity.SessionStore.Session) rc.get(GatewayKeys.TOOLS_SESSION);
                toolSessions.renewIfDue(rc, session, rc.get(GatewayKeys.TOOLS_OWNER));
                return authenticator.signedIn(session);
            }
        };
    }

    /** HTTP Basic: a password check through the sign-in throttle (bcrypt: on a worker). */
    public SignInMethod basic() {
        return new SignInMethod() {
            @Override
            public boolean appliesTo(RoutingContext rc) {
                return authenticator.needsPasswordCheck(rc);
            }

            @Override
            public boolean blocks(RoutingContext rc) {
                return authenticator.basicCheckBlocks(rc);
            }

            @Override
            public Authentication authenticate(RoutingContext rc) {
                return authenticator.authenticateBasic(rc);
            }
        };
    }
}
