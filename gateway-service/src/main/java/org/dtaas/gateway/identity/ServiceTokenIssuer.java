package org.dtaas.gateway.identity;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.dtaas.gateway.config.GatewayConfig;
import org.dtaas.identity.Caller;
import org.dtaas.identity.InternalToken;

/**
 * Mints the internal identity tokens services verify. A token is re-used for half its lifetime, so
 * a busy user costs one RSA signature per 30 s rather than one per request.
 */
@Singleton
public class ServiceTokenIssuer {

    /** The gateway's own identity when it asks a service for platform data (route table). */
    public static final Caller GATEWAY = new Caller("_gateway", true);

    private static final long REUSE_MILLIS = InternalToken.LIFETIME.toMillis() / 2;

    private final Path privateKeyFile;
    private volatile PrivateKey privateKey;
    private final ConcurrentHashMap<Caller, Minted> recent = new ConcurrentHashMap<>();

    private record Minted(String token, long at) {
    }

    public ServiceTokenIssuer(GatewayConfig config) {
        this.privateKeyFile = Path.of(config.keysDir(), InternalToken.PRIVATE_KEY_FILE);
    }

    public String tokenFor(Caller caller) {
        long now = System.currentTimeMillis();
        Minted minted = recent.get(caller);
        if (minted == null || now - minted.at() > REUSE_MILLIS) {
            minted = new Minted(sign(caller, key(), now / 1000), now);
            recent.put(caller, minted);
        }
        return minted.token();
    }

    /** An internal token for {@code caller}, valid from {@code nowSeconds} for {@link InternalToken#LIFETIME}. */
    public static String sign(Caller caller, PrivateKey key, long nowSeconds) {
        Set<String> groups = caller.admin() ? Set.of(InternalToken.USER_GROUP, InternalToken.ADMIN_GROUP)
                : Set.of(InternalToken.USER_GROUP);
        return Jwt.issuer(InternalToken.ISSUER).audience(InternalToken.AUDIENCE).upn(caller.user()).groups(groups)
                .issuedAt(nowSeconds).expiresAt(nowSeconds + InternalToken.LIFETIME.toSeconds()).sign(key);
    }

    private PrivateKey key() {
        PrivateKey key = privateKey;
        if (key == null) {
            key = readKey(privateKeyFile);
            privateKey = key;
        }
        return key;
    }

    public static PrivateKey readKey(Path privateKeyFile) {
        try {
            return KeyUtils.decodePrivateKey(Files.readString(privateKeyFile));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the internal signing key " + privateKeyFile
                    + "; './dtaas up' creates it on first start", e);
        }
    }
}
