package org.dtaas.gateway.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    @Test
    void guessesSpreadOverManyAddressesSlowTheAccountButNeverForLongerThanTheCap() {
        LoginThrottle throttle = new LoginThrottle(5, 20, 15 * 60_000, 60_000);
        for (int i = 0; i < 20; i++) {
            assertEquals(0, throttle.retryAfterSeconds("alice", "10.0.0." + i), "no back-off yet at failure " + i);
            throttle.recordFailure("alice", "10.0.0." + i);
        }
        assertTrue(throttle.retryAfterSeconds("alice", "192.0.2.1") >= 1, "the account backs off for every address");
        for (int i = 0; i < 100; i++) {
            throttle.recordFailure("alice", "10.0.1." + i);
        }
        long wait = throttle.retryAfterSeconds("alice", "192.0.2.1");
        assertTrue(wait >= 59 && wait <= 60, "capped at a minute, never a lock-out: " + wait);
        assertEquals(0, throttle.retryAfterSeconds("bob", "10.0.0.1"), "other accounts from the same addresses go on");
    }
}
