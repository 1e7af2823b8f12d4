package org.dtaas.provisioner.traffic;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.identity.testing.TestTokens;
import org.dtaas.provisioner.config.ProvisionerConfig;
import org.dtaas.provisioner.credentials.DtaasRabbitMq;
import org.dtaas.provisioner.influxdb.DtaasInfluxDb;
import org.dtaas.provisioner.mqtt.DtaasMosquitto;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Against a real RabbitMQ, Mosquitto (with DTaaS's traffic plugin) and InfluxDB 1.x: what alice's
 * accounts move (an AMQP message, an MQTT message, an InfluxDB point) is noted as her services'
 * activity in the file the workspace-service reads; bob, who moved nothing, has none. Counters seen
 * for the first time (traffic from before) are not activity.
 */
@QuarkusTest
@QuarkusTestResource(TestPlatformHome.class)
@TestProfile(ServiceTrafficTest.WithServices.class)
class ServiceTrafficTest {

    public static class WithServices implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(DtaasRabbitMq.class), new TestResourceEntry(DtaasMosquitto.class),
                    new TestResourceEntry(DtaasInfluxDb.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dtaas.provisioner.traffic-every", "1h"); // looked at by the test itself
        }
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Set<String> ALL = Set.of("rabbitmq", "mqtt", "influxdb");

    @Inject
    TrafficWatch watch;

    @Inject
    ProvisionerConfig config;

    @Inject
    Vertx vertx;

    @Inject
    ObjectMapper json;

    @BeforeAll
    static void servers() {
        Assumptions.assumeTrue(new DtaasRabbitMq().isInstalled() && new DtaasMosquitto().isInstalled()
                && new DtaasInfluxDb().isInstalled(), "RabbitMQ, Mosquitto and InfluxDB are needed");
    }

    static JsonPath credentialsOf(String user) {
        return given().header("Authorization", TestTokens.bearer(user)).get("/api/services/" + user + "/credentials")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void whatAUsersAccountsMoveIsNotedAsTheirActivity() throws Exception {
        JsonPath alice = credentialsOf("alice");
        credentialsOf("bob");
        assertTrue(alice.getMap("").keySet().containsAll(ALL), alice.prettify());
        watch.look(); // first sight of every counter
        assertTrue(watch.lastActive("alice").isEmpty(), watch.lastActive("alice").toString());

        publishOnAmqp(alice);
        publishOnMqtt(alice);
        HttpResponse<String> written = HTTP.send(HttpRequest.newBuilder(URI.create(alice.getString("influxdb.url")
                + "/write?db=" + alice.getString("influxdb.database") + "&u=" + alice.getString("influxdb.username") + "&p="
                + alice.getString("influxdb.password"))).POST(HttpRequest.BodyPublishers.ofString("room temperature=21.5"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, written.statusCode(), written.body());

        // the broker's statistics and the MQTT plugin's file are refreshed every 5 s
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!watch.lastActive("alice").keySet().containsAll(ALL) && System.nanoTime() < until) {
            Thread.sleep(500);
            watch.look();
        }
        assertEquals(ALL, watch.lastActive("alice").keySet());
        assertTrue(watch.lastActive("bob").isEmpty(), watch.lastActive("bob").toString());

        JsonNode file = json.readTree(Files.readAllBytes(Path.of(config.activityFile())));
        List<String> services = new ArrayList<>();
        file.path("alice").fieldNames().forEachRemaining(services::add);
        assertEquals(ALL, Set.copyOf(services), file.toString());
        assertTrue(file.path("bob").isMissingNode(), file.toString());
        java.time.Instant.parse(file.path("alice").path("mqtt").asText());
    }

    private static void publishOnAmqp(JsonPath credentials) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(credentials.getString("rabbitmq.url"));
        factory.setUsername(credentials.getString("rabbitmq.username"));
        factory.setPassword(credentials.getString("rabbitmq.password"));
        factory.setVirtualHost(credentials.getString("rabbitmq.vhost"));
        try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
            channel.queueDeclare("telemetry", false, false, false, null);
            channel.basicPublish("", "telemetry", null, "21.5".getBytes());
        }
    }

    private void publishOnMqtt(JsonPath credentials) throws Exception {
        URI url = URI.create(credentials.getString("mqtt.url"));
        MqttClient client = MqttClient.create(vertx, new MqttClientOptions().setUsername(credentials.getString("mqtt.username"))
                .setPassword(credentials.getString("mqtt.password")).setClientId(credentials.getString("mqtt.clientIdPrefix") + "twin"));
        client.connect(url.getPort(), url.getHost()).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        client.publish(credentials.getString("mqtt.topicPrefix") + "temperature", Buffer.buffer("21.5"), MqttQoS.AT_LEAST_ONCE,
                false, false).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        client.disconnect().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
