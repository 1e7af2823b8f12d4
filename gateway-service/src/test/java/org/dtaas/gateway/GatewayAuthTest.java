package org.dtaas.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who may reach what: the gateway's authentication and authorization matrix. */
@QuarkusTest
@QuarkusTestResource(GatewayWorld.class)
class GatewayAuthTest {

    @TestHTTPResource("/")
    URI base;

    static String signIn(String user, String password) {
        return given().contentType("application/json").header("Origin", "http://localhost:" + io.restassured.RestAssured.port)
                .body(Map.of("username", user, "password", password))
                .post("/auth/login").then().statusCode(200).extract().cookie("dtaas_session");
    }

    @Test
    void apiWithoutCredentialsIs401AndOffersBasicToScriptsOnly() {
        given().get("/api/library/tree/alice").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Basic"))
                .body("error", equalTo("Unauthorized"));
        given().header("X-Requested-With", "dtaas-web").get("/api/library/tree/alice").then().statusCode(401)
                .header("WWW-Authenticate", nullValue());
    }

    @Test
    void browserPageWithoutSessionRedirectsToLogin() {
        given().redirects().follow(false).header("Accept", "text/html").get("/alice/lab?x=1")
                .then().statusCode(302).header("Location", equalTo("/login?next=%2Falice%2Flab%3Fx%3D1"));
    }

    @Test
    void wrongPasswordIsRefused() {
        given().auth().preemptive().basic("alice", "wrong").get("/auth/me").then().statusCode(401);
        given().contentType("application/json").body(Map.of("username", "alice", "password", "wrong"))
                .post("/auth/login").then().statusCode(401).body("message", containsString("Wrong user name or password"));
        given().auth().preemptive().basic("nobody", "whatever").get("/auth/me").then().statusCode(401);
    }

    @Test
    void nonBcryptEntriesAreNotAccepted() {
        // {SHA} of "password": weak hashes are refused (the log says how to fix the entry)
        given().auth().preemptive().basic("legacy", "password").get("/auth/me").then().statusCode(401);
    }

    @Test
    void basicAuthWorksForScripts() {
        given().auth().preemptive().basic("alice", GatewayWorld.ALICE_PASSWORD).get("/auth/me")
                .then().statusCode(200).body("user", equalTo("alice")).body("admin", equalTo(false));
        given().auth().preemptive().basic("root", GatewayWorld.ROOT_PASSWORD).get("/auth/me")
                .then().statusCode(200).body("admin", equalTo(true));
    }

    @Test
    void cookieSessionWorksUntilSignOut() {
        String session = signIn("alice", GatewayWorld.ALICE_PASSWORD);
        given().cookie("dtaas_session", session).get("/auth/me").then().statusCode(200).body("user", equalTo("alice"));
        given().cookie("dtaas_session", session).header("Origin", "http://localhost:" + io.restassured.RestAssured.port)
                .post("/auth/logout").then().statusCode(204);
        given().cookie("dtaas_session", session).get("/auth/me").then().statusCode(401);
        given().cookie("dtaas_session", "x".repeat(43)).get("/auth/me").then().statusCode(401);
    }

    @Test
    void anotherUsersWorkspaceIsForbiddenButAdminsGetThrough() {
        given().auth().preemptive().basic("bob", GatewayWorld.BOB_PASSWORD).get("/alice/lab").then().statusCode(403);
        given().auth().preemptive().basic("root", GatewayWorld.ROOT_PASSWORD).get("/alice/lab").then().statusCode(200);
        given().auth().preemptive().basic("alice", GatewayWorld.ALICE_PASSWORD).get("/alice/lab").then().statusCode(200);
    }

    @Test
    void libraryRoutesFollowOwnershipAndCommonIsReadOnlyForUsers() {
        given().auth().preemptive().basic("bob", GatewayWorld.BOB_PASSWORD).get("/api/library/tree/alice/data").then().statusCode(403);
        given().auth().preemptive().basic("bob", GatewayWorld.BOB_PASSWORD).get("/api/library/tree/common/data").then().statusCode(200);
        given().auth().preemptive().basic("bob", GatewayWorld.BOB_PASSWORD).body("x").put("/api/library/raw/common/data/x.txt")
                .then().statusCode(403);
        given().auth().preemptive().basic("root", GatewayWorld.ROOT_PASSWORD).body("x").put("/api/library/raw/common/data/x.txt")
                .then().statusCode(200);
        given().auth().preemptive().basic("bob", GatewayWorld.BOB_PASSWORD).get("/api/library/tree/BAD..name").then().statusCode(400);
    }

