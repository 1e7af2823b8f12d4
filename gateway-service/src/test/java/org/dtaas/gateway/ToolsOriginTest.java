package org.dtaas.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Users' tools on origins of their own ({@code http://<user>.tools.test}): the platform's origin serves
 * nothing of a tool and hands a signed-in visitor on with a one-time code; the tools origin's cookie is
 * good for that origin only and ends with the platform session; the platform's cookie counts for nothing
 * there, and a tools origin serves nothing of the platform.
 */
@QuarkusTest
@QuarkusTestResource(GatewayWorld.class)
@TestProfile(ToolsOriginTest.OwnOrigins.class)
class ToolsOriginTest {

    public static class OwnOrigins implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dtaas.gateway.tools.url", "http://{user}.tools.test");
        }
    }

    private static String signIn(String user, String password) {
        return given().contentType("application/json").body(Map.of("username", user, "password", password))
                .post("/auth/login").then().statusCode(200).extract().cookie("dtaas_session");
    }

    private static String host(String user) {
        return user + ".tools.test:" + RestAssured.port;
    }

    /** The hand-off address the platform's origin sends a signed-in visitor of {@code path} to. */
    private static URI handoff(String session, String path) {
        String location = given().redirects().follow(false).cookie("dtaas_session", session).get(path)
                .then().statusCode(302).extract().header("Location");
        return URI.create(location);
    }

    /** Follows the hand-off on the tools origin: the cookie it sets. */
    private static String redeem(URI handoff, String owner) {
        Response answer = given().redirects().follow(false).header("Host", host(owner)).urlEncodingEnabled(false)
                .get(handoff.getRawPath() + "?" + handoff.getRawQuery());
        assertEquals(302, answer.statusCode(), answer.asString());
        String setCookie = answer.header("Set-Cookie");
        assertTrue(setCookie.startsWith("dtaas_tool="), setCookie);
        assertFalse(setCookie.toLowerCase().contains("domain="), "host-only: " + setCookie);
        assertTrue(setCookie.toLowerCase().contains("httponly"), setCookie);
        return answer.cookie("dtaas_tool");
    }

    @Test
    void theWayToAToolGoesThroughAOneTimeHandOff() {
        String session = signIn("alice", GatewayWorld.ALICE_PASSWORD);
        URI handoff = handoff(session, "/alice/lab?reset=1");
        assertEquals("alice.tools.test", handoff.getHost());
        assertEquals("/_dtaas/handoff", handoff.getPath());
        assertTrue(handoff.getRawQuery().contains("next=%2Falice%2Flab%3Freset%3D1"), handoff.toString());
        Response redeemed = given().redirects().follow(false).header("Host", host("alice")).urlEncodingEnabled(false)
                .get(handoff.getRawPath() + "?" + handoff.getRawQuery());
        assertEquals("/alice/lab?reset=1", redeemed.header("Location"));
        String tool = redeemed.cookie("dtaas_tool");
        String echoed = given().header("Host", host("alice")).cookie("dtaas_tool", tool).cookie("own", "1").get("/alice/lab")
                .then().statusCode(200).body(containsString("/alice/lab")).extract().jsonPath().getString("headers.cookie[0]");
        assertEquals("own=1", echoed, "the tool never sees the gateway's cookie");
        // once only
        given().redirects().follow(false).header("Host", host("alice")).urlEncodingEnabled(false)
                .get(handoff.getRawPath() + "?" + handoff.getRawQuery()).then().statusCode(403);
    }

    @Test
    void nothingOfAToolIsServedOnThePlatformsOrigin() {
        String session = signIn("alice", GatewayWorld.ALICE_PASSWORD);
        given().cookie("dtaas_session", session).header("Origin", "http://localhost:" + RestAssured.port)
                .contentType("application/json").body("{}").post("/alice/api/contents").then().statusCode(421)
                .body(containsString("alice.tools.test"));
        given().cookie("dtaas_session", session).header("Connection", "Upgrade").header("Upgrade", "websocket")
                .header("Origin", "http://localhost:" + RestAssured.port).get("/alice/terminals/websocket/1").then().statusCode(421);
        given().redirects().follow(false).get("/alice/lab").then().statusCode(401);
    }

    @jakarta.inject.Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    @io.quarkus.test.common.http.TestHTTPResource("/")
    URI base;

    /**
     * On a kept-alive connection, a tools origin's later requests may skip Vert.x' server
     * (ConnectionFastPath): the same origin rules hold there, request by request.
     */
    @Test
    void aKeptAliveConnectionToAToolsOriginKeepsItsRules() throws Exception {
        String session = signIn("alice", GatewayWorld.ALICE_PASSWORD);
        String tool = redeem(handoff(session, "/alice/lab"), "alice");
        var counter = registry.get("dtaas.gateway.fast.path.requests").counter();
        try (var connection = new ConnectionFastPathTest.Raw(base)) {
            String toAlice = "GET /alice/lab HTTP/1.1\r\nHost: " + host("alice") + "\r\nCookie: dtaas_tool=" + tool + "\r\n\r\n";
            connection.send(toAlice);
            assertEquals(200, connection.read(false).status());
            double before = counter.count();
            connection.send(toAlice);
            var second = connection.read(false);
            assertEquals(200, second.status());
            assertTrue(second.body().contains("/alice/lab"), second.body());
            assertEquals(before + 1, counter.count(), "served below Vert.x");
            String[][] attempts = {
                {"GET /bob/lab HTTP/1.1\r\nHost: " + host("bob") + "\r\nCookie: dtaas_tool=" + tool + "\r\n\r\n", "401"},
                {"GET /alice/lab HTTP/1.1\r\nHost: " + host("alice") + "\r\nCookie: dtaas_session=" + session + "\r\n\r\n", "401"},
                {"GET /bob/lab HTTP/1.1\r\nHost: " + host("alice") + "\r\nCookie: dtaas_tool=" + tool + "\r\n\r\n", "404"},
                {"GET /alice/lab HTTP/1.1\r\nHost: localhost:" + RestAssured.port + "\r\nCookie: dtaas_tool=" + tool + "\r\n\r\n", "401"},
                {"GET /alice/lab HTTP/1.1\r\nHost: localhost:" + RestAssured.port + "\r\nCookie: dtaas_session=" + session
                        + "\r\n\r\n", "302"},
                {toAlice, "200"},
            };
            for (String[] attempt : attempts) {
                connection.send(attempt[0]);
                assertEquals(Integer.parseInt(attempt[1]), connection.read(false).status(), attempt[0]);
            }
            assertEquals(before + 2, counter.count(), "only alice's requests on her tools origin were served below Vert.x");
        }
    }

    @Test
    void aToolsCookieIsWorthNothingElsewhere() {
        String tool = redeem(handoff(signIn("alice", GatewayWorld.ALICE_PASSWORD), "/alice/lab"), "alice");
        given().header("Host", host("bob")).cookie("dtaas_tool", tool).get("/bob/lab").then().statusCode(401);
        given().cookie("dtaas_tool", tool).get("/auth/me").then().statusCode(401); // the platform's origin
        given().cookie("dtaas_session", tool).get("/auth/me").then().statusCode(401);
    }

    @Test
    void thePlatformsCookieCountsForNothingOnAToolsOrigin() {
        String session = signIn("alice", GatewayWorld.ALICE_PASSWORD);
        given().header("Host", host("alice")).cookie("dtaas_session", session).get("/alice/lab").then().statusCode(401)
                .body(containsString("Workbench"));
    }

    @Test
    void aToolsOriginServesNothingOfThePlatform() {
        String tool = redeem(handoff(signIn("alice", GatewayWorld.ALICE_PASSWORD), "/alice/lab"), "alice");
        for (String path : new String[] {"/auth/me", "/api/users", "/api/library/tree/alice", "/", "/q/metrics", "/shared/x/",
                "/bob/lab", "/login"}) {
            given().redirects().follow(false).header("Host", host("alice")).cookie("dtaas_tool", tool).get(path)
                    .then().statusCode(404);
        }
        given().header("Host", host("alice")).cookie("dtaas_tool", tool).contentType("application/json")
                .body(Map.of("username", "mallory", "password", "x")).post("/api/users").then().statusCode(404);
    }

    @Test
    void aCrossSiteChangeOnAToolsOriginIsRefused() {
        String tool = redeem(handoff(signIn("alice", GatewayWorld.ALICE_PASSWORD), "/alice/lab"), "alice");
        given().header("Host", host("alice")).cookie("dtaas_tool", tool).header("Origin", "http://bob.tools.test:" + RestAssured.port)
                .body("x").post("/alice/api/contents").then().statusCode(403);
        given().header("Host", host("alice")).cookie("dtaas_tool", tool).header("Origin", "http://" + host("alice"))
                .body("x").post("/alice/api/contents").then().statusCode(200);
    }

    @Test
    void signingOutOfThePlatformEndsTheToolsSession() {
        String session = signIn("alice", GatewayWorld.ALICE_PASSWORD);
        String tool = redeem(handoff(session, "/alice/lab"), "alice");
        URI unused = handoff(session, "/alice/lab");
        given().header("Host", host("alice")).cookie("dtaas_tool", tool).get("/alice/lab").then().statusCode(200);
        given().cookie("dtaas_session", session).header("Origin", "http://localhost:" + RestAssured.port)
                .post("/auth/logout").then().statusCode(org.hamcrest.Matchers.oneOf(200, 204));
        given().header("Host", host("alice")).cookie("dtaas_tool", tool).get("/alice/lab").then().statusCode(401);
        given().redirects().follow(false).header("Host", host("alice")).urlEncodingEnabled(false)
                .get(unused.getRawPath() + "?" + unused.getRawQuery()).then().statusCode(403);
    }

    @Test
    void anotherUsersToolIsRefusedBeforeAnyHandOff() {
        given().redirects().follow(false).cookie("dtaas_session", signIn("bob", GatewayWorld.BOB_PASSWORD)).get("/alice/lab")
                .then().statusCode(403);
    }

    @Test
    void aForgedOrMisdirectedCodeOpensNothing() {
        URI handoff = handoff(signIn("alice", GatewayWorld.ALICE_PASSWORD), "/alice/lab");
        // alice's code taken to bob's origin
        given().redirects().follow(false).header("Host", host("bob")).urlEncodingEnabled(false)
                .get(handoff.getRawPath() + "?" + handoff.getRawQuery()).then().statusCode(403);
        given().redirects().follow(false).header("Host", host("alice")).get("/_dtaas/handoff?code=v1.x.y").then().statusCode(403);
        String code = URLDecoder.decode(handoff.getRawQuery().split("&")[0].substring(5), StandardCharsets.UTF_8);
        given().cookie("dtaas_session", code).get("/auth/me").then().statusCode(401);
    }

    @Test
    void scriptsUseHttpBasicOnAToolsOrigin() {
        given().header("Host", host("alice")).auth().preemptive().basic("alice", GatewayWorld.ALICE_PASSWORD).get("/alice/lab")
                .then().statusCode(200);
        given().header("Host", host("alice")).auth().preemptive().basic("bob", GatewayWorld.BOB_PASSWORD).get("/alice/lab")
                .then().statusCode(403);
        given().redirects().follow(false).header("Host", host("alice")).auth().preemptive().basic("alice", "wrong")
                .get("/alice/lab").then().statusCode(401);
        assertNull(given().redirects().follow(false).auth().preemptive().basic("alice", GatewayWorld.ALICE_PASSWORD)
                .get("/alice/lab").then().statusCode(302).header("Location", startsWith("http://alice.tools.test/_dtaas/handoff?code="))
                .extract().cookie("dtaas_session"));
    }
}
