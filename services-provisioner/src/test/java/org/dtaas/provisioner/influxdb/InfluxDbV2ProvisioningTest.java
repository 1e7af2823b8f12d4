package org.dtaas.provisioner.influxdb;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.identity.testing.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * InfluxDB 2 cannot run here: WireMock answers as its v2 HTTP API documents (orgs, buckets,
 * authorizations), and the test checks the exact requests — a bucket per user and a token that may
 * read and write that bucket only.
 */
@QuarkusTest
@QuarkusTestResource(TestPlatformHome.class)
@TestProfile(InfluxDbV2ProvisioningTest.WithInfluxDb2.class)
class InfluxDbV2ProvisioningTest {

    static WireMockServer influx;

    public static class WithInfluxDb2 implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(FakeInfluxDb2.class));
        }
    }

    public static class FakeInfluxDb2 implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            influx = new WireMockServer(WireMockConfiguration.options().dynamicPort());
            influx.start();
            influx.stubFor(get(urlPathEqualTo("/api/v2/orgs")).withQueryParam("org", WireMock.equalTo("dtaas"))
                    .willReturn(json(200, "{\"links\":{\"self\":\"/api/v2/orgs\"},\"orgs\":[{\"id\":\"0a1b2c3d4e5f6071\","
                            + "\"name\":\"dtaas\",\"status\":\"active\"}]}")));
            influx.stubFor(get(urlPathEqualTo("/api/v2/buckets"))
                    .willReturn(json(200, "{\"links\":{\"self\":\"/api/v2/buckets\"},\"buckets\":[]}")));
            influx.stubFor(post(urlPathEqualTo("/api/v2/buckets")).willReturn(json(201,
                    "{\"id\":\"7f3e2d1c0b0a0908\",\"orgID\":\"0a1b2c3d4e5f6071\",\"name\":\"dtaas-alice\",\"retentionRules\":[]}")));
            influx.stubFor(post(urlPathEqualTo("/api/v2/authorizations")).willReturn(json(201,
                    "{\"id\":\"09a8b7c6d5e4f321\",\"token\":\"aliceTokenFromInflux==\",\"status\":\"active\","
                            + "\"orgID\":\"0a1b2c3d4e5f6071\"}")));
            try {
                Path token = Files.createTempFile("influx-operator", ".token");
                Files.writeString(token, "operator-token\n");
                return Map.of("dtaas.services.endpoints.influxdb.url", influx.baseUrl(),
                        "dtaas.provisioner.influxdb.version", "2",
                        "dtaas.provisioner.influxdb.admin-token-file", token.toString());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
            return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8").withBody(body);
        }

        @Override
        public void stop() {
            influx.stop();
        }
    }

    @Test
    void aUserGetsABucketAndATokenForThatBucketOnly() {
        given().header("Authorization", TestTokens.bearer("alice")).get("/api/services/alice/credentials")
                .then().statusCode(200)
                .body("influxdb.org", equalTo("dtaas")).body("influxdb.bucket", equalTo("dtaas-alice"))
                .body("influxdb.token", equalTo("aliceTokenFromInflux=="));
        influx.verify(postRequestedFor(urlPathEqualTo("/api/v2/buckets"))
                .withHeader("Authorization", WireMock.equalTo("Token operator-token"))
                .withRequestBody(matchingJsonPath("$.name", WireMock.equalTo("dtaas-alice")))
                .withRequestBody(matchingJsonPath("$.orgID", WireMock.equalTo("0a1b2c3d4e5f6071"))));
        influx.verify(1, postRequestedFor(urlPathEqualTo("/api/v2/authorizations"))
                .withRequestBody(matchingJsonPath("$.permissions.length()", WireMock.equalTo("2")))
                .withRequestBody(matchingJsonPath("$.permissions[?(@.action == 'read' && @.resource.type == 'buckets'"
                        + " && @.resource.id == '7f3e2d1c0b0a0908')]"))
                .withRequestBody(matchingJsonPath("$.permissions[?(@.action == 'write' && @.resource.id == '7f3e2d1c0b0a0908')]")));
        // asked again: the issued token is kept, nothing new is made
        given().header("Authorization", TestTokens.bearer("alice")).get("/api/services/alice/credentials")
                .then().statusCode(200).body("influxdb.token", equalTo("aliceTokenFromInflux=="));
        influx.verify(1, postRequestedFor(urlPathEqualTo("/api/v2/authorizations")));
    }
}
