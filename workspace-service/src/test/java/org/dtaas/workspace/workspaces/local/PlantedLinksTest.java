package org.dtaas.workspace.workspaces.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.dtaas.workspace.process.ServiceCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's programs write their library, HOME and /tmp; what the workspace-service then reads and
 * makes there as the service's user follows none of the links they plant.
 */
class PlantedLinksTest {

    @TempDir
    Path dir;

    @Test
    void aRunDoesNotGetAnotherUsersCredentialsThroughALinkedDtaasFolder() throws Exception {
        Path files = Files.createDirectories(dir.resolve("files"));
        Path bob = Files.createDirectories(files.resolve("bob/.dtaas"));
        Files.writeString(bob.resolve("services.json"), "{\"rabbitmq\":{\"password\":\"bobs\"}}");
        Path alice = Files.createDirectories(files.resolve("alice"));
        Files.createSymbolicLink(alice.resolve(".dtaas"), bob);
        assertTrue(ServiceCredentials.of(alice).isEmpty(), "bob's credentials came through alice's link");

        Files.delete(alice.resolve(".dtaas"));
        Files.createDirectories(alice.resolve(".dtaas"));
        Files.createSymbolicLink(alice.resolve(".dtaas/services.json"), bob.resolve("services.json"));
        assertTrue(ServiceCredentials.of(alice).isEmpty(), "bob's credentials came through a linked file");

        Files.delete(alice.resolve(".dtaas/services.json"));
        Files.writeString(alice.resolve(".dtaas/services.json"), "{\"rabbitmq\":{\"password\":\"alices\"}}");
        assertEquals("alices", ServiceCredentials.of(alice).get("RABBITMQ_PASSWORD"));
    }

    @Test
    void preparingAWorkspaceChangesNothingALinkInItsTmpOrHomePointsAt() throws Exception {
        Path hostFolder = Files.createDirectories(dir.resolve("host-folder"));
        Files.setPosixFilePermissions(hostFolder, PosixFilePermissions.fromString("rwx------"));
        Path hostFile = Files.writeString(dir.resolve("host-file"), "keep");
        Path state = dir.resolve("state");
        WorkspaceLayout layout = WorkspaceLayout.of("alice", Files.createDirectories(dir.resolve("files")), state, true);
        Files.createDirectories(layout.home());
        Files.createDirectories(layout.tmp());
        // left by the user's programs of the last session, for a run (whose /tmp is not cleared) to find
        Files.createSymbolicLink(layout.tmp().resolve(".X11-unix"), hostFolder);
        Files.createSymbolicLink(layout.tmp().resolve("gone"), hostFile);
        Files.createSymbolicLink(layout.home().resolve(".vnc"), hostFolder);

        layout.prepareShared();
        assertFalse(Files.isSymbolicLink(layout.tmp().resolve(".X11-unix")));
        assertEquals(PosixFilePermissions.fromString("rwxrwxrwx"), Files.getPosixFilePermissions(layout.tmp().resolve(".X11-unix")));
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(hostFolder), "root chmod-ed a host folder");

        new DesktopTool("/usr/bin/Xvfb", "/usr/bin/x11vnc", "/usr/bin/websockify", "/usr/share/novnc", "/usr/bin/startxfce4")
                .prepare(layout, new PortAllocator().lease("alice", new org.dtaas.workspace.workspaces.local.network.HostNetwork()));
        assertFalse(Files.isSymbolicLink(layout.home().resolve(".vnc")));
        assertTrue(Files.isRegularFile(layout.home().resolve(".vnc/dtaas-passwd")));
        try (var inside = Files.list(hostFolder)) {
            assertEquals(0, inside.count(), "the VNC password went into a host folder");
        }

        layout.prepare(); // a new start clears /tmp: the link goes, its target stays
        assertEquals("keep", Files.readString(hostFile));
        assertFalse(Files.exists(layout.tmp().resolve("gone"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }
}
