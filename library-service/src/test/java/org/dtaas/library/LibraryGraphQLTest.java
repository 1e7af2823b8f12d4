package org.dtaas.library;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.Base64;
import java.util.Map;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.identity.testing.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The upstream lib microservice's GraphQL API, as its clients send it. */
@QuarkusTest
@QuarkusTestResource(TestPlatformHome.class)
class LibraryGraphQLTest {

    /** The query the upstream DTaaS client sends for a listing. */
    static final String LIST = "query listDirectory($path: String!) { listDirectory(path: $path) { repository { tree {"
            + " blobs { edges { node { name type } } } trees { edges { node { name type } } } } } } }";
    static final String READ = "query readFile($path: String!) { readFile(path: $path) { repository { blobs { nodes {"
            + " name rawBlob rawTextBlob } } } } }";

    @BeforeEach
    void library() throws Exception {
        LibraryFixture.create();
    }

    static ValidatableResponse graphql(String user, String query, String path) {
        return given().header("Authorization", TestTokens.bearer(user)).contentType("application/json")
                .body(Map.of("query", query, "variables", Map.of("path", path)))
                .post("/lib").then().statusCode(200);
    }

    @Test
    void listDirectoryAnswersLikeUpstream() {
        graphql("alice", LIST, "alice")
                .body("errors", nullValue())
                .body("data.listDirectory.repository.tree.trees.edges.node.name",
                        contains("data", "digital twins", "functions", "models", "tools"))
                .body("data.listDirectory.repository.tree.trees.edges.node.type", not(hasItem("blob")))
                .body("data.listDirectory.repository.tree.blobs.edges", empty());
        graphql("alice", LIST, "alice/data")
                .body("data.listDirectory.repository.tree.blobs.edges.node.name", hasItem("welcome.txt"))
                .body("data.listDirectory.repository.tree.blobs.edges[0].node.type", equalTo("blob"));
    }

    @Test
    void readFileAnswersLikeUpstreamWithTrimmedText() {
        graphql("alice", READ, "alice/data/welcome.txt")
                .body("errors", nullValue())
                .body("data.readFile.repository.blobs.nodes[0].name", equalTo("welcome.txt"))
                .body("data.readFile.repository.blobs.nodes[0].rawBlob", equalTo("hello world"))
                .body("data.readFile.repository.blobs.nodes[0].rawTextBlob", equalTo("hello world"));
    }

    @Test
    void binaryFilesComeAsBase64AndSayThatTheyDo() {
        graphql("alice", "{ readFile(path: \"alice/data/blob.bin\") { repository { blobs { nodes { rawBlob rawTextBlob encoding size } } } } }",
                "unused")
                .body("data.readFile.repository.blobs.nodes[0].rawBlob",
                        equalTo(Base64.getEncoder().encodeToString(new byte[] {0, 1, 2, (byte) 0xff, 10})))
                .body("data.readFile.repository.blobs.nodes[0].rawTextBlob", equalTo(""))
                .body("data.readFile.repository.blobs.nodes[0].encoding", equalTo("base64"))
                .body("data.readFile.repository.blobs.nodes[0].size", equalTo(5));
    }

    /** Files are streamed into the answer (never held whole): what arrives must be exactly what a String would give. */
    @Test
    void largeFilesArriveWholeAndExactlyAsText() throws Exception {
        java.util.Random random = new java.util.Random(7);
        StringBuilder text = new StringBuilder(" \n\t\u3000 ");
        String[] alphabet = {"a", "b", " ", "\n", "\"", "\\", "\u00e9", "\u20ac", "\u2603", "\ud83d\ude00", "\t", "/", "<"};
        while (text.length() < 3 * 1024 * 1024) { // beyond any buffer of the writer
            text.append(alphabet[random.nextInt(alphabet.length)]);
        }
        text.append("end \n\u2028 \r\n");
        java.nio.file.Files.writeString(LibraryFixture.files().resolve("alice/data/big.txt"), text);
        String expected = text.toString().strip();
        String answered = graphql("alice", READ, "alice/data/big.txt").body("errors", nullValue())
                .extract().path("data.readFile.repository.blobs.nodes[0].rawTextBlob");
        org.junit.jupiter.api.Assertions.assertEquals(expected.length(), answered.length());
        org.junit.jupiter.api.Assertions.assertEquals(expected, answered);
    }

