package org.dtaas.library;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.identity.testing.TestTokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(TestPlatformHome.class)
class TreeResourceTest {

    

    @BeforeAll
    static void library() throws Exception {
        LibraryFixture.create();
    }

    @Test
    void ownerListsOwnFolderWithSizes() {
        given().header("Authorization", TestTokens.bearer("alice"))
                .get("/api/library/tree/alice/data")
                .then().statusCode(200)
                .body("name", org.hamcrest.Matchers.hasItems("blob.bin", "welcome.txt"))
                .body("find { it.name == 'welcome.txt' }.type", equalTo("file"))
                .body("find { it.name == 'welcome.txt' }.size", equalTo(14));
    }

    @Test
    void theWorkspacesCommonMountpointIsNeitherListedNorUsable() throws Exception {
        // a running workspace leaves the (empty) mountpoint of common/ in the user's files
        java.nio.file.Files.createDirectories(LibraryFixture.files().resolve("alice/common"));
        given().header("Authorization", TestTokens.bearer("alice")).get("/api/library/tree/alice")
                .then().statusCode(200).body("name", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("common")));
        given().header("Authorization", TestTokens.bearer("alice")).post("/api/library/dirs/alice/common/x")
                .then().statusCode(400).body("message", org.hamcrest.Matchers.containsString("use common/..."));
        given().header("Authorization", TestTokens.bearer("alice")).get("/api/library/tree/common")
                .then().statusCode(200);
    }

    @Test
    void assetKindsAreDirectoriesFirst() {
        given().header("Authorization", TestTokens.bearer("alice"))
                .get("/api/library/tree/common")
                .then().statusCode(200)
                .body("name", containsInAnyOrder("functions", "models", "tools", "data", "digital twins"))
                .body("type", not(hasItem("file")));
    }

    @Test
    void rootsAreOwnAndCommonOnlyForUsersButAllForAdmins() {
        given().header("Authorization", TestTokens.bearer("alice")).get("/api/library/tree")
                .then().statusCode(200).body("name", contains("alice", "common"));
        given().header("Authorization", TestTokens.adminBearer("root")).get("/api/library/tree")
                .then().statusCode(200).body("name", contains("alice", "bob", "common"));
    }

    @Test
    void anotherUsersTreeIsForbidden() {
        given().header("Authorization", TestTokens.bearer("alice")).get("/api/library/tree/bob/data")
                .then().statusCode(403);
    }

    @Test
    void linkOutOfOwnersTreeIsNeitherListedNorFollowed() {
        given().header("Authorization", TestTokens.bearer("alice")).get("/api/library/tree/alice/data")
                .then().body("name", not(hasItem("bobs"))).body("name", not(hasItem("outside")));
        given().header("Authorization", TestTokens.bearer("alice")).get("/api/library/tree/alice/data/bobs")
                .then().statusCode(400);
    }

    @Test
    void dotDotAndEncodedEscapesAreRefused() {
        for (String path : new String[] {"alice/../bob/data", "alice/%2e%2e/bob", "alice/data/..%2F..%2Fbob",
                "alice%5C..%5Cbob", "alice/data/%00", "%2Fetc"}) {
            given().urlEncodingEnabled(false).header("Authorization", TestTokens.bearer("alice"))
                    .get("/api/library/tree/" + path)
                    .then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(400), equalTo(403), equalTo(404)))
                    .body(not(org.hamcrest.Matchers.containsString("secret.txt")));
        }
    }

    @Test
    void requestsWithoutAValidGatewayTokenAreRejected() {
        given().get("/api/library/tree/alice").then().statusCode(401);
        given().header("Authorization", "Bearer " + TestTokens.token("alice", false, "dtaas-gateway", -120))
                .get("/api/library/tree/alice").then().statusCode(401);
        given().header("Authorization", "Bearer " + TestTokens.token("alice", false, "someone-else", 60))
                .get("/api/library/tree/alice").then().statusCode(401);
    }

    @Test
    void healthIsOpen() {
        given().get("/q/health/ready").then().statusCode(200);
    }
}
