package org.dtaas.gateway.identity;

import at.favre.lib.crypto.bcrypt.BCrypt;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Checks a user's password against the bcrypt hash in the user directory.
 *
 * <p>Unknown users are checked against a dummy hash of the same cost, so the answer takes as long
 * whether or not the user exists. Scripts send HTTP Basic on every request and bcrypt costs tens of
 * milliseconds, so a successful check is remembered, keyed by a SHA-256 of user, password and
 * stored hash: a changed password or hash misses the cache at once. It is forgotten after five
 * minutes without use; in use it is kept (a fixed expiry made every client's next request pay bcrypt
 * at the same moment: measured, 16 requests of a script waited 0.55-0.92 s, all at once, five minutes
 * after its first). Identical attempts that arrive together share one bcrypt.
 */
@Singleton
public class PasswordCheck {

    /** A success is forgotten after this long without use. */
    static final long REMEMBER_NANOS = 300L * 1_000_000_000L;
    /** A remembered success older than this is renewed when used (one map write a minute, not one a request). */
    static final long RENEW_AFTER_NANOS = 60L * 1_000_000_000L;
    private static final int MAX_REMEMBERED = 10_000;
    private static final byte[] DUMMY_HASH = BCrypt.withDefaults().hash(10, "not-a-password".toCharArray());

    private final UserDirectory users;
    private final LongSupplier clock;
    /** When each remembered success was last renewed ({@link #clock}). */
    private final ConcurrentHashMap<String, Long> recentSuccesses = new ConcurrentHashMap<>();
    /** The bcrypt under way for an attempt, which identical attempts arriving meanwhile wait for. */
    private final ConcurrentHashMap<String, CompletableFuture<Boolean>> checking = new ConcurrentHashMap<>();
    private final AtomicLong bcryptChecks = new AtomicLong();

    @Inject
    public PasswordCheck(UserDirectory users) {
        this(users, System::nanoTime);
    }

    PasswordCheck(UserDirectory users, LongSupplier clock) {
        this.users = users;
        this.clock = clock;
    }

    /** How many bcrypt checks ran (a remembered or shared attempt runs none). */
    long bcryptChecks() {
        return bcryptChecks.get();
    }

    /**
     * One user and password to check, with what the check needs looked up and hashed once: a request
     * asks {@link #isRemembered(Attempt)} (may it run on the event loop?) and then {@link #verify(Attempt)}.
     */
    public static final class Attempt {
        private final String user;
        private final String password;
        private final Optional<String> hash;
        /** SHA-256 of user, password and stored hash; null when there is nothing to remember. */
        private final String cacheKey;

        private final boolean checkable;

        private Attempt(String user, String password, boolean checkable, Optional<String> hash) {
            this.checkable = checkable;
            this.user = user;
            this.password = password;
            this.hash = hash;
            this.cacheKey = hash.map(h -> digest(user, password, h)).orElse(null);
        }

        /** The user name the attempt is for. */
        public String user() {
            return user;
        }
    }

    /** The attempt to sign in as {@code user} with {@code password}, for {@link #isRemembered} and {@link #verify}. */
    public Attempt attempt(String user, String password) {
        boolean checkable = user != null && password != null && password.length() <= 1024;
        return new Attempt(user, password, checkable, checkable ? users.passwordHash(user) : Optional.empty());
    }

    /**
     * Whether this user and password passed a check recently (against the hash stored now): then
     * {@link #verify} answers without bcrypt, so a caller may run it on the event loop.
     */
    public boolean isRemembered(Attempt attempt) {
        if (attempt.cacheKey == null) {
            return false;
        }
        Long at = recentSuccesses.get(attempt.cacheKey);
        if (at == null) {
            return false;
        }
        long now = clock.getAsLong();
        if (now - at >= REMEMBER_NANOS) {
            return false;
        }
        if (now - at >= RENEW_AFTER_NANOS) {
            recentSuccesses.replace(attempt.cacheKey, at, now);
        }
        return true;
    }

    public boolean verify(String user, String password) {
        return verify(attempt(user, password));
    }

    public boolean verify(Attempt attempt) {
        if (!attempt.checkable) {
            return false;
        }
        if (isRemembered(attempt)) {
            return true;
        }
        if (attempt.cacheKey == null) {
            bcrypt(attempt); // an unknown user: as slow as a known one, never accepted
            return false;
        }
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        CompletableFuture<Boolean> underWay = checking.putIfAbsent(attempt.cacheKey, mine);
        if (underWay != null) {
            return underWay.join(); // the same user, password and hash: the same answer
        }
        try {
            boolean ok = bcrypt(attempt);
            if (ok) {
                if (recentSuccesses.size() >= MAX_REMEMBERED) {
                    recentSuccesses.clear();
                }
                recentSuccesses.put(attempt.cacheKey, clock.getAsLong());
            }
            mine.complete(ok);
            return ok;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            checking.remove(attempt.cacheKey, mine);
        }
    }

    private boolean bcrypt(Attempt attempt) {
        bcryptChecks.incrementAndGet();
        byte[] stored = attempt.hash.map(h -> h.getBytes(StandardCharsets.UTF_8)).orElse(DUMMY_HASH);
        return BCrypt.verifyer().verify(attempt.password.getBytes(StandardCharsets.UTF_8), stored).verified;
    }

    /** The hash an htpasswd line stores for a new password ({@code $2y$}, as {@code htpasswd -B} writes). */
    public static String hash(String password) {
        return BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(10, password.toCharArray());
    }

    private static String digest(String user, String password, String hash) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(user.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(password.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(hash.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
