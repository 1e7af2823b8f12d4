package org.dtaas.gateway.oidc;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import org.dtaas.gateway.GatewayWorld;
import org.junit.jupiter.api.Test;

/**
 * Sign-in through an OIDC provider (quarkus-test-oidc-server's WireMock stand-in for Keycloak): the
 * browser's code flow from the login button to the provider and back, bearer tokens for scripts,
 * other users' routes refused, and sign-out ending the provider's session too.
 */
@QuarkusTest
@TestProfile(OidcSignInTest.WithProvider.class)
@QuarkusTestResource(GatewayWorld.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class OidcSignInTest {

    public static class WithProvider implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "dtaas.gateway.oidc.enabled", "true",
                    "dtaas.gateway.oidc.provider-name", "Keycloak",
                    "dtaas.gateway.oidc.admin-role", "dtaas-admins",
                    "quarkus.oidc.auth-server-url", "${keycloak.url}/realms/quarkus/",
                    "quarkus.oidc.client-id", "quarkus-web-app",
                    "quarkus.oidc.credentials.secret", "secret",
                    // the stand-in signs its tokens as https://server.example.com
                    "quarkus.oidc.token.issuer", "any");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void loginPageOffersTheProviderBesidePasswords() {
        given().get("/auth/config").then().statusCode(200)
                .body("passwords", equalTo(true))
                .body("oidc.name", equalTo("Keycloak"))
                .body("oidc.login", equalTo("/auth/oidc/login"));
    }

    @Test
    void browserSignsInThroughTheProviderAndOutOfBoth() throws Exception {
        CodeFlowBrowser browser = new CodeFlowBrowser(base);
        assertEquals("/twins", browser.signIn("/twins"), "the page asked for before sign-in opens");

        HttpResponse<String> me = browser.get("/auth/me");
        assertEquals(200, me.statusCode(), me.body());
        assertTrue(me.body().contains("\"user\":\"alice\""), me.body());
        // the session is a cookie: state-changing calls must come from the page itself
        HttpResponse<String> crossSite = browser.send(HttpRequest.newBuilder(base.resolve("/api/workspaces/alice/start"))
                .header("Origin", "https://evil.example").POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(403, crossSite.statusCode());

        // sign-out: the web app is told to go on to the provider's logout
        HttpResponse<String> out = browser.postFromPage("/auth/logout");
        assertEquals(200, out.statusCode(), out.body());
        assertTrue(out.body().contains("/auth/oidc/logout"), out.body());
        HttpResponse<String> providerLogout = browser.get("/auth/oidc/logout");
        assertEquals(302, providerLogout.statusCode());
        URI endSession = CodeFlowBrowser.location(providerLogout);
        assertTrue(endSession.getPath().endsWith("/protocol/openid-connect/end-session"), endSession.toString());
        assertTrue(endSession.getQuery().contains("id_token_hint="), "the provider learns whose session ends");
        assertEquals(base.resolve("/login").toString(), CodeFlowBrowser.param(endSession, "post_logout_redirect_uri"));
        assertEquals(401, browser.get("/auth/me").statusCode(), "the platform session is gone");
    }

    @Test
    void scriptsUseBearerTokensAndReachOnlyTheirOwnRoutes() {
        String bob = OidcWiremockTestResource.getAccessToken("bob", Set.of("user"));
        given().auth().oauth2(bob).get("/auth/me").then().statusCode(200)
                .body("user", equalTo("bob")).body("admin", equalTo(false));
        assertTrue(GatewayWorld.upstreamSaw("POST /api/library/dirs/bob/digital%20twins"),
                "bob's first request made his library folders");
        given().auth().oauth2(bob).get("/api/library/tree/alice/data").then().statusCode(403);
        given().auth().oauth2(bob).get("/alice/lab").then().statusCode(403);
        given().auth().oauth2(bob).get("/api/users").then().statusCode(403);
        given().auth().oauth2(bob).get("/api/library/tree/bob/data").then().statusCode(200);
    }

    @Test
    void adminsComeFromTheConfiguredRoleOrFromConfigAdmins() {
        String carol = OidcWiremockTestResource.getAccessToken("carol", Set.of("user", "dtaas-admins"));
        given().auth().oauth2(carol).get("/auth/me").then().statusCode(200).body("admin", equalTo(true));
        // root is listed in config/admins
        String root = OidcWiremockTestResource.getAccessToken("root", Set.of("user"));
        given().auth().oauth2(root).get("/auth/me").then().statusCode(200).body("admin", equalTo(true));
    }

    @Test
    void badTokensAndUnusableNamesAreRefused() {
        given().auth().oauth2("not-a-token").get("/api/library/tree/alice").then().statusCode(401);
        String weird = OidcWiremockTestResource.getAccessToken("Alice Smith", Set.of("user"));
        given().auth().oauth2(weird).get("/api/library/tree/alice").then().statusCode(403)
                .body("message", containsString("DTAAS_OIDC_USERNAME_CLAIM"));
        // upper case is the same person as lower case
        String upper = OidcWiremockTestResource.getAccessToken("Alice", Set.of("user"));
        given().auth().oauth2(upper).get("/auth/me").then().statusCode(200).body("user", equalTo("alice"));
    }

    @Test
    void anUnusableSessionSendsBrowsersToTheProviderButTellsTheWebApp() {
        // a session cookie that no longer decrypts (expired secret, tampered): the web app's calls get
        // 499 (it then shows its login page); a page load goes to the provider
        given().redirects().follow(false).cookie("q_session", "not-a-session").header("X-Requested-With", "dtaas-web")
                .get("/api/library/tree/alice").then().statusCode(499);
        given().redirects().follow(false).cookie("q_session", "not-a-session").header("Accept", "text/html")
                .get("/library").then().statusCode(302).header("Location", containsString("/auth/realms/quarkus"));
    }

    @Test
    void passwordsStillWorkBesideTheProvider() {
        given().auth().preemptive().basic("alice", "alice-secret-1").get("/auth/me").then().statusCode(200)
                .body("user", equalTo("alice"));
    }
}
