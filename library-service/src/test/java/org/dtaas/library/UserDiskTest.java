package org.dtaas.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.dtaas.files.UnixAccounts;
import org.dtaas.files.UserDisks;
import org.dtaas.library.store.FileContent;
import org.dtaas.library.store.LocalFolderStore;
import org.dtaas.library.store.StorageFullException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each user's library on a disk of its own (scripts/user-disk.sh: a loop-mounted ext4 image), on the
 * real kernel: a write past the disk's size is refused by the kernel whoever writes, the library
 * answers it with the owner's own "full" message and changes nothing, and other users write on.
 */
class UserDiskTest {

    private static final Path SCRIPT = Path.of("../scripts/user-disk.sh").toAbsolutePath().normalize();
    private static final String SIZE = "16M";

    private Path home;
    private LocalFolderStore store;
    private UserDisks disks;

    @BeforeEach
    void home() throws Exception {
        Assumptions.assumeTrue(run("available") == 0, "users' disks need root and loop devices (CI has both)");
        home = Files.createTempDirectory("dtaas-disks");
        disks = UserDisks.of(home, Optional.of(SCRIPT.toString()), SIZE);
        store = new LocalFolderStore(home.resolve("files"), UnixAccounts.none(), disks);
    }

    @AfterEach
    void unmount() throws Exception {
        if (home != null) {
            assertEquals(0, run("unmount-all", home.toString()));
            new ProcessBuilder("rm", "-rf", home.toString()).start().waitFor();
        }
    }

    @Test
    void aWritePastTheDiskIsRefusedAndChangesNothingWhileOthersWriteOn() throws Exception {
        LibraryPath file = LibraryPath.parse("alice/data/big.bin");
        store.write(file, bytes("the old version"), Long.MAX_VALUE, "alice");
        assertTrue(disks.placeOf("alice").isPresent(), "alice's library is on her own disk");

        StorageFullException full = assertThrows(StorageFullException.class,
                () -> store.write(file, new FileOperationsTest.ZeroStream(24L << 20), Long.MAX_VALUE, "alice"));
        assertTrue(full.getMessage().startsWith("alice's library is full (its disk holds"), full.getMessage());
        assertEquals("the old version", read(file), "a refused upload leaves the old file");
        Path staging = disks.placeOf("alice").orElseThrow().staging();
        try (var left = Files.list(staging)) {
            assertEquals(0, left.count(), "no partial upload is left on alice's disk");
        }

        // the kernel refuses her programs too: the disk is full for whoever writes
        Path tree = home.resolve("files/alice");
        assertThrows(IOException.class, () -> Files.write(tree.resolve("data/more.bin"), new byte[24 << 20]));
        Files.deleteIfExists(tree.resolve("data/more.bin"));

        LibraryPath bobs = LibraryPath.parse("bob/data/report.csv");
        store.write(bobs, new FileOperationsTest.ZeroStream(8L << 20), Long.MAX_VALUE, "bob");
        try (FileContent written = store.file(bobs).orElseThrow()) {
            assertEquals(8L << 20, written.size(), "bob writes on his own disk meanwhile");
        }
        UserDisks.Use use = disks.use("bob");
        assertEquals("own file system", use.mechanism());
        assertTrue(use.sizeBytes() > 12L << 20 && use.sizeBytes() <= 16L << 20, "size " + use.sizeBytes());
        assertTrue(use.usedBytes() >= 8L << 20, "used " + use.usedBytes());
    }

