package org.dtaas.library;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.identity.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The race a user with code execution can run in their own tree: a folder swapped for a link to
 * another user's folder (renameat2 RENAME_EXCHANGE, in a loop) while the library reads, writes, lists,
 * zips and answers GraphQL on that path, and a file swapped between two sizes while it is downloaded.
 * Whatever moment the swap hits, the library never reads or writes through the link and never sends
 * more or fewer bytes than it declared.
 */
@QuarkusTest
@QuarkusTestResource(TestPlatformHome.class)
class SwapRaceTest {

    private static final int ROUNDS = 150;
    private static final String ALICES_OWN = "alice's own file";
    /** Only alice's folder holds it: a listing of "secret.txt" without it is a listing of bob's folder. */
    private static final String ALICES_MARKER = "alice-marker";

    @TestHTTPResource("/")
    URI base;

    private Process swapper;
    private Path race;

    @BeforeEach
    void race() throws Exception {
        // an answer that never ends (a body shorter than its declared length) fails the test instead of hanging it
        io.restassured.RestAssured.config = io.restassured.RestAssured.config().httpClient(
                io.restassured.config.HttpClientConfig.httpClientConfig()
                        .setParam("http.socket.timeout", 20_000).setParam("http.connection.timeout", 5_000));
        LibraryFixture.create();
        race = LibraryFixture.files().resolve("alice/data/race");
        Files.createDirectories(race.getParent());
        LibraryFixture.deleteTree(race);
        Files.createDirectories(race.resolve("x"));
        Files.writeString(race.resolve("x/secret.txt"), ALICES_OWN);
        Files.writeString(race.resolve("x/" + ALICES_MARKER), "");
        Files.createSymbolicLink(race.resolve("y"), LibraryFixture.files().resolve("bob/data").toAbsolutePath());
    }

    @AfterEach
    void stop() throws Exception {
        io.restassured.RestAssured.config = io.restassured.config.RestAssuredConfig.config();
        if (swapper != null) {
            swapper.destroyForcibly().waitFor();
        }
        if (race != null) {
            LibraryFixture.deleteTree(race);
        }
    }

    @Test
    void aSwappedInLinkIsNeverFollowedByReadListZipOrGraphQL() throws Exception {
        swap(race.resolve("x"), race.resolve("y"));
        String alice = TestTokens.bearer("alice");
        int served = 0;
        for (int i = 0; i < ROUNDS; i++) {
            for (Response answer : new Response[] {
                    given().header("Authorization", alice).get("/api/library/raw/alice/data/race/x/secret.txt"),
                    given().header("Authorization", alice).get("/api/library/tree/alice/data/race/x"),
                    given().header("Authorization", alice).get("/api/library/zip/alice/data/race"),
                    LibraryGraphQLTest.graphql("alice", LibraryGraphQLTest.READ, "alice/data/race/x/secret.txt").extract().response(),
                    LibraryGraphQLTest.graphql("alice", LibraryGraphQLTest.LIST, "alice/data/race/x").extract().response()}) {
                String body = new String(answer.asByteArray(), StandardCharsets.ISO_8859_1);
                assertFalse(body.contains(LibraryFixture.BOBS_SECRET), "bob's file came back: " + body);
                assertFalse(body.contains("\"name\":\"secret.txt\"") && !body.contains(ALICES_MARKER) && !body.contains(ALICES_OWN), "bob's folder was listed: " + body);
                assertTrue(answer.statusCode() < 500, "the race crashed a request: " + body);
                if (answer.statusCode() == 200 && body.contains(ALICES_OWN)) {
                    served++;
                }
            }
        }
        assertTrue(served > 0, "alice's own file was served between the swaps");
    }

    @Test
    void aSwappedInLinkIsNeverWrittenThrough() throws Exception {
        swap(race.resolve("x"), race.resolve("y"));
        String alice = TestTokens.bearer("alice");
        for (int i = 0; i < ROUNDS; i++) {
            assertTrue(given().header("Authorization", alice).body("planted " + i)
                    .put("/api/library/raw/alice/data/race/x/planted-" + i + ".txt").statusCode() < 500);
            assertTrue(given().header("Authorization", alice).post("/api/library/dirs/alice/data/race/x/dir-" + i + "/sub")
                    .statusCode() < 500);
            given().header("Authorization", alice).delete("/api/library/files/alice/data/race/x/secret.txt");
        }
        try (Stream<Path> bobs = Files.list(LibraryFixture.files().resolve("bob/data"))) {
            assertEquals(java.util.List.of("secret.txt"), bobs.map(p -> p.getFileName().toString()).sorted().toList(),
                    "nothing was written into or deleted from bob's tree");
        }
        assertEquals(LibraryFixture.BOBS_SECRET, Files.readString(LibraryFixture.files().resolve("bob/data/secret.txt")));
    }

