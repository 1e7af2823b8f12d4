package org.dtaas.library.gitlab;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.dtaas.identity.testing.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MODE=gitlab against a WireMock GitLab: what the library reads from GitLab's REST API, and the
 * exact commits it sends for each write (action, paths, base64 content, the user as author).
 */
@QuarkusTest
@TestProfile(GitLabModeProfile.class)
class GitLabStoreTest {

    static final String COMMITS = "/api/v4/projects/dtaas%2Falice/repository/commits";

    @BeforeEach
    void forgetRequests() {
        GitLabServer.server.resetRequests();
    }

    static String alice() {
        return TestTokens.bearer("alice");
    }

    static io.restassured.response.ValidatableResponse graphql(String token, String query) {
        return given().header("Authorization", token).contentType("application/json")
                .body(Map.of("query", query)).post("/lib").then().statusCode(200);
    }

    @Test
    void listDirectoryAnswersTheUpstreamShapeFromTheRepositoryTree() {
        graphql(alice(), "{ listDirectory(path: \"alice\") { repository { tree { "
                + "blobs { edges { node { name type } } } trees { edges { node { name type } } } } } } }")
                .body("data.listDirectory.repository.tree.trees.edges.node.name", contains("data", "functions"))
                .body("data.listDirectory.repository.tree.trees.edges.node.type", contains("tree", "tree"))
                // .gitkeep only keeps a folder alive in git; it is not an asset
                .body("data.listDirectory.repository.tree.blobs.edges", empty());
    }

    @Test
    void readFileReturnsTheRawFileTrimmedAsUpstream() {
        graphql(alice(), "{ readFile(path: \"alice/data/welcome.txt\") { repository { blobs { nodes { name rawBlob rawTextBlob } } } } }")
                .body("data.readFile.repository.blobs.nodes[0].name", equalTo("welcome.txt"))
                .body("data.readFile.repository.blobs.nodes[0].rawBlob", equalTo("hello world"))
                .body("data.readFile.repository.blobs.nodes[0].rawTextBlob", equalTo("hello world"));
    }

    @Test
    void readFileAsksGitLabForTheFileOnceThoughTheAnswerReadsItInThreePasses() {
        graphql(alice(), "{ readFile(path: \"alice/data/welcome.txt\") { repository { blobs { nodes { rawBlob rawTextBlob } } } } }")
                .body("data.readFile.repository.blobs.nodes[0].rawBlob", equalTo("hello world"));
        GitLabServer.server.verify(1, WireMock.getRequestedFor(
                urlPathEqualTo("/api/v4/projects/dtaas%2Falice/repository/files/data%2Fwelcome%2Etxt/raw")));
    }

    @Test
    void restTreeAndRawDownloadComeFromGitLab() {
        given().header("Authorization", alice()).get("/api/library/tree/alice/data").then().statusCode(200)
                .body("name", contains("empty", "run.sh", "welcome.txt"))
                .body("type", contains("directory", "file", "file"));
        given().header("Authorization", alice()).get("/api/library/tree/alice/data/empty").then().statusCode(200)
                .body("$", empty());
        given().header("Authorization", alice()).get("/api/library/tree/alice/data/nothing").then().statusCode(404);
        given().header("Authorization", alice()).get("/api/library/raw/alice/data/welcome.txt").then().statusCode(200)
                .body(equalTo("hello world\n")).header("Content-Length", "12");
        given().header("Authorization", alice()).header("Range", "bytes=6-10")
                .get("/api/library/raw/alice/data/welcome.txt").then().statusCode(206).body(equalTo("world"));
    }

    @Test
    void commonIsTheCommonsProjectAndOwnersComeFromTheGroup() {
        given().header("Authorization", alice()).get("/api/library/tree/common").then().statusCode(200)
                .body("name", contains("models"));
        given().header("Authorization", TestTokens.adminBearer("admin")).get("/api/library/tree").then().statusCode(200)
                .body("name", contains("alice", "common"));
    }

    @Test
    void uploadIsOneCommitWithTheUserAsAuthor() {
        given().header("Authorization", alice()).body("t,x\n0,1\n").put("/api/library/raw/alice/data/new.csv")
                .then().statusCode(201);
        GitLabServer.server.verify(1, postRequestedFor(urlPathEqualTo(COMMITS))
                .withHeader("PRIVATE-TOKEN", WireMock.equalTo("glpat-test-token"))
                .withRequestBody(matchingJsonPath("$.branch", WireMock.equalTo("main")))
                .withRequestBody(matchingJsonPath("$.author_name", WireMock.equalTo("alice")))
                .withRequestBody(matchingJsonPath("$.author_email", WireMock.equalTo("alice@users.noreply.dtaas")))
                .withRequestBody(matchingJsonPath("$.actions[0].action", WireMock.equalTo("create")))
                .withRequestBody(matchingJsonPath("$.actions[0].file_path", WireMock.equalTo("data/new.csv")))
                .withRequestBody(matchingJsonPath("$.actions[0].encoding", WireMock.equalTo("base64")))
                .withRequestBody(matchingJsonPath("$.actions[0].content",
                        WireMock.equalTo(Base64.getEncoder().encodeToString("t,x\n0,1\n".getBytes())))));
    }

