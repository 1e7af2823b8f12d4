package org.dtaas.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks a user with code execution makes on privileged readers and writers of their own tree:
 * links to host files and to other users' folders, planted before or in place of what the platform
 * reads and writes, and fifos that would block a reader.
 */
class TrustedTreeTest {

    @TempDir
    Path dir;
    Path user;
    Path secret;
    Path elsewhere;

    @BeforeEach
    void trees() throws Exception {
        user = Files.createDirectories(dir.resolve("files/alice"));
        elsewhere = Files.createDirectories(dir.resolve("files/bob/.dtaas"));
        secret = Files.writeString(elsewhere.resolve("services.json"), "bob's passwords");
        Files.setPosixFilePermissions(elsewhere, PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void aLinkedFileIsNotRead() throws Exception {
        Files.createSymbolicLink(user.resolve("README.md"), secret);
        try (TrustedTree tree = TrustedTree.open(user)) {
            assertEquals(Optional.empty(), tree.readText("README.md", 1000));
            assertEquals(Optional.empty(), tree.openFile("README.md"));
        }
    }

    @Test
    void aLinkedFolderOnTheWayIsNotFollowed() throws Exception {
        Files.createSymbolicLink(user.resolve(".dtaas"), elsewhere);
        Files.createDirectories(user.resolve("digital twins"));
        Files.createSymbolicLink(user.resolve("digital twins/stolen"), elsewhere);
        try (TrustedTree tree = TrustedTree.open(user)) {
            assertTrue(tree.folder(".dtaas").isEmpty());
            assertTrue(tree.folderAt("digital twins/stolen").isEmpty());
            assertTrue(tree.folderAt("digital twins").isPresent());
        }
    }

    @Test
    void aFifoDoesNotBlockTheReader() throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", user.resolve("README.md").toString()).start();
        assertEquals(0, mkfifo.waitFor());
        try (TrustedTree tree = TrustedTree.open(user)) {
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertEquals(Optional.empty(), tree.readText("README.md", 1000)));
        }
    }

    @Test
    void aFolderSwappedForAFifoBetweenTheLookAndTheOpenIsNotWaitedFor() throws Exception {
        Path models = Files.createDirectory(user.resolve("models"));
        try (TrustedTree tree = TrustedTree.open(user)) {
            // what a walk does: look at the entry, then open it; the user swaps a fifo in between
            BasicFileAttributes seen = tree.entry("models").orElseThrow();
            Files.delete(models);
            mkfifo(models);
            assertDoesNotWaitOn(models, () -> {
                try {
                    assertTrue(tree.folder("models", seen).isEmpty(), "a fifo is no folder");
                } catch (NotDirectoryException refused) {
                    // as good: the callers treat it as an entry that changed under them
                }
            });
            assertDoesNotWaitOn(models, () -> assertTrue(tree.folderAt("models").isEmpty()));
        }
    }

    @Test
    void foldersOpenedAndClosedLeaveNoDescriptorBehind() throws Exception {
        Files.createDirectories(user.resolve("a/b/c"));
        long before = openDescriptors();
        for (int i = 0; i < 200; i++) {
            try (TrustedTree tree = TrustedTree.open(user); TrustedTree deep = tree.folderAt("a/b/c").orElseThrow()) {
                assertTrue(deep.names().isEmpty());
                deep.close(); // closing twice is harmless (and closes nobody else's descriptor)
            }
        }
        assertTrue(openDescriptors() < before + 20, "descriptors leaked: " + before + " -> " + openDescriptors());
    }

    @Test
    void foldersAreHandedToJavaDirectlyAndThroughProcAlike() throws Exception {
        // the build's tests run as the services do (--add-opens java.base/sun.nio.fs): the direct way
        assertTrue(OpenWithoutWaiting.adoptsDirectly(), "surefire's argLine opens sun.nio.fs as ./dtaas does");
        Files.writeString(user.resolve("README.md"), "# alice");
        Files.createDirectory(user.resolve("models"));
        long before = openDescriptors();
        for (int i = 0; i < 100; i++) {
            for (OpenWithoutWaiting.OpenedFolder folder : java.util.List.of(OpenWithoutWaiting.folder(user),
                    OpenWithoutWaiting.folderThroughProc(user))) {
                try (folder) {
                    java.util.Set<String> names = new java.util.TreeSet<>();
                    folder.stream().forEach(entry -> names.add(entry.getFileName().toString()));
                    assertEquals(java.util.Set.of("README.md", "models"), names);
                    try (OpenWithoutWaiting.OpenedFolder models = OpenWithoutWaiting.folder(folder, "models", user.resolve("models"))) {
                        assertFalse(models.stream().iterator().hasNext());
                    }
                    folder.close(); // and again by the try: a second close closes nobody else's descriptor
                }
            }
        }
        assertTrue(openDescriptors() < before + 20, "descriptors leaked: " + before + " -> " + openDescriptors());
    }

    private static long openDescriptors() throws Exception {
        try (java.util.stream.Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    static void mkfifo(Path path) throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).start();
        assertEquals(0, mkfifo.waitFor());
    }

