package org.dtaas.library;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.identity.testing.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Publishing into common/, reviewed: a user proposes an asset of their own; an admin sees what it would
 * change and accepts exactly the content proposed (changed since: refused, common/ untouched) or declines
 * it. Nobody else sees or decides another user's proposal.
 */
@QuarkusTest
@QuarkusTestResource(TestPlatformHome.class)
class ProposalsTest {

    private static final Path FILES = TestPlatformHome.files();
    private static final Path MINE = FILES.resolve("alice/digital twins/pub-twin");
    private static final Path PUBLISHED = FILES.resolve("common/digital twins/pub-twin");

    @BeforeEach
    void twin() throws Exception {
        LibraryFixture.create();
        LibraryFixture.deleteTree(MINE);
        LibraryFixture.deleteTree(PUBLISHED);
        Files.createDirectories(MINE.resolve("lifecycle"));
        Files.writeString(MINE.resolve("README.md"), "A twin for everyone.\n");
        Files.writeString(MINE.resolve("lifecycle/execute"), "#!/bin/sh\necho v1\n");
        Files.setPosixFilePermissions(MINE.resolve("lifecycle/execute"), PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static ValidatableResponse propose(String user, String from, String to) {
        return given().header("Authorization", TestTokens.bearer(user)).contentType("application/json")
                .body(Map.of("from", from, "to", to, "note", "please")).post("/api/library/proposals").then();
    }

    private static String admin() {
        return TestTokens.adminBearer("admin");
    }

    @Test
    void anAdminSeesWhatAProposalChangesAndAcceptsExactlyIt() throws Exception {
        String id = propose("alice", "alice/digital twins/pub-twin", "common/digital twins/pub-twin").statusCode(201)
                .body("status", equalTo("open")).body("by", equalTo("alice")).extract().path("id");
        JsonPath changes = given().header("Authorization", admin()).get("/api/library/proposals/" + id).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(java.util.List.of("README.md", "lifecycle/execute"), changes.getList("added.path").stream().sorted().toList());
        assertTrue(changes.getList("removed").isEmpty());
        assertFalse(changes.getBoolean("proposedContentChanged"));

        given().header("Authorization", TestTokens.bearer("alice")).post("/api/library/proposals/" + id + "/accept").then()
                .statusCode(403);
        given().header("Authorization", admin()).post("/api/library/proposals/" + id + "/accept").then().statusCode(200)
                .body("status", equalTo("accepted")).body("decidedBy", equalTo("admin"));
        assertEquals("#!/bin/sh\necho v1\n", Files.readString(PUBLISHED.resolve("lifecycle/execute")));
        assertTrue(Files.getPosixFilePermissions(PUBLISHED.resolve("lifecycle/execute")).contains(PosixFilePermission.OWNER_EXECUTE));
        assertTrue(Files.readString(FILES.resolve("common/digital twins/.origins.json")).contains("alice/digital twins/pub-twin"));
        given().header("Authorization", admin()).post("/api/library/proposals/" + id + "/accept").then().statusCode(409);

        // a second version: the review shows the changed program, and accepting replaces the published one
        Files.writeString(MINE.resolve("lifecycle/execute"), "#!/bin/sh\necho v2\n");
        Files.delete(MINE.resolve("README.md"));
        String second = propose("alice", "alice/digital twins/pub-twin", "common/digital twins/pub-twin").statusCode(201)
                .extract().path("id");
        JsonPath diff = given().header("Authorization", admin()).get("/api/library/proposals/" + second).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(java.util.List.of("lifecycle/execute"), diff.getList("changed.path"));
        assertEquals(java.util.List.of("README.md"), diff.getList("removed.path"));
        given().header("Authorization", admin()).post("/api/library/proposals/" + second + "/accept").then().statusCode(200);
        assertEquals("#!/bin/sh\necho v2\n", Files.readString(PUBLISHED.resolve("lifecycle/execute")));
        assertFalse(Files.exists(PUBLISHED.resolve("README.md")), "what the proposal removed is gone");
        try (var left = Files.list(PUBLISHED.getParent())) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith(".proposal-")
                    || p.getFileName().toString().startsWith(".replaced-")), "nothing of the swap is left");
        }
    }

    @Test
    void contentChangedSinceItWasProposedIsNeverPublished() throws Exception {
        String id = propose("alice", "alice/digital twins/pub-twin", "common/digital twins/pub-twin").statusCode(201)
                .extract().path("id");
        Files.writeString(MINE.resolve("lifecycle/execute"), "#!/bin/sh\necho sneaked in later\n");
        given().header("Authorization", admin()).get("/api/library/proposals/" + id).then().statusCode(200)
                .body("proposedContentChanged", equalTo(true));
        given().header("Authorization", admin()).post("/api/library/proposals/" + id + "/accept").then().statusCode(409)
                .body("message", containsString("changed since it was proposed"));
        assertFalse(Files.exists(PUBLISHED), "common/ untouched");
        given().header("Authorization", admin()).contentType("application/json").body(Map.of("reason", "changed after proposing"))
                .post("/api/library/proposals/" + id + "/decline").then().statusCode(200).body("status", equalTo("declined"))
                .body("reason", equalTo("changed after proposing"));
        given().header("Authorization", admin()).post("/api/library/proposals/" + id + "/accept").then().statusCode(409);
        assertFalse(Files.exists(PUBLISHED));
    }

    @Test
    void onlyOnesOwnAssetsAreProposedAndOnlyTheProposerAndAdminsSeeThem() throws Exception {
        propose("alice", "bob/data/secret.txt", "common/data/secret.txt").statusCode(403);
        propose("alice", "alice/digital twins/pub-twin", "alice/digital twins/elsewhere").statusCode(400);
        propose("alice", "alice/digital twins/pub-twin", "common").statusCode(400);
        propose("alice", "alice/digital twins/missing", "common/digital twins/missing").statusCode(404);
        propose("alice", "alice/data/outside/secret.txt", "common/data/x").statusCode(400); // through a link: refused
        String id = propose("alice", "alice/digital twins/pub-twin", "common/digital twins/pub-twin").statusCode(201)
                .extract().path("id");
        given().header("Authorization", TestTokens.bearer("bob")).get("/api/library/proposals").then().statusCode(200)
                .body("id", not(hasItem(id)));
        given().header("Authorization", TestTokens.bearer("bob")).get("/api/library/proposals/" + id).then().statusCode(403);
        given().header("Authorization", TestTokens.bearer("bob")).contentType("application/json").body(Map.of("reason", "x"))
                .post("/api/library/proposals/" + id + "/decline").then().statusCode(403);
        given().header("Authorization", TestTokens.bearer("alice")).get("/api/library/proposals").then().statusCode(200)
                .body("id", hasItem(id));
        given().header("Authorization", admin()).get("/api/library/proposals/../../etc").then().statusCode(404);
        given().header("Authorization", admin()).get("/api/library/proposals/not-an-id").then().statusCode(404);
    }
}
