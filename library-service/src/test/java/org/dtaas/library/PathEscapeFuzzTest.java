package org.dtaas.library;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.identity.testing.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * Feeds path forms that try to leave alice's tree to every REST operation and to both GraphQL
 * queries, then checks that no answer carried data from outside and that nothing outside alice's
 * tree changed.
 */
@QuarkusTest
@QuarkusTestResource(TestPlatformHome.class)
class PathEscapeFuzzTest {

    /** Escapes as they would appear in a URL path (raw) and as plain strings (GraphQL, JSON). */
    static List<String> corpus() {
        List<String> paths = new ArrayList<>(List.of(
                "..", "../secret.txt", "alice/..", "alice/../bob/data/secret.txt", "alice/../../secret.txt",
                "alice/./data/../../bob/data/secret.txt", "/etc/passwd", "/alice/data", "alice//data/../../bob",
                "alice\\..\\bob\\data\\secret.txt", "alice/data/..\\..\\..\\secret.txt", "alice/\u0000/x",
                "alice/data/secret.txt\u0000.csv", "alice/" + "a/".repeat(2000) + "x", "alice/" + "x".repeat(300),
                "alice/data/outside/secret.txt", "alice/data/bobs/secret.txt", "alice/data/outside",
                "alice/data/bobs", "bob/data/secret.txt", "ALICE/data", "alice/\u202e/txt.exe",
                "alice/data/\u2024\u2024/x", "alice/data/\uff0e\uff0e/\uff0e\uff0e/secret.txt", "common/../secret.txt",
                "%2e%2e/secret.txt", "alice/%2e%2e/%2e%2e/secret.txt", "alice/..%2f..%2fsecret.txt",
                "alice/%252e%252e/secret.txt", "file:///etc/passwd", "alice/data/~/x", "~/secret.txt", ""));
        return paths;
    }

    static final List<String> FORBIDDEN_CONTENT = List.of(LibraryFixture.SECRET, LibraryFixture.BOBS_SECRET, "root:x:0:0");

    @Test
    void noEscapeReadsOrWritesOutsideTheCallersTree() throws Exception {
        LibraryFixture.create();
        String alice = TestTokens.bearer("alice");
        // one legitimate write first: the platform's own bookkeeping for writes (its staging folder, the
        // accounts file) is made at the first one, which must not count as an escape when this test runs alone
        raw().header("Authorization", alice).body("fine").put("/api/library/raw/alice/data/first-write.txt").then()
                .statusCode(org.hamcrest.Matchers.lessThan(300));
        Map<String, String> before = fingerprintOutsideAlice();
        for (String path : corpus()) {
            String urlPath = urlForm(path);
            for (Response answer : List.of(
                    raw().header("Authorization", alice).get("/api/library/tree/" + urlPath),
                    raw().header("Authorization", alice).get("/api/library/raw/" + urlPath),
                    raw().header("Authorization", alice).body("pwned").put("/api/library/raw/" + urlPath),
                    raw().header("Authorization", alice).post("/api/library/dirs/" + urlPath),
                    raw().header("Authorization", alice).delete("/api/library/files/" + urlPath),
                    given().header("Authorization", alice).contentType("application/json")
                            .body(Map.of("from", path, "to", "alice/tools/moved")).post("/api/library/move"),
                    given().header("Authorization", alice).contentType("application/json")
                            .body(Map.of("from", "alice/tools", "to", path)).post("/api/library/move"),
                    graphql(alice, "listDirectory", path),
                    graphql(alice, "readFile", path))) {
                String body = answer.asString();
                for (String secret : FORBIDDEN_CONTENT) {
                    assertFalse(body.contains(secret), path + " leaked data: " + body);
                }
                assertTrue(answer.statusCode() != 500, path + " crashed the service: " + body);
            }
        }
        assertEquals(before, fingerprintOutsideAlice(), "nothing outside alice's tree was changed");
        assertFalse(Files.exists(TestPlatformHome.home().resolve("pwned")));
    }

    private static io.restassured.specification.RequestSpecification raw() {
        return given().urlEncodingEnabled(false);
    }

    /** Keeps the attacker's own encodings, escapes what a URL cannot carry at all. */
    private static String urlForm(String path) {
        StringBuilder url = new StringBuilder();
        for (byte b : path.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~/%:".indexOf(c) >= 0;
            url.append(plain ? String.valueOf((char) c) : String.format("%%%02X", c));
        }
        return url.toString();
    }

    private static Response graphql(String token, String query, String path) {
        return given().header("Authorization", token).contentType("application/json")
                .body(Map.of("query", "query q($path: String!) { " + query + "(path: $path) { repository { "
                        + "tree { blobs { edges { node { name } } } trees { edges { node { name } } } } "
                        + "blobs { nodes { name rawBlob rawTextBlob } } } } }", "variables", Map.of("path", path)))
                .post("/lib");
    }

    /** Path -> content hash of every file under DTAAS_HOME except alice's tree (which alice may change). */
    private static Map<String, String> fingerprintOutsideAlice() throws IOException {
        Path home = TestPlatformHome.home();
        Path aliceTree = LibraryFixture.files().resolve("alice");
        Map<String, String> prints = new TreeMap<>();
        try (Stream<Path> all = Files.walk(home)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (p.startsWith(aliceTree)) {
                    continue;
                }
                prints.put(home.relativize(p).toString(), Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        ? sha(Files.readAllBytes(p)) : "dir");
            }
        }
        return prints;
    }

    private static String sha(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
