package org.dtaas.identity;

import java.time.Duration;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The short-lived identity token the gateway mints for every request it forwards to a service.
 * Only the gateway holds the private key; services verify with the public key and never trust a
 * user name that a client sent. Claims: {@code upn} = user, {@code groups} contains {@link #ADMIN_GROUP}
 * for admins.
 */
public final class InternalToken {

    public static final String ISSUER = "dtaas-gateway";
    public static final String AUDIENCE = "dtaas-services";
    public static final String USER_GROUP = "user";
    public static final String ADMIN_GROUP = "admin";
    /** Short enough that a leaked token is nearly worthless, long enough for a slow request to start. */
    public static final Duration LIFETIME = Duration.ofSeconds(60);

    public static final String PRIVATE_KEY_FILE = "internal-private.pem";
    public static final String PUBLIC_KEY_FILE = "internal-public.pem";

    private InternalToken() {
    }

    /** The caller a verified token stands for; refuses (rather than guesses) when there is none. */
    public static Caller callerOf(JsonWebToken token) {
        String user = token == null ? null : token.getName();
        if (user == null) {
            throw new IllegalStateException("no verified internal token in this request");
        }
        java.util.Set<String> groups = token.getGroups();
        return new Caller(user, groups != null && groups.contains(ADMIN_GROUP));
    }
}
