package org.dtaas.provisioner.grafana;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
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
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.identity.testing.TestTokens;
import org.dtaas.provisioner.credentials.CredentialStore;
import org.junit.jupiter.api.Test;

/**
 * Grafana cannot run here: WireMock answers as Grafana's HTTP API documents (orgs, admin users, org
 * users, data sources), and the test checks the requests — an org and an Editor per user, and a data
 * source in that org on the user's own InfluxDB database with their credentials.
 */
@QuarkusTest
@QuarkusTestResource(TestPlatformHome.class)
@TestProfile(GrafanaProvisioningTest.WithGrafana.class)
class GrafanaProvisioningTest {

    static WireMockServer grafana;

    @Inject
    CredentialStore store;

    public static class WithGrafana implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(FakeGrafana.class));
        }
    }

    public static class FakeGrafana implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            grafana = new WireMockServer(WireMockConfiguration.options().dynamicPort());
            grafana.start();
            grafana.stubFor(post(urlPathEqualTo("/api/orgs")).willReturn(json("{\"message\":\"Organization created\",\"orgId\":3}")));
            grafana.stubFor(post(urlPathEqualTo("/api/admin/users")).willReturn(json("{\"id\":7,\"message\":\"User created\"}")));
            grafana.stubFor(post(urlPathEqualTo("/api/orgs/3/users")).willReturn(json("{\"message\":\"User added to organization\"}")));
            grafana.stubFor(post(urlPathEqualTo("/api/datasources")).willReturn(json(
                    "{\"datasource\":{\"id\":1,\"orgId\":3,\"name\":\"InfluxDB (DTaaS)\",\"type\":\"influxdb\"},"
                            + "\"id\":1,\"message\":\"Datasource added\",\"name\":\"InfluxDB (DTaaS)\"}")));
            try {
                Path password = Files.createTempFile("grafana-admin", ".password");
                Files.writeString(password, "grafana-admin-secret\n");
                return Map.of("dtaas.services.endpoints.grafana.url", grafana.baseUrl(),
                        "dtaas.provisioner.grafana.admin-password-file", password.toString());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
            return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
        }

        @Override
        public void stop() {
            grafana.stop();
        }
    }

    @Test
    void aUserGetsAnOrganisationAsEditorWithTheirInfluxDbAsDataSource() {
        store.save("alice", "influxdb", Map.of("url", "http://127.0.0.1:8086", "database", "dtaas_alice",
                "bucket", "dtaas_alice", "username", "dtaas-alice", "password", "influx-pw"));
        given().header("Authorization", TestTokens.bearer("alice")).get("/api/services/alice/credentials")
                .then().statusCode(200).body("grafana.username", equalTo("dtaas-alice"))
                .body("grafana.url", equalTo(grafana.baseUrl()));
        grafana.verify(postRequestedFor(urlPathEqualTo("/api/orgs"))
                .withBasicAuth(new com.github.tomakehurst.wiremock.client.BasicCredentials("admin", "grafana-admin-secret"))
                .withRequestBody(matchingJsonPath("$.name", WireMock.equalTo("dtaas-alice"))));
        grafana.verify(postRequestedFor(urlPathEqualTo("/api/admin/users"))
                .withRequestBody(matchingJsonPath("$.login", WireMock.equalTo("dtaas-alice")))
                .withRequestBody(matchingJsonPath("$.OrgId", WireMock.equalTo("3"))));
        grafana.verify(postRequestedFor(urlPathEqualTo("/api/orgs/3/users"))
                .withRequestBody(matchingJsonPath("$.role", WireMock.equalTo("Editor"))));
        grafana.verify(postRequestedFor(urlPathEqualTo("/api/datasources"))
                .withHeader("X-Grafana-Org-Id", WireMock.equalTo("3"))
                .withRequestBody(matchingJsonPath("$.type", WireMock.equalTo("influxdb")))
                .withRequestBody(matchingJsonPath("$.database", WireMock.equalTo("dtaas_alice")))
                .withRequestBody(matchingJsonPath("$.user", WireMock.equalTo("dtaas-alice")))
                .withRequestBody(matchingJsonPath("$.secureJsonData.password", WireMock.equalTo("influx-pw"))));
    }
}
