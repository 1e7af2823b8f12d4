package org.dtaas.library;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
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
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.identity.testing.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/twins/{owner}}: a new twin from a template (the example twins). It arrives whole,
 * runnable and titled with its name; a taken name, a bad name, an unknown template, someone else's
 * library, or a twins folder that is a link change nothing.
 */
@QuarkusTest
@QuarkusTestResource(TestPlatformHome.class)
class NewTwinTest {

    private static final Path FILES = TestPlatformHome.files();

    @BeforeEach
    void library() throws Exception {
        LibraryFixture.create();
    }

    private static ValidatableResponse create(String user, String owner, Object name, String template) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("name", name);
        body.put("template", template);
        return given().header("Authorization", TestTokens.bearer(user)).contentType("application/json")
                .body(body).post("/api/twins/" + owner).then();
    }

    private static List<String> namesIn(Path folder) throws Exception {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> names = Files.list(folder)) {
            return names.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theTemplatesAreTheExampleTwins() {
        given().header("Authorization", TestTokens.bearer("alice")).get("/api/library/templates").then().statusCode(200)
                .body("name", hasItems("hello-world", "mass-spring-damper", "thermostat-mqtt"))
                .body("find { it.name == 'hello-world' }.title", equalTo("Hello world"))
                .body("find { it.name == 'hello-world' }.description", containsString("smallest digital twin"));
    }

    @Test
    void aNewTwinArrivesWholeRunnableAndNamed() throws Exception {
        Path twin = FILES.resolve("alice/digital twins/my-hello");
        LibraryFixture.deleteTree(twin);
        create("alice", "alice", "my-hello", "hello-world").statusCode(201)
                .body("path", equalTo("alice/digital twins/my-hello")).body("type", equalTo("directory"));
        Path template = Path.of("../examples/digital twins/hello-world");
        for (String phase : new String[] {"create", "execute", "analyze", "evolve", "save", "terminate", "clean"}) {
            Path program = twin.resolve("lifecycle/" + phase);
            assertEquals(Files.readString(template.resolve("lifecycle/" + phase)), Files.readString(program));
            assertTrue(Files.getPosixFilePermissions(program).contains(PosixFilePermission.OWNER_EXECUTE), phase + " runs");
        }
        String readme = Files.readString(twin.resolve("README.md"));
        assertTrue(readme.startsWith("# my-hello\n"), readme);
        assertTrue(readme.contains("The smallest digital twin"), "the template's text stays");
        assertFalse(Files.getPosixFilePermissions(twin.resolve("README.md")).contains(PosixFilePermission.OWNER_EXECUTE));
        assertTrue(namesIn(twin.getParent()).stream().noneMatch(n -> n.startsWith(".upload-")), "no partial folder left");

        // a co-simulation template brings its configuration and sources along
        Path cosim = FILES.resolve("alice/digital twins/my-cosim");
        LibraryFixture.deleteTree(cosim);
        create("alice", "alice", "my-cosim", "mass-spring-damper").statusCode(201);
        assertTrue(Files.isRegularFile(cosim.resolve("cosim.json")) && Files.isRegularFile(cosim.resolve("fmu-src/msd.c")));
        LibraryFixture.deleteTree(cosim);
        LibraryFixture.deleteTree(twin);
    }

    @Test
    void aTakenNameIsNeverReplaced() throws Exception {
        Path twin = FILES.resolve("alice/digital twins/taken");
        LibraryFixture.deleteTree(twin);
        Files.createDirectories(twin);
        Files.writeString(twin.resolve("README.md"), "mine\n");
        create("alice", "alice", "taken", "hello-world").statusCode(409).body("message", containsString("exists"));
        assertEquals(List.of("README.md"), namesIn(twin));
        assertEquals("mine\n", Files.readString(twin.resolve("README.md")));
        LibraryFixture.deleteTree(twin);
    }

    @Test
    void badNamesAndUnknownTemplatesAreRefused() throws Exception {
        List<String> before = namesIn(FILES.resolve("alice/digital twins"));
        for (String bad : new String[] {"", "../escape", "a/b", ".hidden", "two words", "line\nbreak", "back\\slash",
                "-dash-first", "x".repeat(64)}) {
            create("alice", "alice", bad, "hello-world").statusCode(400).body("message", containsString("twin's name"));
        }
        create("alice", "alice", Map.of("not", "a name"), "hello-world").statusCode(400);
        create("alice", "alice", "fine", "no-such-template").statusCode(404).body("message", containsString("hello-world"));
        create("alice", "alice", "fine", "../hello-world").statusCode(404);
        create("alice", "alice", null, "hello-world").statusCode(400).body("message", containsString("template"));
        assertEquals(before, namesIn(FILES.resolve("alice/digital twins")), "nothing made");
        assertFalse(Files.exists(Path.of("../examples/digital twins/fine")));
    }

    @Test
    void onlyOnesOwnLibraryAndNeverThroughALink() throws Exception {
        List<String> bobs = namesIn(FILES.resolve("bob/digital twins"));
        create("alice", "bob", "planted", "hello-world").statusCode(403);
        create("alice", "common", "planted", "hello-world").statusCode(403);
        create("alice", "alice%2Fdata", "planted", "hello-world").statusCode(400);
        assertEquals(bobs, namesIn(FILES.resolve("bob/digital twins")));

        // carol's twins folder is a link to bob's: nothing is written through it
        Path carol = FILES.resolve("carol");
        LibraryFixture.deleteTree(carol);
        Files.createDirectories(carol);
        Files.createDirectories(FILES.resolve("bob/digital twins"));
        Files.createSymbolicLink(carol.resolve("digital twins"), FILES.resolve("bob/digital twins"));
        int status = create("carol", "carol", "planted", "hello-world").extract().statusCode();
        assertTrue(status >= 400 && status < 500, "refused: " + status);
        assertEquals(bobs.isEmpty() ? List.of() : bobs, namesIn(FILES.resolve("bob/digital twins")), "bob's twins untouched");
        LibraryFixture.deleteTree(carol);
    }
}
