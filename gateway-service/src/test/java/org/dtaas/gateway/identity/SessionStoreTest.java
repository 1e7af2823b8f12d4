package org.dtaas.gateway.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionStoreTest {

    @Test
    void aSessionEndsAfterItsIdleTime() throws Exception {
        SessionStore store = new SessionStore(Duration.ofMillis(100), Duration.ofHours(1));
        String id = store.create("alice");
        assertEquals(Optional.of("alice"), store.user(id));
        Thread.sleep(250);
        assertTrue(store.user(id).isEmpty());
    }

    @Test
    void aSessionEndsAtItsMaximumAgeEvenWhenUsed() throws Exception {
        SessionStore store = new SessionStore(Duration.ofHours(1), Duration.ofMillis(200));
        String id = store.create("alice");
        for (int i = 0; i < 5; i++) {
            Thread.sleep(60);
            store.user(id);
        }
        assertTrue(store.user(id).isEmpty());
    }

    @Test
    void idsAreLongAndRandom() {
        SessionStore store = new SessionStore(Duration.ofHours(1), Duration.ofHours(1));
        String a = store.create("alice");
        String b = store.create("alice");
        assertEquals(43, a.length());
        assertTrue(!a.equals(b));
        assertTrue(store.user("guess").isEmpty());
    }
}
