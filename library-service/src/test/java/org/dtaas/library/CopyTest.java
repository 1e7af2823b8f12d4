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
import java.util.stream.Stream;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.identity.testing.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/library/copy}: "copy to my library" on the server. A common twin arrives whole and
 * still runnable; what exists is never replaced, a folder never goes into itself, links are neither
 * copied nor followed, other users' trees are neither source nor target, and a copy that fails
 * half-way (a file over the size limit) leaves nothing behind.
 */
@QuarkusTest
@QuarkusTestResource(TestPlatformHome.class)
class CopyTest {

    private static final Path FILES = TestPlatformHome.files();

    @BeforeEach
    void library() throws Exception {
        LibraryFixture.create();
        Path twin = FILES.resolve("common/digital twins/shared-twin");
        Files.createDirectories(twin.resolve("lifecycle"));
        Files.writeString(twin.resolve("README.md"), "A twin everyone may copy.\n");
        Files.writeString(twin.resolve("lifecycle/execute"), "#!/bin/sh\necho shared\n");
        Files.setPosixFilePermissions(twin.resolve("lifecycle/execute"), PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static ValidatableResponse copy(String user, String from, String to) {
        return given().header("Authorization", TestTokens.bearer(user)).contentType("application/json")
                .body(Map.of("from", from, "to", to)).post("/api/library/copy").then();
    }

    private static void delete(Path tree) throws Exception {
        if (Files.exists(tree, LinkOption.NOFOLLOW_LINKS)) {
            new ProcessBuilder("rm", "-rf", tree.toString()).start().waitFor();
        }
    }

    @Test
    void aCommonTwinIsCopiedWholeAndStillRuns() throws Exception {
        Path mine = FILES.resolve("alice/digital twins/my-twin");
        delete(mine);
        Files.deleteIfExists(FILES.resolve("alice/digital twins/.origins.json"));
        copy("alice", "common/digital twins/shared-twin", "alice/digital twins/my-twin").statusCode(201)
                .body("path", equalTo("alice/digital twins/my-twin")).body("type", equalTo("directory"))
                .body("files", equalTo(2));
        assertEquals("A twin everyone may copy.\n", Files.readString(mine.resolve("README.md")));
        assertEquals("#!/bin/sh\necho shared\n", Files.readString(mine.resolve("lifecycle/execute")));
        assertTrue(Files.getPosixFilePermissions(mine.resolve("lifecycle/execute")).contains(PosixFilePermission.OWNER_EXECUTE),
                "its lifecycle program stays executable");
        assertFalse(Files.getPosixFilePermissions(mine.resolve("README.md")).contains(PosixFilePermission.OWNER_EXECUTE));
        // where it came from, beside it, with the digest a run's provenance would record for the same content
        String readme = org.dtaas.files.ContentDigest.hex(org.dtaas.files.ContentDigest.sha256().digest("A twin everyone may copy.\n".getBytes()));
        String program = org.dtaas.files.ContentDigest.hex(org.dtaas.files.ContentDigest.sha256().digest("#!/bin/sh\necho shared\n".getBytes()));
        String digest = org.dtaas.files.ContentDigest.ofFolder(java.util.List.of(new org.dtaas.files.ContentDigest.Line("README.md", 26, readme),
                new org.dtaas.files.ContentDigest.Line("lifecycle/execute", 22, program)));
        io.restassured.path.json.JsonPath origins = io.restassured.path.json.JsonPath.from(
                Files.readString(FILES.resolve("alice/digital twins/.origins.json")));
        assertEquals("common/digital twins/shared-twin", origins.getString("'my-twin'.from"));
        assertEquals(digest, origins.getString("'my-twin'.sha256"));
        assertEquals("alice", origins.getString("'my-twin'.by"));
        // a single file too
        copy("alice", "common/models/readme.md", "alice/models/readme.md").statusCode(201).body("type", equalTo("file"));
        assertEquals("shared model", Files.readString(FILES.resolve("alice/models/readme.md")));
        Files.delete(FILES.resolve("alice/models/readme.md"));
        delete(mine);
    }

    @Test
    void nothingThatExistsIsReplacedAndAFolderNeverGoesIntoItself() throws Exception {
        copy("alice", "common/models/readme.md", "alice/data/welcome.txt").statusCode(409)
                .body("message", containsString("never replaces"));
        assertEquals("  hello world\n", Files.readString(FILES.resolve("alice/data/welcome.txt")));
        copy("alice", "alice/data", "alice/data/inside").statusCode(409).body("message", containsString("into itself"));
        assertFalse(Files.exists(FILES.resolve("alice/data/inside"), LinkOption.NOFOLLOW_LINKS));
        copy("alice", "alice/data/missing", "alice/data/copy").statusCode(404);
        copy("alice", "common/models", "alice").statusCode(400);
    }

    @Test
    void otherUsersTreesAreNeitherSourceNorTargetAndLinksAreNotFollowed() throws Exception {
        copy("alice", "bob/data/secret.txt", "alice/data/stolen.txt").statusCode(403);
        copy("alice", "common/models/readme.md", "bob/data/planted.md").statusCode(403);
        copy("alice", "common/models/readme.md", "common/models/mine.md").statusCode(403);
        assertFalse(Files.exists(FILES.resolve("alice/data/stolen.txt")) || Files.exists(FILES.resolve("bob/data/planted.md")));
        // through alice's link to bob's folder: refused, not followed
        copy("alice", "alice/data/bobs/secret.txt", "alice/data/stolen.txt").statusCode(400);
        assertFalse(Files.exists(FILES.resolve("alice/data/stolen.txt"), LinkOption.NOFOLLOW_LINKS));

        // a folder holding links (to bob's folder, to the platform's home): the links are not copied
        Path copied = FILES.resolve("alice/data-copy");
        delete(copied);
        copy("alice", "alice/data", "alice/data-copy").statusCode(201);
        assertEquals("  hello world\n", Files.readString(copied.resolve("welcome.txt")));
        try (Stream<Path> all = Files.walk(copied)) {
            all.forEach(p -> {
                assertFalse(Files.isSymbolicLink(p), "no link in the copy: " + p);
                assertFalse(p.toString().endsWith("secret.txt"), "nothing of bob's or the platform's: " + p);
            });
        }
        delete(copied);
    }

    @Test
    void aCopyThatFailsHalfWayLeavesNothing() throws Exception {
        Path source = FILES.resolve("alice/tools/big");
        delete(source);
        Files.createDirectories(source);
        Files.writeString(source.resolve("a-small.txt"), "small");
        Files.write(source.resolve("b-big.bin"), new byte[2 << 20]); // over the tests' 1 MiB file limit
        copy("alice", "alice/tools/big", "alice/tools/big-copy").statusCode(413);
        assertFalse(Files.exists(FILES.resolve("alice/tools/big-copy"), LinkOption.NOFOLLOW_LINKS), "no target");
        try (Stream<Path> left = Files.list(FILES.resolve("alice/tools"))) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith(".upload-")), "no partial copy left");
        }
        delete(source);
    }
}
