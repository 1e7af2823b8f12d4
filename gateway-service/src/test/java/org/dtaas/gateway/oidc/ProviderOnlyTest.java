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
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.dtaas.gateway.GatewayWorld;
import org.junit.jupiter.api.Test;

/**
 * With DTAAS_OIDC_TOKEN_AUDIENCE set, tokens minted for another client of the provider are refused.
 * With DTAAS_PASSWORD_LOGIN=false only the provider signs people in: no form, no HTTP Basic. With
 * DTAAS_OIDC_PROVIDER_SIGN_OUT=false (providers without RP-initiated logout, e.g. GitLab) signing out
 * ends the DTaaS session and sends the browser to DTAAS_OIDC_SIGN_OUT_URL.
 */
@QuarkusTest
@TestProfile(ProviderOnlyTest.PasswordsOff.class)
@QuarkusTestResource(GatewayWorld.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class ProviderOnlyTest {

    static final String SIGN_OUT_URL = "https://gitlab.example.org/oauth/authorize?client_id=dtaas&prompt=login";

    public static class PasswordsOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(new OidcSignInTest.WithProvider().getConfigOverrides());
            config.put("dtaas.gateway.login.passwords", "false");
            config.put("dtaas.gateway.oidc.provider-sign-out", "false");
            config.put("dtaas.gateway.oidc.sign-out-url", SIGN_OUT_URL);
            // only tokens meant for DTaaS (the stand-in's access tokens name this audience)
            config.put("quarkus.oidc.token.audience", "https://server.example.com,quarkus-web-app");
            return config;
        }
    }

    @Test
    void passwordsAreRefusedWithAHint() {
        given().get("/auth/config").then().statusCode(200).body("passwords", equalTo(false));
        given().contentType("application/json").header("Origin", "http://localhost:" + io.restassured.RestAssured.port)
                .body(Map.of("username", "alice", "password", "alice-secret-1")).post("/auth/login")
                .then().statusCode(403).body("message", containsString("sign in with Keycloak"));
        given().auth().preemptive().basic("alice", "alice-secret-1").get("/auth/me").then().statusCode(401);
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void signingOutEndsTheDtaasSessionAndGoesWhereTheProviderSignsOut() throws Exception {
        CodeFlowBrowser browser = new CodeFlowBrowser(base);
        browser.signIn("/library");
        assertEquals(200, browser.get("/auth/me").statusCode());
        HttpResponse<String> out = browser.postFromPage("/auth/logout");
        assertEquals(200, out.statusCode(), out.body());
        assertTrue(out.body().contains(SIGN_OUT_URL), "the browser goes on to where the provider signs people out: " + out.body());
        assertEquals(401, browser.get("/auth/me").statusCode(), "the session cookie is gone");
    }

    @Test
    void tokensForAnotherAudienceAreRefused() {
        // signed by the same provider (the stand-in's key), but for another application
        String elsewhere = io.smallrye.jwt.build.Jwt.preferredUserName("alice").groups(Set.of("user"))
                .issuer("https://server.example.com").audience("https://another-app.example.com").jws().keyId("1").sign();
        given().auth().oauth2(elsewhere).get("/auth/me").then().statusCode(401);
        String forUs = io.smallrye.jwt.build.Jwt.preferredUserName("alice").groups(Set.of("user"))
                .issuer("https://server.example.com").audience("https://server.example.com").jws().keyId("1").sign();
        given().auth().oauth2(forUs).get("/auth/me").then().statusCode(200);
    }

    @Test
    void tokensStillWork() {
        given().auth().oauth2(OidcWiremockTestResource.getAccessToken("alice", Set.of("user"))).get("/auth/me")
                .then().statusCode(200).body("user", equalTo("alice"));
    }
}
