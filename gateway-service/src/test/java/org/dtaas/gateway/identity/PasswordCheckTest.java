package org.dtaas.gateway.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PasswordCheckTest {

    /** Written by Apache's {@code htpasswd -nbB carol carol-password-1} (apache2-utils 2.4). */
    static final String APACHE_LINE = "carol:$2y$05$352pnniQH6Iq/d2fUzu5GObm6n1tKyULfafXtwLwMNMJKr72z6Am.";

    @Test
    void entriesWrittenByApacheHtpasswdAreAccepted() throws Exception {
        PasswordCheck check = new PasswordCheck(directoryWith(APACHE_LINE, "erin:" + PasswordCheck.hash("erin-password-1")));
        assertTrue(check.verify("carol", "carol-password-1"));
        assertFalse(check.verify("carol", "carol-password-2"));
        assertTrue(check.verify("erin", "erin-password-1"));
        assertFalse(check.verify("nobody", "carol-password-1"));
    }

    @Test
    void ourHashesUseTheHtpasswdBcryptFormat() {
        String hash = PasswordCheck.hash("x-password-1");
        assertTrue(hash.startsWith("$2y$10$"), hash);
        assertEquals(60, hash.length());
    }

    @Test
    void weakOrMalformedEntriesAreIgnored() throws Exception {
        UserDirectory users = directoryWith("md5:$apr1$abc$def", "plain:secret", "# comment", "", APACHE_LINE);
        assertFalse(users.exists("md5"));
        assertFalse(users.exists("plain"));
        assertTrue(users.exists("carol"));
    }

    /**
     * A script sends HTTP Basic on every request: while it keeps doing so its password stays remembered
     * (a fixed expiry made all its requests pay bcrypt at the same moment, five minutes after the first);
     * after five minutes without use it is checked again.
     */
    @Test
    void aPasswordInUseStaysRememberedAndAnIdleOneIsCheckedAgain() throws Exception {
        long[] now = {1_000_000_000L};
        PasswordCheck check = new PasswordCheck(directoryWith("erin:" + PasswordCheck.hash("erin-password-1")), () -> now[0]);
        assertTrue(check.verify("erin", "erin-password-1"));
        assertEquals(1, check.bcryptChecks());
        for (int minute = 1; minute <= 30; minute++) { // half an hour of use, a request a minute
            now[0] += 60L * 1_000_000_000L;
            assertTrue(check.isRemembered(check.attempt("erin", "erin-password-1")), "minute " + minute);
            assertTrue(check.verify("erin", "erin-password-1"));
        }
        assertEquals(1, check.bcryptChecks(), "no bcrypt while the password is in use");
        assertFalse(check.isRemembered(check.attempt("erin", "wrong-password")));
        now[0] += PasswordCheck.REMEMBER_NANOS; // five minutes without use
        assertFalse(check.isRemembered(check.attempt("erin", "erin-password-1")));
        assertTrue(check.verify("erin", "erin-password-1"));
        assertEquals(2, check.bcryptChecks());
    }

    /** Sixteen connections of one script sending the same new credentials at once: one bcrypt, same answers. */
    @Test
    void identicalAttemptsArrivingTogetherShareOneCheck() throws Exception {
        PasswordCheck check = new PasswordCheck(directoryWith("erin:" + PasswordCheck.hash("erin-password-1")));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Boolean>> right = new java.util.ArrayList<>();
            List<java.util.concurrent.Future<Boolean>> wrong = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                right.add(pool.submit(() -> {
                    start.await();
                    return check.verify("erin", "erin-password-1");
                }));
                wrong.add(pool.submit(() -> {
                    start.await();
                    return check.verify("erin", "erin-password-2");
                }));
            }
            start.countDown();
            for (int i = 0; i < 8; i++) {
                assertTrue(right.get(i).get());
                assertFalse(wrong.get(i).get(), "a wrong password never shares a right one's answer");
            }
            // at least one each; together, far fewer than sixteen (how many overlap depends on the scheduler)
            assertTrue(check.bcryptChecks() >= 2 && check.bcryptChecks() < 16, check.bcryptChecks() + " bcrypt checks");
        } finally {
            pool.shutdownNow();
        }
    }

    static UserDirectory directoryWith(String... lines) throws Exception {
        Path home = Files.createTempDirectory("users");
        Files.createDirectories(home.resolve("config"));
        Files.write(home.resolve("config/users.htpasswd"), List.of(lines));
        return new UserDirectory(home.toString());
    }
}