    /** The writes of twin authoring (mode change, copy, a proposal's review) under the same race. */
    @Test
    void aSwappedInLinkIsNeitherCopiedNorMadeExecutableNorProposed() throws Exception {
        swap(race.resolve("x"), race.resolve("y"));
        String alice = TestTokens.bearer("alice");
        Path bobsFile = LibraryFixture.files().resolve("bob/data/secret.txt");
        java.util.Set<java.nio.file.attribute.PosixFilePermission> bobsMode = Files.getPosixFilePermissions(bobsFile);
        for (int i = 0; i < ROUNDS / 3; i++) {
            Response mode = given().header("Authorization", alice).contentType("application/json")
                    .body(Map.of("executable", true)).post("/api/library/mode/alice/data/race/x/secret.txt");
            assertTrue(mode.statusCode() < 500, mode.asString());
            Response out = given().header("Authorization", alice).contentType("application/json")
                    .body(Map.of("from", "alice/data/race/x", "to", "alice/data/race/copy-" + i)).post("/api/library/copy");
            assertTrue(out.statusCode() < 500, out.asString());
            Response in = given().header("Authorization", alice).contentType("application/json")
                    .body(Map.of("from", "alice/data/welcome.txt", "to", "alice/data/race/x/copied-" + i + ".txt"))
                    .post("/api/library/copy");
            assertTrue(in.statusCode() < 500, in.asString());
            Response proposed = given().header("Authorization", alice).contentType("application/json")
                    .body(Map.of("from", "alice/data/race/x", "to", "common/data/race-" + i)).post("/api/library/proposals");
            assertTrue(proposed.statusCode() < 500, proposed.asString());
            if (proposed.statusCode() == 201) {
                io.restassured.path.json.JsonPath review = given().header("Authorization", TestTokens.adminBearer("admin"))
                        .get("/api/library/proposals/" + proposed.path("id")).then().extract().jsonPath();
                java.util.List<String> files = review.getList("added.path");
                assertFalse(files != null && files.contains("secret.txt") && !files.contains(ALICES_MARKER),
                        "a proposal's review listed bob's folder: " + files);
            }
        }
        swapper.destroyForcibly().waitFor(); // the tree holds still while it is looked at
        int copiedOwn = 0;
        try (Stream<Path> copies = Files.walk(race)) {
            for (Path copy : copies.filter(Files::isRegularFile).toList()) {
                String content = Files.readString(copy, StandardCharsets.ISO_8859_1);
                assertFalse(content.contains(LibraryFixture.BOBS_SECRET), "bob's file was copied: " + copy);
                if (copy.getParent().getFileName().toString().startsWith("copy-") && content.equals(ALICES_OWN)) {
                    copiedOwn++;
                }
            }
        }
        assertTrue(copiedOwn > 0, "alice's own folder was copied between the swaps");
        try (Stream<Path> bobs = Files.list(LibraryFixture.files().resolve("bob/data"))) {
            assertEquals(java.util.List.of("secret.txt"), bobs.map(p -> p.getFileName().toString()).sorted().toList(),
                    "nothing was copied into bob's tree");
        }
        assertEquals(bobsMode, Files.getPosixFilePermissions(bobsFile), "bob's file's mode is untouched");
    }

    @Test
    void aDownloadSendsExactlyTheBytesItDeclares() throws Exception {
        byte[] small = "small file\n".getBytes(StandardCharsets.US_ASCII);
        byte[] large = new byte[3 * 1024 * 1024];
        Arrays.fill(large, (byte) 'L');
        Files.write(race.resolve("f"), small);
        Files.write(race.resolve("g"), large);
        swap(race.resolve("f"), race.resolve("g"));
        // one client, so answers follow each other on pooled keep-alive connections: a byte too many
        // would become the start of the next answer
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        int served = 0;
        for (int i = 0; i < ROUNDS; i++) {
            HttpResponse<byte[]> answer;
            try {
                answer = downloadRaced(client, HttpResponse.BodyHandlers.ofByteArray());
            } catch (java.util.concurrent.TimeoutException hung) {
                throw new AssertionError("answer " + i + " never ended: its body did not match its declared length", hung);
            } catch (java.util.concurrent.ExecutionException cutShort) {
                continue; // the file changed under a send: the connection is closed, never left with extra bytes
            }
            if (answer.statusCode() == 404) {
                continue; // the name kept changing between the look and the open: alice's own race
            }
            assertEquals(200, answer.statusCode());
            served++;
            byte[] body = answer.body();
            answer.headers().firstValueAsLong("Content-Length")
                    .ifPresent(declared -> assertEquals(declared, body.length, "declared length and bytes sent"));
            if (body.length == small.length) {
                assertArrayEquals(small, body);
            } else {
                assertArrayEquals(large, body, "a whole file, never a mix");
            }
        }
        assertTrue(served > ROUNDS / 4, "most downloads were served during the swaps (" + served + ")");
    }

