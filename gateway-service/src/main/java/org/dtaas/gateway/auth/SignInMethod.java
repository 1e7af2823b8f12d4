package org.dtaas.gateway.auth;

import io.vertx.ext.web.RoutingContext;
import org.dtaas.gateway.identity.Authentication;

/**
 * One way a request signs in: the provider's session (OIDC), the platform's session cookie, a tools
 * origin's cookie, HTTP Basic. {@link SignIn} asks its methods in order; the first that applies decides.
 */
public interface SignInMethod {

    /** Does the request carry this method's credentials? Cheap (no password check): runs on the event loop. */
    boolean appliesTo(RoutingContext rc);

    /** Whether {@link #authenticate} blocks for this request (bcrypt, the library-service): it then runs on a worker. */
    default boolean blocks(RoutingContext rc) {
        return false;
    }

    /** What the credentials are worth (it may also renew a cookie or note the session on {@code rc}). */
    Authentication authenticate(RoutingContext rc);
}
