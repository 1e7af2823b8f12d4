package org.dtaas.library;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.identity.testing.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/library/mode/{path}}: a twin written in the browser can be made runnable. Only a
 * regular file of the caller's own tree changes; a link (to a platform file), a hard link to another
 * user's file, a fifo, a folder, another user's file and a path through a link are refused with a
 * clear 4xx and keep their modes — the attacks first, each with its victim checked.
 */
@QuarkusTest
@QuarkusTestResource(TestPlatformHome.class)
class ExecutableModeTest {

    private static final Path FILES = TestPlatformHome.files();

    @BeforeEach
    void library() throws Exception {
        LibraryFixture.create();
    }

    private static ValidatableResponse mode(String user, String path, Object executable) {
        return given().header("Authorization", TestTokens.bearer(user)).contentType("application/json")
                .body(Map.of("executable", executable)).post("/api/library/mode/" + path).then();
    }

    private static Set<PosixFilePermission> modeOf(Path file) throws Exception {
        return Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void aProgramOfTheOwnersBecomesExecutableAndBackAgain() throws Exception {
        given().header("Authorization", TestTokens.bearer("alice")).body("#!/bin/sh\necho hi\n")
                .put("/api/library/raw/alice/digital twins/made/lifecycle/execute").then().statusCode(201);
        Path program = FILES.resolve("alice/digital twins/made/lifecycle/execute");
        assertFalse(modeOf(program).contains(PosixFilePermission.OWNER_EXECUTE), "uploads are not executable");

        mode("alice", "alice/digital twins/made/lifecycle/execute", true).statusCode(200)
                .body("executable", equalTo(true)).body("path", equalTo("alice/digital twins/made/lifecycle/execute"));
        given().header("Authorization", TestTokens.bearer("alice")).get("/api/library/tree/alice/digital twins/made/lifecycle")
                .then().statusCode(200).body("find { it.name == 'execute' }.executable", equalTo(true));
        Set<PosixFilePermission> now = modeOf(program);
        assertTrue(now.contains(PosixFilePermission.OWNER_EXECUTE), now.toString());
        assertEquals(now.contains(PosixFilePermission.OTHERS_READ), now.contains(PosixFilePermission.OTHERS_EXECUTE),
                "x only where r is: " + now);
        assertEquals("#!/bin/sh\necho hi\n", Files.readString(program), "the file itself is unchanged");

        mode("alice", "alice/digital twins/made/lifecycle/execute", false).statusCode(200);
        assertTrue(modeOf(program).stream().noneMatch(p -> p.name().endsWith("EXECUTE")), modeOf(program).toString());
        mode("alice", "alice/digital twins/made/lifecycle/missing", true).statusCode(404);
        mode("alice", "alice/digital twins/made/lifecycle/execute", "yes").statusCode(400);
    }

    @Test
    void aLinkToAPlatformFileIsRefusedAndTheFileKeepsItsMode() throws Exception {
        Path secret = Files.createTempFile("dtaas-platform-secret", ".key");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Path link = FILES.resolve("alice/data/key");
        Files.createDirectories(link.getParent());
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, secret);
        mode("alice", "alice/data/key", true).statusCode(400).body("message", containsString("not a regular file"));
        assertEquals(PosixFilePermissions.fromString("rw-------"), modeOf(secret), "the link's target is untouched");
        assertTrue(Files.isSymbolicLink(link), "the link is back where it was, as it was");
        Files.delete(link);
        Files.delete(secret);
    }

    @Test
    void aHardLinkToAnotherUsersFileIsRefused() throws Exception {
        Path bobs = FILES.resolve("bob/data/secret.txt");
        Set<PosixFilePermission> before = modeOf(bobs);
        Path hard = FILES.resolve("alice/data/hard.txt");
        Files.deleteIfExists(hard);
        Files.createLink(hard, bobs); // the test runs as root; a user could on a shared disk without protected_hardlinks
        try {
            mode("alice", "alice/data/hard.txt", true).statusCode(400);
            assertEquals(before, modeOf(bobs), "bob's file keeps its mode");
        } finally {
            Files.delete(hard);
        }
    }

    @Test
    void aFifoAFolderAndOtherUsersFilesAreRefusedWithoutWaiting() throws Exception {
        Path fifo = FILES.resolve("alice/data/pipe");
        Files.deleteIfExists(fifo);
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        long started = System.nanoTime();
        mode("alice", "alice/data/pipe", true).statusCode(400); // an open of the fifo would wait for a writer
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(10), "answered without waiting on the fifo");
        assertTrue(Files.exists(fifo, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS));
        Files.delete(fifo);

        mode("alice", "alice/data", true).statusCode(400);
        Set<PosixFilePermission> bobsBefore = modeOf(FILES.resolve("bob/data/secret.txt"));
        mode("alice", "bob/data/secret.txt", true).statusCode(403);
        assertEquals(bobsBefore, modeOf(FILES.resolve("bob/data/secret.txt")));

        // a folder of alice's swapped for a link to bob's: never walked through
        Path through = FILES.resolve("alice/bobs");
        Files.deleteIfExists(through);
        Files.createSymbolicLink(through, FILES.resolve("bob/data"));
        try {
            mode("alice", "alice/bobs/secret.txt", true).statusCode(400);
            assertEquals(bobsBefore, modeOf(FILES.resolve("bob/data/secret.txt")));
        } finally {
            Files.delete(through);
        }
        // the HTTP layer resolves the dots: it is bob's path, and not hers to change
        mode("alice", "alice/../bob/data/secret.txt", true).statusCode(403);
    }

    /** The editor saves a whole new file (PUT, atomic): a lifecycle program must stay runnable after an edit. */
    @Test
    void aProgramSavedAgainStaysExecutableAndAPlainFileStaysPlain() throws Exception {
        Path program = FILES.resolve("alice/digital twins/edited/lifecycle/execute");
        Files.createDirectories(program.getParent());
        Files.writeString(program, "#!/bin/sh\necho old\n");
        new ProcessBuilder("chmod", "4755", program.toString()).start().waitFor(); // set-uid: Java cannot say it
        given().header("Authorization", TestTokens.bearer("alice")).contentType("application/octet-stream")
                .body("#!/bin/sh\necho new\n".getBytes()).put("/api/library/raw/alice/digital twins/edited/lifecycle/execute")
                .then().statusCode(204);
        assertEquals("#!/bin/sh\necho new\n", Files.readString(program));
        assertEquals(java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"), modeOf(program),
                "executable as before; a set-uid bit is not carried over");
        Path notes = FILES.resolve("alice/digital twins/edited/notes.txt");
        Files.writeString(notes, "old");
        given().header("Authorization", TestTokens.bearer("alice")).contentType("application/octet-stream")
                .body("new".getBytes()).put("/api/library/raw/alice/digital twins/edited/notes.txt").then().statusCode(204);
        assertFalse(modeOf(notes).contains(PosixFilePermission.OWNER_EXECUTE));
        LibraryFixture.deleteTree(FILES.resolve("alice/digital twins/edited"));
    }
}
