package org.dtaas.gateway.oidc;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.IdTokenCredential;
import io.quarkus.oidc.UserInfo;
import io.quarkus.oidc.runtime.OidcUtils;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.dtaas.gateway.identity.Authentication;
import org.dtaas.gateway.config.GatewayConfig;
import org.dtaas.gateway.identity.UserDirectory;
import org.dtaas.identity.Caller;
import org.dtaas.identity.UserNames;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Turns the identity quarkus-oidc verified for a request (its code-flow session cookie or a bearer
 * token, checked before the gateway's own handlers run) into a DTaaS caller: the user name from the
 * configured claim, admin from the configured role/group or from config/admins.
 */
@Singleton
public class OidcIdentities {

    /** quarkus-oidc's session cookie (default tenant). */
    static final String SESSION_COOKIE = "q_session";

    private final GatewayConfig.Oidc config;
    private final UserDirectory users;

    public OidcIdentities(GatewayConfig config, UserDirectory users) {
        this.config = config.gateway().oidc();
        this.users = users;
    }

    /** Empty when OIDC is off or the request carried no OIDC credentials. */
    public Optional<Authentication> of(RoutingContext rc) {
        if (!config.enabled() || !(rc.user() instanceof QuarkusHttpUser user)) {
            return Optional.empty();
        }
        SecurityIdentity identity = user.getSecurityIdentity();
        if (identity == null || identity.isAnonymous()) {
            return Optional.empty();
        }
        boolean session = identity.getCredential(IdTokenCredential.class) != null;
        if (!session && identity.getCredential(AccessTokenCredential.class) == null) {
            return Optional.empty(); // not an OIDC identity
        }
        // provider names such as "Alice" or "alice" are the same person; DTaaS names are lowercase
        String claimed = userName(identity);
        String name = claimed == null ? "" : claimed.strip().toLowerCase(Locale.ROOT);
        if (!UserNames.isValidUser(name)) {
            return Optional.of(new Authentication.Refused(403, "Your account's '" + config.usernameClaim() + "' is '"
                    + claimed + "', which cannot be a DTaaS user name (" + UserNames.rule() + "). Ask an admin to choose "
                    + "another claim (DTAAS_OIDC_USERNAME_CLAIM) or to rename the account.", 0));
        }
        boolean admin = users.isAdmin(name) || config.adminRole().map(identity::hasRole).orElse(false);
        return Optional.of(new Authentication.SignedIn(new Caller(name, admin), session));
    }

    /**
     * The configured claim from the token, else from the provider's userinfo (GitLab puts the user
     * name only there in some versions; QUARKUS_OIDC_AUTHENTICATION_USER_INFO_REQUIRED fetches it),
     * else the principal quarkus-oidc chose.
     */
    private String userName(SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof JsonWebToken token && token.containsClaim(config.usernameClaim())) {
            Object value = token.getClaim(config.usernameClaim());
            // smallrye-jwt hands custom claims out as JSON values
            return value instanceof jakarta.json.JsonString json ? json.getString() : String.valueOf(value);
        }
        if (identity.getAttribute(OidcUtils.USER_INFO_ATTRIBUTE) instanceof UserInfo info
                && info.getString(config.usernameClaim()) != null) {
            return info.getString(config.usernameClaim());
        }
        return identity.getPrincipal().getName();
    }

    /**
     * Ends the code-flow session in this browser only (its encrypted cookie, which quarkus-oidc may
     * have split into chunks), for providers that cannot end theirs from another site.
     */
    public static void endLocalSession(RoutingContext rc) {
        for (String name : List.of(SESSION_COOKIE, SESSION_COOKIE + "_chunk_1", SESSION_COOKIE + "_chunk_2",
                SESSION_COOKIE + "_chunk_3", SESSION_COOKIE + "_chunk_4")) {
            if (rc.request().getCookie(name) != null) {
                rc.response().addCookie(Cookie.cookie(name, "").setPath("/").setMaxAge(0).setHttpOnly(true));
            }
        }
    }

    /** True when the request is signed in through the provider's code flow (it has a session to end there too). */
    public static boolean hasProviderSession(RoutingContext rc) {
        return rc.user() instanceof QuarkusHttpUser user && user.getSecurityIdentity() != null
                && user.getSecurityIdentity().getCredential(IdTokenCredential.class) != null;
    }
}
