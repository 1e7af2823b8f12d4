package org.dtaas.gateway.identity;

import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
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
 * DTAAS_HOME) and deletes the browser's cookie.
 * <p>
 * A session is bound to its account: the signature covers the account's stamp (the user's current
 * bcrypt entry, whose salt is new at every password change), so a password reset, a removal, and a
 * removed name added again each end every earlier session on every replica, with no state to share.
 */
@Singleton
public class SessionStore {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String VERSION = "v1";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    /** What a value is for, signed with it: the platform's cookie, a hand-off code, a tools origin's cookie. */
    private static final String PLATFORM = "";
    private static final String HANDOFF = "handoff:";
    private static final String TOOLS = "tools:";
    /** Between a session's id and a hand-off code's nonce (neither is ever '~': base64url). */
    private static final String HANDOFF_MARK = "~";
    public static final int HANDOFF_SECONDS = 60;
    /** The cookie of a user's tools origin (the platform's own is configured: dtaas.gateway.session.cookie-name). */
    public static final String TOOLS_COOKIE = "dtaas_tool";

    private final long idleMillis;
    private final long maxAgeMillis;
    private final long renewAfterMillis;
    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);
    private final RevokedSessions revoked;
    private final AccountStamps stamps;
    /**
     * Values whose signature held, by purpose and exact value, with the stamp they held with: a browser
     * sends the same cookie with every request, and checking its HMAC (with the decoding around it) each
     * time was ~4% of the gateway's CPU on a small proxied request (profiled). Only the signature is
     * remembered; the stamp, age, idle time and revocation are checked at every use.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, Verified> verified = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_VERIFIED = 10_000;

    private record Verified(Session session, String stamp) {
    }

    /** What a session is bound to: changes when the account's password does; empty when there is no account. */
    @FunctionalInterface
    public interface AccountStamps {
        Optional<String> of(String user);
    }

    public record Session(String user, String id, long createdAt, long issuedAt) {
    }

    @jakarta.inject.Inject
    public SessionStore(GatewayConfig config, UserDirectory users) {
        this(config.gateway().session().idleTimeout(), config.gateway().session().maxAge(),
                Path.of(config.keysDir()).resolve(InternalToken.PRIVATE_KEY_FILE),
                new RevokedSessions(Path.of(config.home(), "run", "revoked-sessions"), 1000),
                // accounts of the provider have no password here: their tools sessions end by time and sign-out
                user -> users.passwordHash(user).or(() -> Optional.of("signed in through the provider")));
    }

    SessionStore(Duration idleTimeout, Duration maxAge, Path signingKey, RevokedSessions revoked, AccountStamps stamps) {
        this(idleTimeout, maxAge, keyFrom(signingKey), revoked, stamps);
    }

    SessionStore(Duration idleTimeout, Duration maxAge, AccountStamps stamps) {
        this(idleTimeout, maxAge, randomKey(), new RevokedSessions(null, 0), stamps);
    }

    private SessionStore(Duration idleTimeout, Duration maxAge, byte[] key, RevokedSessions revoked, AccountStamps stamps) {
        this.revoked = revoked;
        this.stamps = stamps;
        this.idleMillis = idleTimeout.toMillis();
        this.maxAgeMillis = maxAge.toMillis();
        this.renewAfterMillis = Math.min(idleMillis / 4, 60_000);
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    /** A new session's cookie value (the account must exist: a session is bound to it). */
    public String create(String user) {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        long now = System.currentTimeMillis();
        String stamp = stamps.of(user).orElseThrow(() -> new IllegalArgumentException("no account " + user));
        return sign(new Session(user, B64.encodeToString(id), now, now), stamp, PLATFORM);
    }

    /** The user of a live session; empty for forged, expired or signed-out cookies. */
    Optional<String> user(String cookie) {
        return open(cookie).map(Session::user);
    }

    public Optional<Session> open(String cookie) {
        return open(cookie, PLATFORM, idleMillis);
    }

    /**
     * A one-time code (valid {@link #HANDOFF_SECONDS} s) that hands {@code session} on to {@code owner}'s
     * tools origin, where {@link #redeem} turns it into a session of that origin only.
     */
    public String handoff(Session session, String owner) {
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        long now = System.currentTimeMillis();
        String stamp = stamps.of(session.user()).orElseThrow(() -> new IllegalArgumentException("no account " + session.user()));
        return sign(new Session(session.user(), session.id() + HANDOFF_MARK + B64.encodeToString(nonce), session.createdAt(), now),
                stamp, HANDOFF + owner);
    }

    /** The session a hand-off code carries, once: a code used before, expired or for another origin gives nothing. */
    public Optional<Session> redeem(String code, String owner) {
        Optional<Session> carried = open(code, HANDOFF + owner, HANDOFF_SECONDS * 1000L);
        if (carried.isEmpty() || !carried.get().id().contains(HANDOFF_MARK)) {
            return Optional.empty();
        }
        Session handed = carried.get();
        // used once, on every replica: the code's id joins the revoked ones until it would have expired anyway
        revoked.revoke(handed.id(), handed.issuedAt() + 2 * HANDOFF_SECONDS * 1000L);
        String sessionId = platformIdOf(handed.id());
        return revoked.isRevoked(sessionId) ? Optional.empty()
                : Optional.of(new Session(handed.user(), sessionId, handed.createdAt(), System.currentTimeMillis()));
    }

    /** The cookie value of {@code session} on {@code owner}'s tools origin (worthless anywhere else). */
    public String toolSession(Session session, String owner) {
        String stamp = stamps.of(session.user()).orElseThrow(() -> new IllegalArgumentException("no account " + session.user()));
        return sign(session, stamp, TOOLS + owner);
    }

    /** A live session of {@code owner}'s tools origin: it ends with the platform session it came from. */
    public Optional<Session> openTool(String cookie, String owner) {
        return open(cookie, TOOLS + owner, idleMillis);
    }

    /** Whether a session in use is due a fresh cookie ({@link #renewal}, {@link #toolRenewal}). */
    public boolean renewalDue(Session session) {
        return System.currentTimeMillis() - session.issuedAt() >= renewAfterMillis;
    }

    /** {@link #renewal} for a tools origin's session. */
    public Optional<String> toolRenewal(Session session, String owner) {
        long now = System.currentTimeMillis();
        return !renewalDue(session) ? Optional.empty()
                : stamps.of(session.user()).map(stamp -> sign(new Session(session.user(), session.id(), session.createdAt(), now),
                        stamp, TOOLS + owner));
    }

    private Optional<Session> open(String cookie, String purpose, long idle) {
        if (cookie == null || cookie.length() > 512 || !cookie.startsWith(VERSION + ".")) {
            return Optional.empty();
        }
        String key = purpose.isEmpty() ? cookie : purpose + "\n" + cookie;
        Verified known = verified.get(key);
        if (known != null) {
            // the signature held for this exact value; it still does while the account's stamp is the same
            if (stamps.of(known.session().user()).filter(known.stamp()::equals).isPresent()) {
                return live(known.session(), idle);
            }
            verified.remove(key);
        }
        int dot = cookie.lastIndexOf('.');
        if (dot <= VERSION.length() + 1) {
            return Optional.empty();
        }
        String payload = cookie.substring(VERSION.length() + 1, dot);
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8).split(":");
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (parts.length != 4) {
            return Optional.empty();
        }
        // the signature holds only with the account's stamp of now: a new password or a new account breaks it
        Optional<String> stamp = stamps.of(parts[0]);
        if (stamp.isEmpty() || !MessageDigest.isEqual(mac(payload, stamp.get(), purpose).getBytes(StandardCharsets.US_ASCII),
                cookie.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        Session session;
        try {
            session = new Session(parts[0], parts[3], Long.parseLong(parts[1]), Long.parseLong(parts[2]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (verified.size() >= MAX_VERIFIED) {
            verified.clear();
        }
        verified.put(key, new Verified(session, stamp.get()));
        return live(session, idle);
    }

    /** The session unless it is idle too long, too old or revoked (on every use: these change with time and sign-outs). */
    private Optional<Session> live(Session session, long idle) {
        long now = System.currentTimeMillis();
        boolean expired = now - session.issuedAt() > idle || now - session.createdAt() > maxAgeMillis;
        return expired || revoked.isRevoked(session.id()) || revoked.isRevoked(platformIdOf(session.id())) ? Optional.empty()
                : Optional.of(session);
    }

    /** The platform session's id in a hand-off code's id ("<session id>~<nonce>"), or the id itself. */
    private static String platformIdOf(String id) {
        int mark = id.indexOf(HANDOFF_MARK);
        return mark < 0 ? id : id.substring(0, mark);
    }

    /** A fresh cookie value for a session in use, once a minute at most: it moves the idle deadline. */
    public Optional<String> renewal(Session session) {
        long now = System.currentTimeMillis();
        return !renewalDue(session) ? Optional.empty()
                : stamps.of(session.user()).map(stamp -> sign(new Session(session.user(), session.id(), session.createdAt(), now), stamp,
                        PLATFORM));
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

    private String sign(Session s, String stamp, String purpose) {
        String payload = B64.encodeToString((s.user() + ":" + s.createdAt() + ":" + s.issuedAt() + ":" + s.id())
                .getBytes(StandardCharsets.UTF_8));
        return VERSION + "." + payload + "." + mac(payload, stamp, purpose);
    }

    /** The platform's own cookie has no purpose in its MAC (as before tools origins); any other value does. */
    private String mac(String payload, String stamp, String purpose) {
        Mac mac = macs.get(); // doFinal leaves it reset, ready for the next value
        mac.update(payload.getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) '\n');
        if (!purpose.isEmpty()) {
            mac.update(stamp.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '\n');
            return B64.encodeToString(mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8)));
        }
        return B64.encodeToString(mac.doFinal(stamp.getBytes(StandardCharsets.UTF_8)));
    }

    /** A keyed HMAC for the calling thread: looking the algorithm up for every request cost more than the MAC. */
    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
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
