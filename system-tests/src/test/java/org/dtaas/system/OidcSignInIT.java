package org.dtaas.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The platform signed in through a real Keycloak, configured as docs/admin/oidc.md says: a browser
 * signs in with the provider and out of both, scripts call the API with the provider's tokens, and
 * nobody reaches another user's routes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OidcSignInIT {

    static KeycloakServer keycloak;
    static Launcher launcher;

    @BeforeAll
    static void up() throws Exception {
        keycloak = new KeycloakServer();
        keycloak.start();
        launcher = new Launcher(Files.createTempDirectory("dtaas-oidc-it"));
        keycloak.configure(launcher.url());
        keycloak.addUser("kim", "kim-keycloak-1", false);
        keycloak.addUser("lee", "lee-keycloak-1", true);
        // as an admin of one machine would: the settings in $DTAAS_HOME/config/dtaas.env
        Files.createDirectories(launcher.home.resolve("config"));
        Files.write(launcher.home.resolve("config/dtaas.env"), java.util.List.of(
                "DTAAS_OIDC_ENABLED=true",
                "DTAAS_OIDC_ISSUER=" + keycloak.issuer(),
                "DTAAS_OIDC_CLIENT_ID=" + KeycloakServer.CLIENT,
                "DTAAS_OIDC_CLIENT_SECRET=" + KeycloakServer.SECRET,
                "DTAAS_OIDC_PROVIDER_NAME=Keycloak",
                "DTAAS_OIDC_ADMIN_ROLE=dtaas-admins",
                "DTAAS_OIDC_TOKEN_AUDIENCE=" + KeycloakServer.CLIENT));
        Launcher.Result started = launcher.run(null, "up");
        assertEquals(0, started.exitCode(), started.output());
    }

    @AfterAll
    static void down() throws Exception {
        if (launcher != null) {
            launcher.run(null, "down");
        }
        if (keycloak != null) {
            keycloak.close();
        }
    }

    @Test
    @Order(1)
    void aBrowserSignsInWithKeycloakAndOutOfBoth() throws Exception {
        Launcher.Result browser = launcher.browser("oidc-sign-in.mjs", Map.of("DTAAS_USER", "kim", "DTAAS_PASSWORD",
                "kim-keycloak-1", "PROVIDER", "Keycloak"));
        String output = browser.output();
        assertEquals(0, browser.exitCode(), output);
        assertTrue(output.contains("ok: signing in again asks Keycloak for the password"), output);
        // the first sign-in made kim's library
        assertTrue(Files.isDirectory(launcher.home.resolve("files/kim/digital twins")), "kim's library folders exist");
    }

    @Test
    @Order(2)
    void scriptsCallTheApiWithTheProvidersTokens() throws Exception {
        String kim = keycloak.accessToken("kim", "kim-keycloak-1");
        given().baseUri(launcher.url()).auth().oauth2(kim).get("/auth/me").then().statusCode(200)
                .body("user", equalTo("kim")).body("admin", equalTo(false));
        given().baseUri(launcher.url()).auth().oauth2(kim).get("/api/library/tree/kim").then().statusCode(200);
        given().baseUri(launcher.url()).auth().oauth2(kim).get("/api/workspaces/kim").then().statusCode(200)
                .body("user", equalTo("kim"));
        given().baseUri(launcher.url()).auth().oauth2("not." + kim.substring(4)).get("/auth/me").then().statusCode(401);
    }

    @Test
    @Order(3)
    void nobodyReachesAnotherUsersRoutes() throws Exception {
        String kim = keycloak.accessToken("kim", "kim-keycloak-1");
        given().baseUri(launcher.url()).auth().oauth2(kim).get("/api/library/tree/admin").then().statusCode(403);
        given().baseUri(launcher.url()).auth().oauth2(kim).get("/admin/lab").then().statusCode(403);
        given().baseUri(launcher.url()).auth().oauth2(kim).get("/api/workspaces/lee").then().statusCode(403);
        given().baseUri(launcher.url()).auth().oauth2(kim).get("/api/users").then().statusCode(403);
    }

    @Test
    @Order(4)
    void theAdminGroupMakesAdmins() throws Exception {
        String lee = keycloak.accessToken("lee", "lee-keycloak-1");
        given().baseUri(launcher.url()).auth().oauth2(lee).get("/auth/me").then().statusCode(200)
                .body("user", equalTo("lee")).body("admin", equalTo(true));
        given().baseUri(launcher.url()).auth().oauth2(lee).get("/api/users").then().statusCode(200);
    }
}
