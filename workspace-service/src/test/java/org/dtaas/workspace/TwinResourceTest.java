package org.dtaas.workspace;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.identity.testing.TestTokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(TestPlatformHome.class)
class TwinResourceTest {

    @BeforeAll
    static void twins() throws Exception {
        Path files = TestPlatformHome.files();
        Path incubator = files.resolve("alice/digital twins/incubator");
        Files.createDirectories(incubator.resolve("lifecycle"));
        Files.writeString(incubator.resolve("README.md"), "# Incubator\n\nA heated box whose\ntemperature is controlled.\n\nMore.");
        for (String phase : new String[] {"execute", "create", "clean"}) {
            Path program = incubator.resolve("lifecycle").resolve(phase);
            Files.writeString(program, "#!/bin/sh\necho " + phase + "\n");
            Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.createDirectories(files.resolve("alice/digital_twins/newer/lifecycle"));
        Files.createDirectories(files.resolve("bob/digital twins/private"));
        // what carol's own programs could plant in her library: links to what she must not read
        Path secret = Files.writeString(TestPlatformHome.home().resolve("config-secret"), "\n\nthe admin password\n");
        Path carol = Files.createDirectories(files.resolve("carol/digital twins/linked-readme/lifecycle"));
        Files.createSymbolicLink(carol.getParent().resolve("README.md"), secret);
        Files.createSymbolicLink(files.resolve("carol/digital twins/bobs"), files.resolve("bob/digital twins/private"));
        Files.createDirectories(files.resolve("carol/digital twins/linked-lifecycle"));
        Files.createSymbolicLink(files.resolve("carol/digital twins/linked-lifecycle/lifecycle"), incubator.resolve("lifecycle"));
    }

    @Test
    void linksAUserPlantsAreNotFollowedWhenTheirTwinsAreListed() {
        given().header("Authorization", TestTokens.bearer("carol")).get("/api/twins/carol")
                .then().statusCode(200)
                .body("name", contains("linked-lifecycle", "linked-readme"))
                .body("[0].phases", org.hamcrest.Matchers.empty())
                .body("[1].description", equalTo(""))
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("admin password")));
    }

    @Test
    void listsTwinsOfBothSpellingsWithPhasesInLifecycleOrder() {
        given().header("Authorization", TestTokens.bearer("alice")).get("/api/twins/alice")
                .then().statusCode(200)
                .body("name", contains("incubator", "newer"))
                .body("[0].phases", contains("create", "execute", "clean"))
                .body("[0].path", equalTo("alice/digital twins/incubator"))
                .body("[0].description", equalTo("A heated box whose temperature is controlled."));
    }

    @Test
    void anotherUsersTwinsAreForbiddenButAdminsSeeThem() {
        given().header("Authorization", TestTokens.bearer("alice")).get("/api/twins/bob").then().statusCode(403);
        given().header("Authorization", TestTokens.adminBearer("root")).get("/api/twins/bob")
                .then().statusCode(200).body("name", contains("private"));
    }

    @Test
    void routeTableIsOnlyForTheGateway() {
        given().header("Authorization", TestTokens.bearer("alice")).get("/internal/routes").then().statusCode(403);
        given().header("Authorization", TestTokens.adminBearer("_gateway")).get("/internal/routes").then().statusCode(200);
        given().get("/internal/routes").then().statusCode(401);
    }

    @Test
    void badOwnerNameIsRefused() {
        given().header("Authorization", TestTokens.adminBearer("root")).get("/api/twins/..").then().statusCode(org.hamcrest.Matchers.greaterThanOrEqualTo(400));
        given().header("Authorization", TestTokens.adminBearer("root")).get("/api/twins/Bad%20Name").then().statusCode(400);
    }
}
