package org.dtaas.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.net.ServerSocket;
import java.util.Map;
import org.dtaas.gateway.routing.SharedRoutes;
import org.dtaas.gateway.routing.ToolRoute;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Published services on an origin of their own (the gateway's second listener): the platform's origin
 * only redirects there, and the published origin serves nothing of the platform.
 */
@QuarkusTest
@QuarkusTestResource(GatewayWorld.class)
@TestProfile(SharedOriginTest.OwnOrigin.class)
class SharedOriginTest {

    static final int PORT = freePort();

    public static class OwnOrigin implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dtaas.gateway.shared.port", String.valueOf(PORT));
        }
    }

    @jakarta.inject.Inject
    SharedRoutes shared;

    @BeforeEach
    void published() {
        shared.replace(Map.of("echo", new SharedRoutes.Shared(
                ToolRoute.of("/shared/echo/", "http://127.0.0.1:" + GatewayWorld.upstreamPort + "/", Map.of()), null)));
    }

    @Test
    void thePlatformsOriginSendsVisitorsToThePublishedOrigin() {
        given().redirects().follow(false).get("/shared/echo/page?x=1").then().statusCode(308)
                .header("Location", "http://localhost:" + PORT + "/shared/echo/page?x=1");
    }

    @Test
    void thePublishedOriginServesThePageSandboxedWithoutThePlatformsCookies() {
        JsonPath echo = given().baseUri("http://127.0.0.1").port(PORT)
                .header("Cookie", "dtaas_session=stolen; q_session=stolen-too; own=1")
                .get("/shared/echo/page").then().statusCode(200)
                .header("Content-Security-Policy", containsString("sandbox"))
                .extract().jsonPath();
        assertEquals("/page", echo.getString("uri"));
        assertEquals("own=1", echo.getString("headers.cookie[0]"));
    }

    @Test
    void thePublishedOriginHasNothingOfThePlatform() {
        String signedIn = given().contentType("application/json")
                .body(Map.of("username", "root", "password", GatewayWorld.ROOT_PASSWORD)).post("/auth/login")
                .then().statusCode(200).extract().cookie("dtaas_session");
        for (String path : new String[] {"/auth/me", "/api/users", "/api/library/tree/alice", "/alice/lab", "/", "/q/metrics"}) {
            given().baseUri("http://127.0.0.1").port(PORT).redirects().follow(false).cookie("dtaas_session", signedIn)
                    .get(path).then().statusCode(404);
        }
        given().baseUri("http://127.0.0.1").port(PORT).get("/shared/../auth/me").then().statusCode(org.hamcrest.Matchers.oneOf(400, 404));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
