package org.dtaas.identity;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

class CallerTest {

    @Test
    void userReadsOwnAndCommonButNotOthers() {
        Caller alice = new Caller("alice", false);
        assertTrue(alice.mayRead("alice"));
        assertTrue(alice.mayRead("common"));
        assertFalse(alice.mayRead("bob"));
    }

    @Test
    void onlyAdminsWriteCommonOrOthers() {
        assertFalse(new Caller("alice", false).mayWrite("common"));
        assertFalse(new Caller("alice", false).mayWrite("bob"));
        assertTrue(new Caller("alice", false).mayWrite("alice"));
        assertTrue(new Caller("root", true).mayWrite("common"));
        assertTrue(new Caller("root", true).mayRead("bob"));
    }

    @Test
    void userNamesThatWouldEscapeOrCollideAreRefused() {
        for (String bad : new String[] {"", "..", "a/b", "Alice", "1abc", "api", "common", "lib", "a b",
                "x".repeat(33), "users", "al\u0000ice", "al.ice"}) {
            assertFalse(UserNames.isValidUser(bad), bad);
        }
        assertTrue(UserNames.isValidUser("user1"));
        assertTrue(UserNames.isValidOwner("common"));
    }

    @Test
    void keysAreMadeOnceWithAPrivateKeyOnlyTheOwnerReads() throws Exception {
        Path dir = Files.createTempDirectory("keys");
        InternalKeys.ensure(dir);
        String first = Files.readString(dir.resolve(InternalToken.PRIVATE_KEY_FILE));
        InternalKeys.ensure(dir);
        assertTrue(first.startsWith("-----BEGIN PRIVATE KEY-----"));
        assertTrue(first.equals(Files.readString(dir.resolve(InternalToken.PRIVATE_KEY_FILE))));
        assertTrue(Files.getPosixFilePermissions(dir.resolve(InternalToken.PRIVATE_KEY_FILE))
                .equals(PosixFilePermissions.fromString("rw-------")));
    }
}