    /**
     * Runs {@code action}, which must finish without waiting on the fifo at {@code fifo}; if it waits, the
     * fifo is opened for writing to let the stuck thread go, and the test fails.
     */
    static void assertDoesNotWaitOn(Path fifo, org.junit.jupiter.api.function.Executable action) throws Exception {
        java.util.concurrent.CompletableFuture<Throwable> done = new java.util.concurrent.CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                action.execute();
                done.complete(null);
            } catch (Throwable t) {
                done.complete(t);
            }
        });
        thread.setDaemon(true);
        thread.start();
        try {
            Throwable failure = done.get(10, java.util.concurrent.TimeUnit.SECONDS);
            if (failure != null) {
                throw new AssertionError(failure);
            }
        } catch (java.util.concurrent.TimeoutException stuck) {
            try (java.io.FileOutputStream writer = new java.io.FileOutputStream(fifo.toFile())) {
                // the stuck open now has its writer and returns
            }
            fail("waited for a writer on the fifo " + fifo + " (a user could hold this thread for ever)");
        }
    }

    @Test
    void aHugeFileIsReadOnlyUpToTheLimit() throws Exception {
        Files.writeString(user.resolve("README.md"), "x".repeat(100_000));
        try (TrustedTree tree = TrustedTree.open(user)) {
            assertEquals(1000, tree.readText("README.md", 1000).orElseThrow().length());
        }
    }

    @Test
    void aLinkPlantedForAFolderThePlatformMakesIsReplacedAndItsTargetKeepsItsMode() throws Exception {
        Files.createSymbolicLink(user.resolve(".dtaas"), elsewhere);
        try (TrustedTree tree = TrustedTree.open(user);
                TrustedTree made = tree.ensureFolder(".dtaas", PosixFilePermissions.fromString("rwxrwxrwx"))) {
            made.writeAtomically("services.json", "alice's", PosixFilePermissions.fromString("rw-------"));
        }
        assertFalse(Files.isSymbolicLink(user.resolve(".dtaas")));
        assertEquals("alice's", Files.readString(user.resolve(".dtaas/services.json")));
        assertEquals(PosixFilePermissions.fromString("rwxrwxrwx"), Files.getPosixFilePermissions(user.resolve(".dtaas")));
        assertEquals("bob's passwords", Files.readString(secret));
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(elsewhere));
    }

    @Test
    void aLinkPlantedForAFileThePlatformWritesIsReplacedNotWrittenThrough() throws Exception {
        Files.createDirectories(user.resolve(".dtaas"));
        Files.createSymbolicLink(user.resolve(".dtaas/services.json"), secret);
        try (TrustedTree tree = TrustedTree.open(user);
                TrustedTree folder = tree.ensureFolder(".dtaas", PosixFilePermissions.fromString("rwx------"))) {
            folder.writeAtomically("services.json", "alice's", PosixFilePermissions.fromString("rw-------"));
        }
        assertFalse(Files.isSymbolicLink(user.resolve(".dtaas/services.json")));
        assertEquals("alice's", Files.readString(user.resolve(".dtaas/services.json")));
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(user.resolve(".dtaas/services.json")));
        assertEquals("bob's passwords", Files.readString(secret));
    }

    @Test
    void deletingATreeRemovesLinksNotWhatTheyPointAt() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("state/alice/tmp"));
        Files.createDirectories(tmp.resolve("a/b"));
        Files.writeString(tmp.resolve("a/b/file"), "x");
        Files.createSymbolicLink(tmp.resolve("a/link-to-bob"), elsewhere);
        Files.createSymbolicLink(tmp.resolve("secret"), secret);
        try (TrustedTree tree = TrustedTree.open(tmp)) {
            tree.deleteContents();
        }
        try (var left = Files.list(tmp)) {
            assertEquals(0, left.count());
        }
        assertEquals("bob's passwords", Files.readString(secret));
        assertTrue(Files.exists(elsewhere, LinkOption.NOFOLLOW_LINKS));
    }

    /** The user's code swaps the folder for a link to another user's, in a loop, while the platform writes. */
    @Test
    void aFolderSwappedForALinkMidWriteNeverSendsTheWriteThroughIt() throws Exception {
        Path link = user.resolve(".dtaas-link");
        Files.createSymbolicLink(link, elsewhere);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger swaps = new java.util.concurrent.atomic.AtomicInteger();
        Thread attacker = new Thread(() -> {
            for (int i = 0; !stop.get(); i++) {
                try {
                    Path real = user.resolve(".dtaas");
                    if (Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
                        Files.move(real, user.resolve(".old-" + i)); // the platform's folder aside ...
                        Files.createSymbolicLink(real, elsewhere); // ... and a link in its place
                        swaps.incrementAndGet();
                    }
                } catch (Exception raced) {
                    // the platform replaced it meanwhile: go on
                }
            }
        });
        attacker.start();
        try {
            for (int i = 0; i < 300; i++) {
                try (TrustedTree tree = TrustedTree.open(user);
                        TrustedTree folder = tree.ensureFolder(".dtaas", PosixFilePermissions.fromString("rwxrwxrwx"))) {
                    folder.writeAtomically("services.json", "alice's " + i, PosixFilePermissions.fromString("rw-rw-rw-"));
                } catch (java.io.IOException raced) {
                    // refused because the folder kept being replaced: allowed, as long as nothing went through
                }
            }
        } finally {
            stop.set(true);
            attacker.join();
        }
        assertTrue(swaps.get() > 0, "the attacker never swapped");
        assertEquals("bob's passwords", Files.readString(secret));
        try (var inside = Files.list(elsewhere)) {
            assertEquals(1, inside.count(), "a write went through the link into bob's folder");
        }
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(elsewhere));
        assertEquals(PosixFilePermissions.fromString("rw-r--r--"), Files.getPosixFilePermissions(secret));
    }

    @Test
    void foldersAreMadeOnlyWhereThePathIsTrusted() throws Exception {
        Files.createDirectories(user.resolve("data"));
        try (TrustedTree tree = TrustedTree.open(user); TrustedTree data = tree.folder("data").orElseThrow()) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> data.ensureFolder("sub", PosixFilePermissions.fromString("rwx------")));
        }
    }
}
