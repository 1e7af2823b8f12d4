package org.dtaas.gateway.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionStoreTest {

    /** Every name has an account whose password never changes. */
    static final SessionStore.AccountStamps EVERYONE = user -> Optional.of("$2y$10$fixed-" + user);

    @Test
    void aSessionEndsAfterItsIdleTime() throws Exception {
        SessionStore store = new SessionStore(Duration.ofMillis(100), Duration.ofHours(1), EVERYONE);
        String id = store.create("alice");
        assertEquals(Optional.of("alice"), store.user(id));
        Thread.sleep(250);
        assertTrue(store.user(id).isEmpty());
    }

    @Test
    void aSessionEndsAtItsMaximumAgeEvenWhenUsed() throws Exception {
        SessionStore store = new SessionStore(Duration.ofHours(1), Duration.ofMillis(200), EVERYONE);
        String id = store.create("alice");
        for (int i = 0; i < 5; i++) {
            Thread.sleep(60);
            store.user(id);
        }
        assertTrue(store.user(id).isEmpty());
    }

    @Test
    void cookiesCannotBeForgedOrAltered() {
        SessionStore store = new SessionStore(Duration.ofHours(1), Duration.ofHours(1), EVERYONE);
        String a = store.create("alice");
        assertTrue(!a.equals(store.create("alice")));
        assertTrue(store.user("guess").isEmpty());
        // bob's name in alice's cookie: the signature no longer fits
        String[] parts = a.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("alice", "bob");
        String altered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertTrue(store.user(altered).isEmpty());
        // another installation (another key) does not accept it either
        assertTrue(new SessionStore(Duration.ofHours(1), Duration.ofHours(1), EVERYONE).user(a).isEmpty());
    }

    @Test
    void useRenewsTheCookieWhichMovesTheIdleDeadline() throws Exception {
        SessionStore store = new SessionStore(Duration.ofMillis(400), Duration.ofHours(1), EVERYONE);
        String cookie = store.create("alice");
        for (int i = 0; i < 6; i++) {
            Thread.sleep(150);
            SessionStore.Session session = store.open(cookie).orElseThrow();
            cookie = store.renewal(session).orElse(cookie);
        }
        assertEquals(Optional.of("alice"), store.user(cookie), "used within the idle time, 900 ms after sign-in");
    }

    @Test
    void everyReplicaWithTheSameSigningKeyAcceptsTheSession() throws Exception {
        java.nio.file.Path keys = org.dtaas.identity.InternalKeys.ensure(java.nio.file.Files.createTempDirectory("keys"));
        java.nio.file.Path key = keys.resolve(org.dtaas.identity.InternalToken.PRIVATE_KEY_FILE);
        java.nio.file.Path revokedFile = keys.resolve("revoked-sessions");
        SessionStore one = new SessionStore(Duration.ofHours(1), Duration.ofHours(1), key, new RevokedSessions(revokedFile, 0), EVERYONE);
        SessionStore other = new SessionStore(Duration.ofHours(1), Duration.ofHours(1), key, new RevokedSessions(revokedFile, 0), EVERYONE);
        String cookie = one.create("alice");
        assertEquals(Optional.of("alice"), other.user(cookie));
        // signed out on one replica: refused on the other too
        one.delete(cookie);
        assertTrue(other.user(cookie).isEmpty());
        assertEquals(Optional.of("bob"), other.user(one.create("bob")), "other sessions go on");
    }

    /** Verified values are remembered (a browser sends the same cookie every time): by purpose, never across. */
    @Test
    void aValueAcceptedForOnePurposeIsNotTakenForAnotherOnceRemembered() {
        SessionStore store = new SessionStore(Duration.ofHours(1), Duration.ofHours(1), EVERYONE);
        String platform = store.create("alice");
        SessionStore.Session session = store.open(platform).orElseThrow();
        assertTrue(store.open(platform).isPresent(), "remembered");
        assertTrue(store.openTool(platform, "alice").isEmpty(), "the platform's cookie is no tools origin's cookie");
        String code = store.handoff(session, "alice");
        SessionStore.Session handed = store.redeem(code, "alice").orElseThrow();
        assertTrue(store.redeem(code, "alice").isEmpty(), "a hand-off code is used once, remembered or not");
        assertTrue(store.open(code).isEmpty() && store.openTool(code, "alice").isEmpty());
        String tools = store.toolRenewal(new SessionStore.Session(handed.user(), handed.id(), handed.createdAt(), 0), "alice")
                .orElseThrow();
        assertTrue(store.openTool(tools, "alice").isPresent() && store.openTool(tools, "alice").isPresent());
        assertTrue(store.openTool(tools, "bob").isEmpty(), "alice's tools cookie opens nothing of bob's");
        assertTrue(store.open(tools).isEmpty(), "a tools cookie is not the platform's");
    }

    @Test
    void signingOutRevokesTheCookie() {
        SessionStore store = new SessionStore(Duration.ofHours(1), Duration.ofHours(1), EVERYONE);
        String cookie = store.create("alice");
        store.delete(cookie);
        assertTrue(store.user(cookie).isEmpty());
    }

    /** The accounts of users.htpasswd as two replicas read them: a reset or a removal ends sessions on both. */
    @Test
    void aPasswordResetARemovalAndANameAddedAgainEndEveryEarlierSessionOnEveryReplica() throws Exception {
        java.nio.file.Path keys = org.dtaas.identity.InternalKeys.ensure(java.nio.file.Files.createTempDirectory("keys"));
        java.nio.file.Path key = keys.resolve(org.dtaas.identity.InternalToken.PRIVATE_KEY_FILE);
        java.util.Map<String, String> htpasswd = new java.util.concurrent.ConcurrentHashMap<>(
                java.util.Map.of("alice", "$2y$10$first", "bob", "$2y$10$bobs"));
        SessionStore.AccountStamps accounts = user -> Optional.ofNullable(htpasswd.get(user));
        SessionStore one = new SessionStore(Duration.ofHours(1), Duration.ofHours(1), key, new RevokedSessions(null, 0), accounts);
        SessionStore other = new SessionStore(Duration.ofHours(1), Duration.ofHours(1), key, new RevokedSessions(null, 0), accounts);
        String alice = one.create("alice");
        String bob = one.create("bob");
        assertEquals(Optional.of("alice"), other.user(alice));

        htpasswd.put("alice", "$2y$10$second"); // the password was reset
        assertTrue(one.user(alice).isEmpty() && other.user(alice).isEmpty(), "the old session survived a password reset");
        assertEquals(Optional.of("bob"), other.user(bob), "other users' sessions go on");
        String afterReset = one.create("alice");
        assertEquals(Optional.of("alice"), other.user(afterReset));

        htpasswd.remove("alice"); // removed ...
        assertTrue(other.user(afterReset).isEmpty());
        htpasswd.put("alice", "$2y$10$third"); // ... and the name given to someone new
        assertTrue(one.user(afterReset).isEmpty() && other.user(afterReset).isEmpty(), "a removed user's session came back to life");
        assertTrue(one.renewal(new SessionStore.Session("alice", "x", System.currentTimeMillis(), 0)).isPresent());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> one.create("nobody"));
    }
}
