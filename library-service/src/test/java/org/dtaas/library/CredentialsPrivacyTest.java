package org.dtaas.library;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.identity.testing.TestTokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A user's service passwords ({@code .dtaas/}) are theirs alone: admins do not read them through the library. */
@QuarkusTest
@QuarkusTestResource(TestPlatformHome.class)
class CredentialsPrivacyTest {

    @BeforeAll
    static void credentials() throws Exception {
        Path dtaas = Files.createDirectories(TestPlatformHome.files().resolve("carla/.dtaas"));
        Files.writeString(dtaas.resolve("services.json"), "{\"rabbitmq\":{\"password\":\"carlas-secret\"}}");
        Files.createDirectories(TestPlatformHome.files().resolve("carla/data"));
        Files.writeString(TestPlatformHome.files().resolve("carla/data/plain.txt"), "plain");
    }

    /** The test home is shared with the other test classes, which list every owner: leave none behind. */
    @org.junit.jupiter.api.AfterAll
    static void removeCarla() throws Exception {
        try (var all = Files.walk(TestPlatformHome.files().resolve("carla"))) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void theOwnerReadsThemAnAdminDoesNot() {
        given().header("Authorization", TestTokens.bearer("carla")).get("/api/library/raw/carla/.dtaas/services.json")
                .then().statusCode(200);
        given().header("Authorization", TestTokens.adminBearer("root")).get("/api/library/raw/carla/.dtaas/services.json")
                .then().statusCode(403);
        given().header("Authorization", TestTokens.adminBearer("root")).body("{}").put("/api/library/raw/carla/.dtaas/services.json")
                .then().statusCode(403);
        given().header("Authorization", TestTokens.adminBearer("root")).get("/api/library/zip/carla/.dtaas").then().statusCode(403);
        given().header("Authorization", TestTokens.adminBearer("root")).contentType("application/json")
                .body(java.util.Map.of("query", "query readFile($path: String!) { readFile(path: $path) { repository { blobs { nodes {"
                        + " name rawBlob rawTextBlob } } } } }", "variables", java.util.Map.of("path", "carla/.dtaas/services.json")))
                .post("/lib").then().body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("carlas-secret")));
    }

    @Test
    void anAdminsZipOfTheWholeLibraryLeavesThemOut() throws Exception {
        byte[] zip = given().header("Authorization", TestTokens.adminBearer("root")).get("/api/library/zip/carla")
                .then().statusCode(200).extract().asByteArray();
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                names.add(e.getName());
            }
        }
        assertTrue(names.contains("carla/data/plain.txt"), names.toString());
        assertFalse(names.stream().anyMatch(n -> n.contains(".dtaas")), names.toString());
        byte[] own = given().header("Authorization", TestTokens.bearer("carla")).get("/api/library/zip/carla")
                .then().statusCode(200).extract().asByteArray();
        assertTrue(new String(own, java.nio.charset.StandardCharsets.ISO_8859_1).contains(".dtaas/services.json"));
    }
}