    @Test
    void replacingAFileIsAnUpdate() {
        given().header("Authorization", alice()).body("hi").put("/api/library/raw/alice/data/welcome.txt")
                .then().statusCode(204);
        GitLabServer.server.verify(1, postRequestedFor(urlPathEqualTo(COMMITS))
                .withRequestBody(matchingJsonPath("$.actions[0].action", WireMock.equalTo("update"))));
    }

    @Test
    void aFileLargerThanACommitCanCarryIsRefusedWithoutACommit() {
        given().header("Authorization", alice()).body(new byte[5000]).put("/api/library/raw/alice/data/big.bin")
                .then().statusCode(413).body("message", containsString("4096"));
        GitLabServer.server.verify(0, postRequestedFor(urlPathEqualTo(COMMITS)));
    }

    @Test
    void mkdirCommitsAGitkeep() {
        given().header("Authorization", alice()).post("/api/library/dirs/alice/data/results").then().statusCode(201);
        GitLabServer.server.verify(1, postRequestedFor(urlPathEqualTo(COMMITS))
                .withRequestBody(matchingJsonPath("$.actions[0].action", WireMock.equalTo("create")))
                .withRequestBody(matchingJsonPath("$.actions[0].file_path", WireMock.equalTo("data/results/.gitkeep"))));
        given().header("Authorization", alice()).post("/api/library/dirs/alice/data/empty").then().statusCode(204);
    }

    @Test
    void deletingAFolderDeletesEveryFileInOneCommit() {
        given().header("Authorization", alice()).delete("/api/library/files/alice/data").then().statusCode(204);
        List<LoggedRequest> commits = GitLabServer.server.findAll(postRequestedFor(urlPathEqualTo(COMMITS)));
        assertEquals(1, commits.size());
        String body = commits.get(0).getBodyAsString();
        for (String path : List.of("data/empty/.gitkeep", "data/welcome.txt", "data/run.sh")) {
            GitLabServer.server.verify(postRequestedFor(urlPathEqualTo(COMMITS)).withRequestBody(
                    matchingJsonPath("$.actions[?(@.action == 'delete' && @.file_path == '" + path + "')]")));
        }
        assertEquals(3, body.split("\"delete\"", -1).length - 1, body);
    }

    @Test
    void movingAFolderMovesEveryFileWithItsPreviousPath() {
        given().header("Authorization", alice()).contentType("application/json")
                .body(Map.of("from", "alice/data", "to", "alice/functions/data2")).post("/api/library/move")
                .then().statusCode(204);
        GitLabServer.server.verify(1, postRequestedFor(urlPathEqualTo(COMMITS))
                .withRequestBody(matchingJsonPath("$.actions[?(@.action == 'move' && @.previous_path == 'data/welcome.txt'"
                        + " && @.file_path == 'functions/data2/welcome.txt')]")));
    }

    @Test
    void movingOntoAnExistingFolderIsAConflict() {
        given().header("Authorization", alice()).contentType("application/json")
                .body(Map.of("from", "alice/data/welcome.txt", "to", "alice/data/empty")).post("/api/library/move")
                .then().statusCode(409);
        GitLabServer.server.verify(0, postRequestedFor(urlPathEqualTo(COMMITS)));
    }

    @Test
    void anotherUsersLibraryIsRefusedBeforeGitLabIsAsked() {
        given().header("Authorization", TestTokens.bearer("bob")).get("/api/library/raw/alice/data/welcome.txt")
                .then().statusCode(403);
        graphql(TestTokens.bearer("bob"), "{ listDirectory(path: \"alice/data\") { repository { tree { trees { edges { node { name } } } } } } }")
                .body("errors[0].message", containsString("alice"));
        given().header("Authorization", alice()).body("x").put("/api/library/raw/common/models/m.txt").then().statusCode(403);
        GitLabServer.server.verify(0, anyRequestedFor(urlPathMatching(".*")));
    }

    @Test
    void aRefusedTokenIsABadGatewayThatSaysWhatToFix() {
        GitLabServer.server.stubFor(get(urlPathEqualTo("/api/v4/projects/dtaas%2Falice/repository/tree"))
                .withQueryParam("path", WireMock.equalTo("locked")).atPriority(0)
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"401 Unauthorized\"}")));
        given().header("Authorization", alice()).get("/api/library/tree/alice/locked").then().statusCode(502)
                .body("message", containsString("TOKEN"));
    }
}
