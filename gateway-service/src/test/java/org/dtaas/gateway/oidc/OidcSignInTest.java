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
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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

    private final CookieManager cookies = new CookieManager();
    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void loginPageOffersTheProviderBesidePasswords() {
        given().get("/auth/config").then().statusCode(200)
                .body("passwords", equalTo(true))
                .body("oidc.name", equalTo("Keycloak"))
                .body("oidc.login", equalTo("/auth/oidc/login"));
    }

    @Test
    void browserSignsInThroughTheProviderAndOutOfBoth() throws Exception {
        // the login button: anonymous, so quarkus-oidc sends the browser to the provider
        HttpResponse<String> toProvider = get(base.resolve("/auth/oidc/login?next=%2Ftwins"));
        assertEquals(302, toProvider.statusCode());
        URI authorize = location(toProvider);
        assertTrue(authorize.getQuery().contains("client_id=quarkus-web-app"), authorize.toString());
        String redirectUri = param(authorize, "redirect_uri");
        assertEquals(base.resolve("/auth/oidc/callback").toString(), redirectUri);

        // the provider signs the user in and sends the browser back with a code
        HttpResponse<String> back = get(authorize.resolve("/login?redirect_uri=" + enc(redirectUri) + "&state="
                + enc(param(authorize, "state"))));
        assertEquals(302, back.statusCode());
        HttpResponse<String> redeemed = get(location(back));
        assertEquals(302, redeemed.statusCode(), redeemed.body());
        HttpResponse<String> signedIn = get(base.resolve(location(redeemed).toString()));
        assertEquals(303, signedIn.statusCode(), signedIn.body());
        assertEquals("/twins", signedIn.headers().firstValue("Location").orElseThrow());

        HttpResponse<String> me = get(base.resolve("/auth/me"));
        assertEquals(200, me.statusCode(), me.body());
        assertTrue(me.body().contains("\"user\":\"alice\""), me.body());
        // the session is a cookie: state-changing calls must come from the page itself
        HttpResponse<String> crossSite = send(HttpRequest.newBuilder(base.resolve("/api/workspaces/alice/start"))
                .header("Origin", "https://evil.example").POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(403, crossSite.statusCode());

        // sign-out: the web app is told to go on to the provider's logout
        HttpResponse<String> out = send(HttpRequest.newBuilder(base.resolve("/auth/logout"))
                .header("Origin", base.toString().replaceAll("/$", "")).POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, out.statusCode(), out.body());
        assertTrue(out.body().contains("/auth/oidc/logout"), out.body());
        HttpResponse<String> providerLogout = get(base.resolve("/auth/oidc/logout"));
        assertEquals(302, providerLogout.statusCode());
        URI endSession = location(providerLogout);
        assertTrue(endSession.getPath().endsWith("/protocol/openid-connect/end-session"), endSession.toString());
        assertTrue(endSession.getQuery().contains("id_token_hint="), "the provider learns whose session ends");
        assertEquals(base.resolve("/login").toString(), param(endSession, "post_logout_redirect_uri"));
        assertEquals(401, get(base.resolve("/auth/me")).statusCode(), "the platform session is gone");
    }

    @Test
    void scriptsUseBearerTokensAndReachOnlyTheirOwnRoutes() {
        String bob = OidcWiremockTestResource.getAccessToken("bob", Set.of("user"));
        given().auth().oauth2(bob).get("/auth/me").then().statusCode(200)
                .body("user", equalTo("bob")).body("admin", equalTo(false));
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
    void passwordsStillWorkBesideTheProvider() {
        given().auth().preemptive().basic("alice", "alice-secret-1").get("/auth/me").then().statusCode(200)
                .body("user", equalTo("alice"));
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return send(HttpRequest.newBuilder(uri).header("Accept", "text/html").GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI location(HttpResponse<?> response) {
        return response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
    }

    private static String param(URI uri, String name) {
        for (String pair : uri.getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError(name + " missing in " + uri);
    }

    private static String enc(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
