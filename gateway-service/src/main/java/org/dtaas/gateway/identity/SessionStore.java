package org.dtaas.gateway.identity;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.dtaas.gateway.config.GatewayConfig;
import org.dtaas.identity.InternalToken;

/**
 * Signed-in browser sessions of built-in users, kept in the cookie itself so that every gateway
 * replica accepts them: {@code v1.<user:created:issued:id>.<HMAC-SHA256>}, the key derived from the
 * internal signing key all replicas share. A session ends after its idle time (the cookie is issued
 * anew at most once a minute while used, which moves the idle deadline) and after its maximum age.
 * Sign-out revokes the id for every replica ({@link RevokedSessions}, a file in the shared
 * DTAAS_HOME) and deletes the browser's cookie; a user removed from users.htpasswd loses every
 * session at once (the authenticator checks).
 */
@ApplicationScoped
public class SessionStore {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String VERSION = "v1";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final long idleMillis;
    private final long maxAgeMillis;
    private final long renewAfterMillis;
    private final SecretKeySpec key;
    private final RevokedSessions revoked;

    public record Session(String user, String id, long createdAt, long issuedAt) {
    }

    @jakarta.inject.Inject
    public SessionStore(GatewayConfig config) {
        this(config.gateway().session().idleTimeout(), config.gateway().session().maxAge(),
                Path.of(config.keysDir()).resolve(InternalToken.PRIVATE_KEY_FILE),
                new RevokedSessions(Path.of(config.home(), "run", "revoked-sessions"), 1000));
    }

    SessionStore(Duration idleTimeout, Duration maxAge, Path signingKey, RevokedSessions revoked) {
        this(idleTimeout, maxAge, keyFrom(signingKey), revoked);
    }

    SessionStore(Duration idleTimeout, Duration maxAge) {
        this(idleTimeout, maxAge, randomKey(), new RevokedSessions(null, 0));
    }

    private SessionStore(Duration idleTimeout, Duration maxAge, byte[] key, RevokedSessions revoked) {
        this.revoked = revoked;
        this.idleMillis = idleTimeout.toMillis();
        this.maxAgeMillis = maxAge.toMillis();
        this.renewAfterMillis = Math.min(idleMillis / 4, 60_000);
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    /** A new session's cookie value. */
    public String create(String user) {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        long now = System.currentTimeMillis();
        return sign(new Session(user, B64.encodeToString(id), now, now));
    }

    /** The user of a live session; empty for forged, expired or signed-out cookies. */
    Optional<String> user(String cookie) {
        return open(cookie).map(Session::user);
    }

    public Optional<Session> open(String cookie) {
        if (cookie == null || cookie.length() > 512 || !cookie.startsWith(VERSION + ".")) {
            return Optional.empty();
        }
        int dot = cookie.lastIndexOf('.');
        String payload = cookie.substring(VERSION.length() + 1, Math.max(dot, VERSION.length() + 1));
        if (dot <= VERSION.length() + 1 || !MessageDigest.isEqual(mac(payload).getBytes(StandardCharsets.US_ASCII),
                cookie.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8).split(":");
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (parts.length != 4) {
            return Optional.empty();
        }
        Session session = new Session(parts[0], parts[3], Long.parseLong(parts[1]), Long.parseLong(parts[2]));
        long now = System.currentTimeMillis();
        boolean expired = now - session.issuedAt() > idleMillis || now - session.createdAt() > maxAgeMillis;
        return expired || revoked.isRevoked(session.id()) ? Optional.empty() : Optional.of(session);
    }

    /** A fresh cookie value for a session in use, once a minute at most: it moves the idle deadline. */
    public Optional<String> renewal(Session session) {
        long now = System.currentTimeMillis();
        return now - session.issuedAt() < renewAfterMillis ? Optional.empty()
                : Optional.of(sign(new Session(session.user(), session.id(), session.createdAt(), now)));
    }

    public void delete(String cookie) {
        open(cookie).ifPresent(s -> revoked.revoke(s.id(), s.createdAt() + maxAgeMillis));
    }

    public long maxAgeSeconds() {
        return maxAgeMillis / 1000;
    }

    @Scheduled(every = "60s")
    void forgetOldRevocations() {
        revoked.forgetExpired(System.currentTimeMillis());
    }

    private String sign(Session s) {
        String payload = B64.encodeToString((s.user() + ":" + s.createdAt() + ":" + s.issuedAt() + ":" + s.id())
                .getBytes(StandardCharsets.UTF_8));
        return VERSION + "." + payload + "." + mac(payload);
    }

    private String mac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return B64.encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every replica has the same internal signing key, so the same session key; it never leaves the gateway. */
    private static byte[] keyFrom(Path privateKey) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("dtaas-session-cookie-v1".getBytes(StandardCharsets.US_ASCII));
            return sha.digest(Files.readAllBytes(privateKey));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the gateway's signing key " + privateKey, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }
}