    @Test
    void aFifoSwappedInNeverHoldsARequest() throws Exception {
        Files.writeString(race.resolve("f"), ALICES_OWN);
        Process mkfifo = new ProcessBuilder("mkfifo", race.resolve("g").toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo");
        swap(race.resolve("f"), race.resolve("g"));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        int served = 0;
        for (int i = 0; i < ROUNDS; i++) {
            HttpResponse<String> answer;
            try {
                answer = downloadRaced(client, HttpResponse.BodyHandlers.ofString());
            } catch (java.util.concurrent.TimeoutException hung) {
                throw new AssertionError("request " + i + " waited on the fifo", hung);
            }
            assertTrue(answer.statusCode() == 200 || answer.statusCode() == 404, answer.statusCode() + " " + answer.body());
            if (answer.statusCode() == 200) {
                assertEquals(ALICES_OWN, answer.body());
                served++;
            }
        }
        assertTrue(served > 0, "the regular file was served between the swaps");
    }

    /** A small readFile is answered on the event loop: a fifo swapped in there must not hold it (nor the loop). */
    @Test
    void aFifoSwappedInNeverHoldsAGraphQLReadOnTheEventLoop() throws Exception {
        Files.writeString(race.resolve("f"), ALICES_OWN);
        Process mkfifo = new ProcessBuilder("mkfifo", race.resolve("g").toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo");
        swap(race.resolve("f"), race.resolve("g"));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String body = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(Map.of("query",
                LibraryGraphQLTest.READ, "variables", Map.of("path", "alice/data/race/f")));
        int served = 0;
        for (int i = 0; i < ROUNDS; i++) { // the first one teaches the service the query; the rest run on the loop
            HttpResponse<String> answer;
            try {
                answer = postRaced(client, body);
            } catch (java.util.concurrent.TimeoutException hung) {
                throw new AssertionError("GraphQL request " + i + " waited on the fifo", hung);
            }
            assertEquals(200, answer.statusCode(), answer.body());
            if (answer.body().contains(ALICES_OWN)) {
                served++;
            }
        }
        assertTrue(served > 0, "the regular file was read between the swaps");
    }

    /**
     * A folder on the way to a small file swapped for a fifo, between the library's look at it and its open:
     * the open must not wait for a writer (on the event loop, where known small reads are answered).
     */
    @Test
    void aFifoSwappedInForAFolderNeverHoldsAGraphQLReadOrListing() throws Exception {
        Files.createDirectories(race.resolve("d"));
        Files.writeString(race.resolve("d/f"), ALICES_OWN);
        Process mkfifo = new ProcessBuilder("mkfifo", race.resolve("g").toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo");
        swap(race.resolve("d"), race.resolve("g"));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        String read = json.writeValueAsString(Map.of("query", LibraryGraphQLTest.READ, "variables", Map.of("path", "alice/data/race/d/f")));
        String list = json.writeValueAsString(Map.of("query", LibraryGraphQLTest.LIST, "variables", Map.of("path", "alice/data/race/d")));
        int served = 0;
        for (int i = 0; i < ROUNDS; i++) {
            for (String body : List.of(read, list)) {
                HttpResponse<String> answer;
                try {
                    answer = postRaced(client, body);
                } catch (java.util.concurrent.TimeoutException hung) {
                    releaseFifos(race.resolve("d"), race.resolve("g"));
                    throw new AssertionError("GraphQL request " + i + " waited on the fifo swapped in for a folder", hung);
                }
                assertEquals(200, answer.statusCode(), answer.body());
                if (answer.body().contains(ALICES_OWN)) {
                    served++;
                }
            }
        }
        assertTrue(served > 0, "the file was read between the swaps");
    }

    /** Gives a thread stuck opening one of these fifos its writer (so a failed test does not hold the service). */
    private void releaseFifos(Path... names) throws Exception {
        swapper.destroyForcibly().waitFor();
        for (Path name : names) {
            if (!Files.isDirectory(name) && !Files.isRegularFile(name) && Files.exists(name)) {
                try (java.io.RandomAccessFile writer = new java.io.RandomAccessFile(name.toFile(), "rw")) {
                    // opened read-write: a writer at once, without waiting for a reader
                }
            }
        }
    }

    /** A GraphQL request of alice's, failing with a timeout when the answer never comes. */
    private HttpResponse<String> postRaced(HttpClient client, String body) throws Exception {
        return client.sendAsync(HttpRequest.newBuilder(base.resolve("lib"))
                .header("Authorization", TestTokens.bearer("alice")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())
                .get(20, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** GET of the raced file {@code f}, failing with a timeout when the answer never ends. */
    private <T> HttpResponse<T> downloadRaced(HttpClient client, HttpResponse.BodyHandler<T> body) throws Exception {
        return client.sendAsync(HttpRequest.newBuilder(base.resolve("api/library/raw/alice/data/race/f"))
                .header("Authorization", TestTokens.bearer("alice")).build(), body)
                .get(20, java.util.concurrent.TimeUnit.SECONDS);
    }

    private void swap(Path first, Path second) throws Exception {
        Path script = Path.of(getClass().getResource("/exchange-loop.py").toURI());
        swapper = new ProcessBuilder("python3", script.toString(), first.toString(), second.toString())
                .redirectErrorStream(true).start();
        String started = new BufferedReader(new InputStreamReader(swapper.getInputStream())).readLine();
        assertEquals("swapping", started, "the swap loop runs");
    }
}
