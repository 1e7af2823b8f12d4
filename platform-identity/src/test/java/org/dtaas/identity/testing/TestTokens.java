package org.dtaas.identity.testing;

import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Set;
import org.dtaas.identity.InternalToken;

/** Mints internal tokens in tests, signed like the gateway's (or deliberately not). */
public final class TestTokens {

    private TestTokens() {
    }

    public static String bearer(String user) {
        return "Bearer " + token(user, false, InternalToken.ISSUER, InternalToken.LIFETIME.toSeconds());
    }

    public static String adminBearer(String user) {
        return "Bearer " + token(user, true, InternalToken.ISSUER, InternalToken.LIFETIME.toSeconds());
    }

    /** A token with any issuer and lifetime (negative: already expired), for the rejection paths. */
    public static String token(String user, boolean admin, String issuer, long lifetimeSeconds) {
        long now = System.currentTimeMillis() / 1000;
        Set<String> groups = admin ? Set.of(InternalToken.USER_GROUP, InternalToken.ADMIN_GROUP)
                : Set.of(InternalToken.USER_GROUP);
        return Jwt.issuer(issuer).audience(InternalToken.AUDIENCE).upn(user).groups(groups)
                .issuedAt(now - 5).expiresAt(now + lifetimeSeconds).sign(privateKey());
    }

    private static PrivateKey privateKey() {
        try {
            String pem = Files.readString(TestPlatformHome.privateKey());
            String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