    @Test
    void aTreeFromBeforeMovesOntoTheDiskAndTheDisksInsidesStayHidden() throws Exception {
        Path before = home.resolve("files/carol/models");
        Files.createDirectories(before);
        Files.writeString(before.resolve("plant.fmu"), "made before carol had a disk");
        Files.createSymbolicLink(before.resolve("link"), Path.of("/etc/passwd"));

        store.mkdir(LibraryPath.parse("carol/data"), "carol");

        assertEquals("made before carol had a disk", read(LibraryPath.parse("carol/models/plant.fmu")));
        assertTrue(Files.isSymbolicLink(disks.placeOf("carol").orElseThrow().tree().resolve("models/link")),
                "links move as links, never followed");
        List<String> names = store.list(LibraryPath.parse("carol")).orElseThrow().stream().map(Entry::name).toList();
        assertEquals(List.of("data", "models"), names.stream().sorted().toList(), "no staging, no lost+found: " + names);

        assertEquals(0, run("unmount-all", home.toString()));
        try (var left = Files.list(home.resolve("files/carol"))) {
            assertEquals(0, left.count(), "nothing stays beside the disk, so the tree counts once");
        }
        assertEquals(0, run("mount-all", home.toString(), SIZE));
        assertEquals("made before carol had a disk", read(LibraryPath.parse("carol/models/plant.fmu")), "after a reboot");
    }

    @Test
    void whileAProgramOfTheUsersRunsTheirFilesStayWhereTheyAreAndMoveAtTheNextAsk() throws Exception {
        Path before = home.resolve("files/frank/data");
        Files.createDirectories(before);
        Files.writeString(before.resolve("log.csv"), "t,v\n");
        Files.createDirectories(home.resolve("workspaces/frank/home"));
        Files.createDirectories(home.resolve("config"));
        Files.writeString(home.resolve("config/unix-accounts"), "frank 231999\n");
        Process program = new ProcessBuilder("setpriv", "--reuid", "231999", "--regid", "231999", "--clear-groups", "sleep", "60").start();
        try {
            Thread.sleep(200);
            disks.ensure("frank");
            assertTrue(disks.placeOf("frank").isEmpty(), "not moved under a running program");
            assertEquals("t,v\n", Files.readString(before.resolve("log.csv")));
        } finally {
            program.destroyForcibly().waitFor();
        }
        disks.ensure("frank");
        assertTrue(disks.placeOf("frank").isPresent());
        assertEquals("t,v\n", read(LibraryPath.parse("frank/data/log.csv")));
        assertTrue(Files.isDirectory(disks.placeOf("frank").orElseThrow().tree().resolveSibling("state/home")),
                "the workspace's state moved onto the disk too");

        // a run that goes on through ./dtaas down keeps its disk: detached under it, the next up would
        // mount the same image a second time
        Process run = new ProcessBuilder("setpriv", "--reuid", "231999", "--regid", "231999", "--clear-groups", "sleep", "60").start();
        try {
            Thread.sleep(200);
            assertEquals(0, run("unmount-all", home.toString()));
            assertTrue(disks.placeOf("frank").isPresent(), "frank's disk stays mounted while his program runs");
        } finally {
            run.destroyForcibly().waitFor();
        }
        assertEquals(0, run("unmount-all", home.toString()));
        assertTrue(disks.placeOf("frank").isEmpty(), "and goes once it has ended");
    }

    @Test
    void aMoveWithinALibraryWorksAndBetweenTwoDisksSaysCopyInstead() {
        store.write(LibraryPath.parse("dave/functions/f.py"), bytes("print(1)"), Long.MAX_VALUE, "dave");
        store.move(LibraryPath.parse("dave/functions/f.py"), LibraryPath.parse("dave/functions/g.py"), "dave");
        assertEquals("print(1)", read(LibraryPath.parse("dave/functions/g.py")));

        store.mkdir(LibraryPath.parse("erin/functions"), "erin");
        ConflictException refused = assertThrows(ConflictException.class,
                () -> store.move(LibraryPath.parse("dave/functions/g.py"), LibraryPath.parse("erin/functions/g.py"), "admin"));
        assertTrue(refused.getMessage().contains("separate disks"), refused.getMessage());
        assertEquals("print(1)", read(LibraryPath.parse("dave/functions/g.py")), "nothing moved");
    }

    private String read(LibraryPath path) {
        try (FileContent content = store.file(path).orElseThrow(); InputStream in = content.open()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static int run(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = SCRIPT.toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command).inheritIO().start();
        return process.waitFor();
    }
}
