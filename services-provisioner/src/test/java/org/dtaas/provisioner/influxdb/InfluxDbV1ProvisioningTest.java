package org.dtaas.provisioner.influxdb;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.identity.testing.TestTokens;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against a real InfluxDB 1.x: a user's database takes their writes and is closed to everyone else. */
@QuarkusTest
@QuarkusTestResource(TestPlatformHome.class)
@TestProfile(InfluxDbV1ProvisioningTest.WithInfluxDb.class)
class InfluxDbV1ProvisioningTest {

    public static class WithInfluxDb implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(DtaasInfluxDb.class));
        }
    }

    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void influxd() {
        Assumptions.assumeTrue(DtaasInfluxDb.installed(), "influxd is not installed (apt-get install influxdb)");
    }

    static JsonPath influxOf(String user) {
        return given().header("Authorization", TestTokens.bearer(user)).get("/api/services/" + user + "/credentials")
                .then().statusCode(200).extract().jsonPath().setRootPath("influxdb");
    }

    static HttpResponse<String> influx(JsonPath as, String path, String body) throws Exception {
        String auth = "u=" + as.getString("username") + "&p=" + as.getString("password");
        return HTTP.send(HttpRequest.newBuilder(URI.create(as.getString("url") + path + (path.contains("?") ? "&" : "?") + auth))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/x-www-form-urlencoded").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String query(JsonPath as, String database, String q) throws Exception {
        return influx(as, "/query?db=" + database, "q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)).body();
    }

    @Test
    void aUserWritesAndReadsTheirOwnDatabaseOnly() throws Exception {
        JsonPath alice = influxOf("alice");
        JsonPath bob = influxOf("bob");
        assertEquals("dtaas_alice", alice.getString("database"));
        assertEquals("dtaas-alice", alice.getString("username"));

        HttpResponse<String> written = influx(alice, "/write?db=dtaas_alice", "room,twin=incubator temperature=21.5");
        assertEquals(204, written.statusCode(), written.body());
        assertTrue(query(alice, "dtaas_alice", "SELECT temperature FROM room").contains("21.5"));

        assertTrue(query(bob, "dtaas_alice", "SELECT temperature FROM room").contains("not authorized"),
                "bob read alice's database");
        HttpResponse<String> intrusion = influx(bob, "/write?db=dtaas_alice", "room temperature=-100");
        assertEquals(403, intrusion.statusCode(), intrusion.body());
        assertTrue(query(alice, "dtaas_alice", "SHOW USERS").contains("error"), "a user may administer InfluxDB");

        // provisioning again keeps the password; removal closes the account
        given().header("Authorization", TestTokens.bearer("alice")).post("/api/services/alice/provision").then().statusCode(200);
        assertTrue(query(alice, "dtaas_alice", "SELECT temperature FROM room").contains("21.5"));
        given().header("Authorization", TestTokens.adminBearer("root")).delete("/api/services/bob").then().statusCode(204);
        assertTrue(query(bob, "dtaas_bob", "SHOW MEASUREMENTS").contains("authorization failed"));
    }

    @Test
    void credentialFilesAreNeverWrittenThroughALinkTheUserPlanted() throws Exception {
        java.nio.file.Path files = org.dtaas.identity.testing.TestPlatformHome.files();
        java.nio.file.Path victim = java.nio.file.Files.createDirectories(files.resolve("victim/data"));
        java.nio.file.Files.setPosixFilePermissions(victim, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        java.nio.file.Path carol = java.nio.file.Files.createDirectories(files.resolve("carol"));
        java.nio.file.Files.createSymbolicLink(carol.resolve(".dtaas"), victim);
        influxOf("carol");
        assertTrue(java.nio.file.Files.isDirectory(carol.resolve(".dtaas"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertTrue(java.nio.file.Files.readString(carol.resolve(".dtaas/services.env")).contains("INFLUXDB_PASSWORD"));
        try (var inside = java.nio.file.Files.list(victim)) {
            assertEquals(0, inside.count(), "credentials were written into another folder through the link");
        }
        assertEquals(java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"),
                java.nio.file.Files.getPosixFilePermissions(victim), "the link's target was chmod-ed");
    }
}
