package org.dtaas.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-owner Unix accounts: allocated once, shared by every service of an installation, given safely. */
class UnixAccountsTest {

    @TempDir
    Path home;

    @Test
    void eachOwnerGetsOneUidThatEveryReaderOfTheFileSees() {
        assumeTrue(UnixAccounts.runsAsRoot(), "accounts need root");
        UnixAccounts one = UnixAccounts.of(home, "auto", 300_000);
        int alice = one.uidOf("alice").getAsInt();
        int common = one.uidOf("common").getAsInt();
        assertEquals(300_000, alice);
        assertNotEquals(alice, common);
        UnixAccounts other = UnixAccounts.of(home, "auto", 300_000); // another service, same installation
        assertEquals(alice, other.uidOf("alice").getAsInt());
        assertEquals(common, other.uidOf("common").getAsInt());
        assertThrows(IllegalArgumentException.class, () -> one.uidOf("../etc"));
    }

    @Test
    void concurrentFirstUsesAgreeOnOneUidPerOwner() throws Exception {
        assumeTrue(UnixAccounts.runsAsRoot(), "accounts need root");
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 16).parallel().forEach(i -> seen.add(UnixAccounts.of(home, "auto", 300_000).uidOf("bob").getAsInt()));
        assertEquals(1, seen.size(), "one uid for bob: " + seen);
    }

    @Test
    void offMeansNoAccounts() {
        assertTrue(UnixAccounts.of(home, "off", 300_000).uidOf("alice").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> UnixAccounts.of(home, "sometimes", 300_000));
    }

    @Test
    void givingATreeNeverFollowsALinkOutOfIt() throws Exception {
        assumeTrue(UnixAccounts.runsAsRoot(), "chown needs root");
        Path tree = Files.createDirectories(home.resolve("files/alice/data"));
        Files.writeString(tree.resolve("mine.txt"), "x");
        Path outside = Files.writeString(home.resolve("platform-secret"), "s");
        Files.createSymbolicLink(tree.resolve("link"), outside);
        Files.createSymbolicLink(tree.resolve("up"), home);
        UnixAccounts.giveRootOwnedTree(home.resolve("files/alice"), 300_123);
        assertEquals(300_123, Files.getAttribute(tree.resolve("mine.txt"), "unix:uid"));
        assertEquals(300_123, Files.getAttribute(tree, "unix:uid"));
        assertEquals(0, Files.getAttribute(outside, "unix:uid"), "the link's target stays root's");
        assertEquals(0, Files.getAttribute(home, "unix:uid"));
        for (Path p : List.of(tree.resolve("link"), tree.resolve("up"))) {
            assertEquals(300_123, Files.getAttribute(p, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS));
        }
    }
}
