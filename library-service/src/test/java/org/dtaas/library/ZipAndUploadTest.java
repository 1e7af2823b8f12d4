package org.dtaas.library;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.identity.testing.TestTokens;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(TestPlatformHome.class)
class ZipAndUploadTest {

    @Test
    void severalFilesUploadAtOnceAndComeBackAsOneZip() throws Exception {
        LibraryFixture.create();
        String alice = TestTokens.bearer("alice");
        given().header("Authorization", alice)
                .multiPart("file", "params.json", "{\"k\":1}".getBytes(StandardCharsets.UTF_8), "application/json")
                .multiPart("file", "..\\..\\evil/run.sh", "echo hi".getBytes(StandardCharsets.UTF_8), "text/plain")
                .post("/api/library/upload/alice/functions/upload-test")
                .then().statusCode(200)
                .body("stored", contains("alice/functions/upload-test/params.json", "alice/functions/upload-test/run.sh"));
        given().header("Authorization", alice).body("nested").put("/api/library/raw/alice/functions/upload-test/sub/n.txt")
                .then().statusCode(201);

        byte[] zip = given().header("Authorization", alice).get("/api/library/zip/alice/functions/upload-test")
                .then().statusCode(200).header("Content-Type", "application/zip")
                .header("Content-Disposition", containsString("upload-test.zip")).extract().asByteArray();
        Map<String, String> entries = new TreeMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                entries.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertEquals(Map.of("upload-test/params.json", "{\"k\":1}", "upload-test/run.sh", "echo hi",
                "upload-test/sub/n.txt", "nested"), entries);
    }

    @Test
    void aFileNameWithBackslashesDoesNotClimbOutOfTheZip() throws Exception {
        // a user's program can name a file so; a zip entry "..\\..\\x" is "../../x" to many unzip tools
        java.nio.file.Path folder = java.nio.file.Files.createDirectories(TestPlatformHome.files().resolve("alice/data/bs"));
        java.nio.file.Files.writeString(folder.resolve("..\\..\\.bashrc"), "evil");
        byte[] zip = given().header("Authorization", TestTokens.bearer("alice")).get("/api/library/zip/alice/data/bs")
                .then().statusCode(200).extract().asByteArray();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry entry = in.getNextEntry();
            assertEquals("bs/.._.._.bashrc", entry.getName());
            assertEquals(null, in.getNextEntry());
        }
    }

    @Test
    void uploadsAndZipsFollowOwnership() {
        given().header("Authorization", TestTokens.bearer("alice"))
                .multiPart("file", "x.txt", "x".getBytes(StandardCharsets.UTF_8))
                .post("/api/library/upload/common/data").then().statusCode(403);
        given().header("Authorization", TestTokens.bearer("alice")).get("/api/library/zip/bob/data").then().statusCode(403);
        given().header("Authorization", TestTokens.bearer("alice")).get("/api/library/zip/alice/nothing-here").then().statusCode(404);
    }
}
