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

    static UserDirectory directoryWith(String... lines) throws Exception {
        Path home = Files.createTempDirectory("users");
        Files.createDirectories(home.resolve("config"));
        Files.write(home.resolve("config/users.htpasswd"), List.of(lines));
        return new UserDirectory(home.toString());
    }
}
