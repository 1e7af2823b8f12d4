package org.dtaas.provisioner;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.identity.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(TestPlatformHome.class)
@TestProfile(ServicesResourceTest.Endpoints.class)
class ServicesResourceTest {

    static ServerSocket listening;
    static int closedPort;

    /** One service that listens, one whose port nobody holds, one left unconfigured. */
    public static class Endpoints implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                listening = new ServerSocket(0);
                try (ServerSocket s = new ServerSocket(0)) {
                    closedPort = s.getLocalPort();
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return Map.of("dtaas.services.endpoints.rabbitmq.url", "amqp://127.0.0.1:" + listening.getLocalPort(),
                    "dtaas.services.endpoints.mqtt.url", "mqtt://127.0.0.1:" + closedPort,
                    "dtaas.services.endpoints.influxdb.url", "");
        }
    }

    @AfterAll
    static void close() throws IOException {
        listening.close();
    }

    @Test
    void reportsUpDownAndNotConfigured() {
        given().header("Authorization", TestTokens.bearer("alice")).get("/api/services")
                .then().statusCode(200)
                .body("find { it.name == 'rabbitmq' }.status", equalTo("up"))
                .body("find { it.name == 'mqtt' }.status", equalTo("down"))
                .body("find { it.name == 'mqtt' }.lastError", org.hamcrest.Matchers.containsString("refused"))
                .body("find { it.name == 'rabbitmq' }.checkedAt", org.hamcrest.Matchers.notNullValue())
                .body("find { it.name == 'influxdb' }.status", equalTo("not-configured"))
                .body("find { it.name == 'grafana' }.status", equalTo("not-configured"));
    }

    @Test
    void needsTheGatewaysToken() {
        given().get("/api/services").then().statusCode(401);
    }
}