    /**
     * A small query is answered on the event loop; one that passes its budget there (a long listing,
     * several listings together, a larger file) runs again on a worker: the answer must be whole and
     * the same either way, never cut at the budget.
     */
    @Test
    void queriesPastTheEventLoopsBudgetAreAnsweredWhole() throws Exception {
        java.nio.file.Path many = LibraryFixture.files().resolve("alice/data/many");
        java.nio.file.Files.createDirectories(many);
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) { // past 256, the entries an event loop may stat
            names.add(String.format("f%03d.txt", i));
            java.nio.file.Files.writeString(many.resolve(names.get(i)), "x");
        }
        java.util.List<String> listed = graphql("alice", LIST, "alice/data/many").body("errors", nullValue())
                .extract().path("data.listDirectory.repository.tree.blobs.edges.node.name");
        org.junit.jupiter.api.Assertions.assertEquals(names, listed);

        java.nio.file.Path some = LibraryFixture.files().resolve("alice/data/some");
        java.nio.file.Files.createDirectories(some);
        for (int i = 0; i < 200; i++) { // one listing fits, two together do not
            java.nio.file.Files.writeString(some.resolve(String.format("g%03d", i)), "y");
        }
        String twice = "{ a: listDirectory(path: \"alice/data/some\") { repository { tree { blobs { edges { node { name } } } } } }"
                + " b: listDirectory(path: \"alice/data/some\") { repository { tree { blobs { edges { node { name } } } } } } }";
        graphql("alice", twice, "x").body("errors", nullValue())
                .body("data.a.repository.tree.blobs.edges.size()", equalTo(200))
                .body("data.b.repository.tree.blobs.edges.size()", equalTo(200));

