package org.dtaas.gateway.identity;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.dtaas.gateway.config.GatewayConfig;

/**
 * Signed-in browser sessions: a random 256-bit id (the cookie value) mapped to the user. Sessions end
 * after an idle time and after a maximum age. They live in memory: a gateway restart signs everyone
 * out, which is the safe direction.
 */
@ApplicationScoped
public class SessionStore {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final long idleMillis;
    private final long maxAgeMillis;
    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();

    public record Session(String user, long createdAt, long lastUsed) {
    }

    @jakarta.inject.Inject
    public SessionStore(GatewayConfig config) {
        this(config.gateway().session().idleTimeout(), config.gateway().session().maxAge());
    }

    SessionStore(java.time.Duration idleTimeout, java.time.Duration maxAge) {
        this.idleMillis = idleTimeout.toMillis();
        this.maxAgeMillis = maxAge.toMillis();
    }

    public String create(String user) {
        byte[] id = new byte[32];
        RANDOM.nextBytes(id);
        String sessionId = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        long now = System.currentTimeMillis();
        sessions.put(sessionId, new Session(user, now, now));
        return sessionId;
    }

    /** The user of a live session, refreshing its idle time; empty for unknown or expired ids. */
    public Optional<String> user(String sessionId) {
        if (sessionId == null || sessionId.length() != 43) {
            return Optional.empty();
        }
        long now = System.currentTimeMillis();
        Session session = sessions.computeIfPresent(sessionId,
                (id, s) -> expired(s, now) ? null : new Session(s.user(), s.createdAt(), now));
        return Optional.ofNullable(session).map(Session::user);
    }

    public void delete(String sessionId) {
        if (sessionId != null) {
            sessions.remove(sessionId);
        }
    }

    public long maxAgeSeconds() {
        return maxAgeMillis / 1000;
    }

    @Scheduled(every = "60s")
    void evictExpired() {
        long now = System.currentTimeMillis();
        sessions.values().removeIf(s -> expired(s, now));
    }

    private boolean expired(Session s, long now) {
        return now - s.lastUsed() > idleMillis || now - s.createdAt() > maxAgeMillis;
    }
}