    @Test
    void repeatedFailuresSlowTheNextAttemptButTheRightPasswordGetsInAfterTheWait() throws Exception {
        for (int i = 0; i < 6; i++) {
            if (i == 5) {
                Thread.sleep(1100); // the back-off after the 5th failure
            }
            given().auth().preemptive().basic("mallory", "guess-" + i).get("/auth/me").then().statusCode(401);
        }
        int retryAfter = Integer.parseInt(given().auth().preemptive().basic("mallory", GatewayWorld.MALLORY_PASSWORD).get("/auth/me")
                .then().statusCode(429).extract().header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 2, "a back-off of seconds, not a lock-out: " + retryAfter);
        given().contentType("application/json").body(Map.of("username", "mallory", "password", GatewayWorld.MALLORY_PASSWORD))
                .post("/auth/login").then().statusCode(429);
        Thread.sleep(retryAfter * 1000L + 200);
        given().auth().preemptive().basic("mallory", GatewayWorld.MALLORY_PASSWORD).get("/auth/me").then().statusCode(200);
    }

    /** Many failures from one address (a NAT, a proxy, every local process) shut nobody else out. */
    @Test
    void failuresForManyNamesFromOneAddressDoNotLockOutAnotherUser() {
        for (int i = 0; i < 40; i++) {
            given().auth().preemptive().basic("nobody" + i, "guess").get("/auth/me").then().statusCode(401);
        }
        given().auth().preemptive().basic("bob", GatewayWorld.BOB_PASSWORD).get("/auth/me").then().statusCode(200);
    }

    @Test
    void crossSiteRequestsWithTheCookieAreRefused() {
        String session = signIn("alice", GatewayWorld.ALICE_PASSWORD);
        given().cookie("dtaas_session", session).body("x").post("/alice/api/contents").then().statusCode(403);
        given().cookie("dtaas_session", session).header("Origin", "https://evil.example").body("x").post("/alice/api/contents")
                .then().statusCode(403);
        given().cookie("dtaas_session", session).header("Origin", "http://localhost:" + io.restassured.RestAssured.port)
                .body("x").post("/alice/api/contents").then().statusCode(200);
        // Basic credentials are not sent by browsers on their own, so scripts need no Origin
        given().auth().preemptive().basic("alice", GatewayWorld.ALICE_PASSWORD).body("x").post("/alice/api/contents")
                .then().statusCode(200);
    }

    @Test
    void pathsThatAreNotCanonicalAreRefusedBeforeRouting() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        for (String path : new String[] {"/alice/../bob/lab", "/api/library/tree/alice/%2e%2e/bob", "/alice//lab"}) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + path))
                    .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                            ("alice:" + GatewayWorld.ALICE_PASSWORD).getBytes())).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, response.statusCode(), path + " -> " + response.body());
        }
    }

    @Test
    void healthIsOpenAndMetricsAreForAdminsOrTheScrapeTokenNotForThisMachine() throws Exception {
        given().get("/q/health/ready").then().statusCode(200);
        // the test client is on this machine, as every user's code is: that alone opens nothing
        given().header("X-Requested-With", "test").get("/q/metrics").then().statusCode(401);
        given().header("X-Requested-With", "test").get("/q/openapi").then().statusCode(401);
        java.nio.file.Path tokenFile = GatewayWorld.home.resolve("config/metrics-token");
        assertEquals(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"),
                java.nio.file.Files.getPosixFilePermissions(tokenFile));
        String token = java.nio.file.Files.readString(tokenFile).strip();
        given().header("Authorization", "Scrape " + token).get("/q/metrics").then().statusCode(200)
                .body(containsString("dtaas_gateway_requests_seconds"));
        given().header("Authorization", "Scrape " + token + "x").header("X-Requested-With", "test").get("/q/metrics")
                .then().statusCode(401);
        given().auth().preemptive().basic("alice", GatewayWorld.ALICE_PASSWORD).get("/q/metrics").then().statusCode(403);
        given().auth().preemptive().basic("root", GatewayWorld.ROOT_PASSWORD).get("/q/metrics").then().statusCode(200)
                .body(containsString("dtaas_gateway_requests_seconds"));
    }

    @Test
    void webAppRoutesServeTheAppToEveryone() {
        given().header("Accept", "text/html").get("/library").then().statusCode(200).body(containsString("<div id=\"root\">"));
        given().get("/").then().statusCode(200).body(containsString("<div id=\"root\">"));
        given().get("/shared/nothing").then().statusCode(404);
        given().auth().preemptive().basic("alice", GatewayWorld.ALICE_PASSWORD).get("/api/nothing").then().statusCode(404);
    }
}