        String text = "z".repeat(64 * 1024 + 1); // one byte past the event loop's file budget
        java.nio.file.Files.writeString(LibraryFixture.files().resolve("alice/data/past.txt"), text);
        graphql("alice", READ, "alice/data/past.txt").body("errors", nullValue())
                .body("data.readFile.repository.blobs.nodes[0].rawBlob", equalTo(text));
    }

    /** ASCII stretches are scanned without decoding: the characters after them must still count right. */
    @Test
    void asciiStretchesAroundOtherCharactersKeepTheirPlaces() throws Exception {
        String text = " \n\t" + "a".repeat(150_000) + "\u00e9\u20ac\ud83d\ude00" + " b".repeat(100_000) + "\u3000 \n";
        java.nio.file.Files.writeString(LibraryFixture.files().resolve("alice/data/mixed.txt"), text);
        String answered = graphql("alice", READ, "alice/data/mixed.txt").body("errors", nullValue())
                .extract().path("data.readFile.repository.blobs.nodes[0].rawBlob");
        org.junit.jupiter.api.Assertions.assertEquals(text.strip(), answered);
    }

    @Test
    void largeBinaryFilesArriveWholeAsStandardBase64() throws Exception {
        byte[] bytes = new byte[3 * 1024 * 1024 + 7]; // not a multiple of 3: the padding must be there
        new java.util.Random(11).nextBytes(bytes);
        java.nio.file.Files.write(LibraryFixture.files().resolve("alice/data/big.bin"), bytes);
        graphql("alice", "{ readFile(path: \"alice/data/big.bin\") { repository { blobs { nodes { rawBlob rawTextBlob encoding size } } } } }", "x")
                .body("data.readFile.repository.blobs.nodes[0].rawBlob", equalTo(Base64.getEncoder().encodeToString(bytes)))
                .body("data.readFile.repository.blobs.nodes[0].encoding", equalTo("base64"))
                .body("data.readFile.repository.blobs.nodes[0].size", equalTo(bytes.length));
    }

    @Test
    void invalidUtf8FarIntoAFileMakesItBinaryAndWhiteSpaceOnlyIsEmptyText() throws Exception {
        byte[] bytes = ("x".repeat(200_000) + "\u00e9").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 1); // ends inside a two-byte sequence
        java.nio.file.Files.write(LibraryFixture.files().resolve("alice/data/cut.txt"), cut);
        graphql("alice", "{ readFile(path: \"alice/data/cut.txt\") { repository { blobs { nodes { rawBlob encoding } } } } }", "x")
                .body("data.readFile.repository.blobs.nodes[0].encoding", equalTo("base64"))
                .body("data.readFile.repository.blobs.nodes[0].rawBlob", equalTo(Base64.getEncoder().encodeToString(cut)));
        java.nio.file.Files.writeString(LibraryFixture.files().resolve("alice/data/blank.txt"), " \n\t \n");
        graphql("alice", READ, "alice/data/blank.txt")
                .body("data.readFile.repository.blobs.nodes[0].rawBlob", equalTo(""))
                .body("data.readFile.repository.blobs.nodes[0].rawTextBlob", equalTo(""));
    }

    /** The answer marks where a file goes by object identity: a file that holds such a mark's text is only text. */
    @Test
    void aFileCannotPassForAnotherFilesContent() throws Exception {
        java.nio.file.Files.writeString(LibraryFixture.files().resolve("alice/data/mark.txt"), "file content of welcome.txt");
        graphql("alice", "{ a: readFile(path: \"alice/data/mark.txt\") { repository { blobs { nodes { rawBlob } } } }"
                + " b: readFile(path: \"alice/data/welcome.txt\") { repository { blobs { nodes { rawBlob } } } } }", "x")
                .body("data.a.repository.blobs.nodes[0].rawBlob", equalTo("file content of welcome.txt"))
                .body("data.b.repository.blobs.nodes[0].rawBlob", equalTo("hello world"));
    }

    @Test
    void theOtherHalfOfTheShapeIsEmptyInsteadOfAnError() {
        graphql("alice", "{ listDirectory(path: \"alice\") { repository { blobs { nodes { name } } } } }", "x")
                .body("errors", nullValue()).body("data.listDirectory.repository.blobs.nodes", empty());
        graphql("alice", "{ readFile(path: \"alice/data/welcome.txt\") { repository { tree { trees { edges { node { name } } } } } } }", "x")
                .body("errors", nullValue()).body("data.readFile.repository.tree.trees.edges", empty());
    }

    @Test
    void commonIsReadableButOtherUsersAreNot() {
        graphql("alice", READ, "common/models/readme.md")
                .body("data.readFile.repository.blobs.nodes[0].rawBlob", equalTo("shared model"));
        graphql("alice", READ, "bob/data/secret.txt")
                .body("data", nullValue())
                .body("errors[0].message", containsString("may not read bob"))
                .body(not(containsString(LibraryFixture.BOBS_SECRET)));
        graphql("root", READ, "bob/data/secret.txt").body("errors", notNullValue()); // root is no admin here
        given().header("Authorization", TestTokens.adminBearer("root")).contentType("application/json")
                .body(Map.of("query", READ, "variables", Map.of("path", "bob/data/secret.txt"))).post("/lib")
                .then().body("data.readFile.repository.blobs.nodes[0].rawBlob", equalTo(LibraryFixture.BOBS_SECRET));
    }

    /**
     * A query's first run goes to a worker; once known it is answered on the event loop by
     * QuickGraphQLRoute. Both must give the same answer, and the same refusals, to whoever asks.
     */
    @Test
    void aKnownQueryAnswersAsItsFirstRunAndKeepsEveryRefusal() throws Exception {
        String query = "query again($path: String!) { readFile(path: $path) { repository { blobs { nodes { name rawTextBlob } } } } }";
        for (int round = 0; round < 3; round++) {
            given().header("Authorization", TestTokens.bearer("alice")).contentType("application/json")
                    .body(Map.of("query", query, "variables", Map.of("path", "alice/data/welcome.txt"))).post("/lib")
                    .then().statusCode(200).body("data.readFile.repository.blobs.nodes[0].rawTextBlob", equalTo("hello world"));
            given().header("Authorization", TestTokens.bearer("alice")).contentType("application/json")
                    .body(Map.of("query", query, "variables", Map.of("path", "bob/data/secret.txt"))).post("/lib")
                    .then().statusCode(200).body("errors[0].message", containsString("may not read bob"))
                    .body(not(containsString(LibraryFixture.BOBS_SECRET)));
            given().contentType("application/json")
                    .body(Map.of("query", query, "variables", Map.of("path", "alice/data/welcome.txt"))).post("/lib")
                    .then().statusCode(401);
        }
        // bodies that are no GraphQL request: a clear 400, whether or not the query is known
        for (String body : new String[] {"[1, 2]", "{\"query\":", "{\"variables\": {}}", "null"}) {
            given().header("Authorization", TestTokens.bearer("alice")).contentType("application/json").body(body)
                    .post("/lib").then().statusCode(400).body("message", containsString("send {\"query\""));
        }
        // a client that waits for "100 Continue" before it sends its body is answered, not left waiting
        java.net.http.HttpRequest waiting = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + io.restassured.RestAssured.port + "/lib")).expectContinue(true)
                .timeout(java.time.Duration.ofSeconds(10))
                .header("Authorization", TestTokens.bearer("alice")).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(new com.fasterxml.jackson.databind.ObjectMapper()
                        .writeValueAsString(Map.of("query", query, "variables", Map.of("path", "alice/data/welcome.txt")))))
                .build();
        var answer = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build()
                .send(waiting, java.net.http.HttpResponse.BodyHandlers.ofString());
        org.junit.jupiter.api.Assertions.assertEquals(200, answer.statusCode(), answer.body());
        org.junit.jupiter.api.Assertions.assertTrue(answer.body().contains("hello world"), answer.body());
    }

    @Test
    void errorsAreMessagesNotStackTraces() {
        graphql("alice", READ, "alice/../bob/data/secret.txt")
                .body("errors[0].message", containsString("'..'"))
                .body(not(containsString("at org.dtaas")));
        graphql("alice", READ, "alice/data/missing.txt").body("errors[0].message", containsString("no file"));
    }

    @Test
    void withoutTheGatewaysTokenNothingIsAnswered() {
        given().contentType("application/json").body(Map.of("query", LIST, "variables", Map.of("path", "alice")))
                .post("/lib").then().statusCode(401);
    }

    @Test
    void aliasFloodsAreRefused() {
        StringBuilder query = new StringBuilder("{");
        for (int i = 0; i < 200; i++) {
            query.append(" a").append(i).append(": listDirectory(path: \"alice\") { repository { tree { trees { edges { node { name } } } } } }");
        }
        query.append(" }");
        given().header("Authorization", TestTokens.bearer("alice")).contentType("application/json")
                .body(Map.of("query", query.toString())).post("/lib")
                .then().body("errors[0].message", containsString("complexity")).body("data", nullValue());
    }

    @Test
    void getOpensTheConsoleServedFromTheJarUnderAStrictPolicy() {
        given().header("Authorization", TestTokens.bearer("alice")).accept("text/html").get("/lib").then().statusCode(200)
                .contentType(containsString("text/html")).body(containsString("/lib/console.js"))
                .header("Content-Security-Policy", containsString("script-src 'self'"));
        given().header("Authorization", TestTokens.bearer("alice")).get("/lib/console.js").then().statusCode(200)
                .body(containsString("fetch('/lib'"));
        given().header("Authorization", TestTokens.bearer("alice")).get("/lib/schema.graphql").then().statusCode(200)
                .body(containsString("listDirectory(path: String!): Project!"))
                .body(containsString("searchAssets(query: String!, kind: String): [Asset!]!"));
        given().accept("text/html").get("/lib").then().statusCode(401);
    }
}
