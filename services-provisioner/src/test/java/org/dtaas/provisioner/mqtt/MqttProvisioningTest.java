package org.dtaas.provisioner.mqtt;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.identity.testing.TestTokens;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Against a real Mosquitto with dynamic security: a user's MQTT account publishes and subscribes
 * under dtaas/<user>/ and nowhere else; another user's account cannot read or write there.
 */
@QuarkusTest
@QuarkusTestResource(TestPlatformHome.class)
@TestProfile(MqttProvisioningTest.WithBroker.class)
class MqttProvisioningTest {

    public static class WithBroker implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(DtaasMosquitto.class));
        }
    }

    @Inject
    Vertx vertx;

    @BeforeAll
    static void mosquitto() {
        Assumptions.assumeTrue(DtaasMosquitto.installed(), "mosquitto is not installed");
    }

    static JsonPath mqttOf(String user) {
        return given().header("Authorization", TestTokens.bearer(user)).get("/api/services/" + user + "/credentials")
                .then().statusCode(200).extract().jsonPath().setRootPath("mqtt");
    }

    MqttClient connect(JsonPath credential, LinkedBlockingQueue<String> received) throws Exception {
        return connect(credential, received, credential.getString("clientIdPrefix") + "test-" + System.nanoTime());
    }

    MqttClient connect(JsonPath credential, LinkedBlockingQueue<String> received, String clientId) throws Exception {
        URI url = URI.create(credential.getString("url"));
        MqttClientOptions options = new MqttClientOptions().setUsername(credential.getString("username"))
                .setPassword(credential.getString("password")).setClientId(clientId);
        MqttClient client = MqttClient.create(vertx, options);
        client.publishHandler(m -> received.add(m.topicName() + "=" + m.payload().toString()));
        LinkedBlockingQueue<Integer> subAcks = new LinkedBlockingQueue<>();
        client.subscribeCompletionHandler(ack -> subAcks.add(ack.grantedQoSLevels().get(0)));
        SUBACKS.put(client, subAcks);
        client.connect(url.getPort(), url.getHost()).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        return client;
    }

    static final java.util.Map<MqttClient, LinkedBlockingQueue<Integer>> SUBACKS = new java.util.concurrent.ConcurrentHashMap<>();

    /** The QoS the broker granted a subscription; 0x80 is a refusal. */
    static int grantedQos(MqttClient client, String topic) throws Exception {
        client.subscribe(topic, 1).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        Integer granted = SUBACKS.get(client).poll(5, TimeUnit.SECONDS);
        return granted == null ? -1 : granted;
    }

    static void publish(MqttClient client, String topic, String text) throws Exception {
        client.publish(topic, Buffer.buffer(text), MqttQoS.AT_LEAST_ONCE, false, false).toCompletionStage()
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void aClientIdBelongsToItsAccount() throws Exception {
        JsonPath alice = mqttOf("alice");
        JsonPath bob = mqttOf("bob");
        assertEquals(alice.getString("username") + "/", alice.getString("clientIdPrefix"));
        String bobsId = bob.getString("clientIdPrefix") + "sensor";
        MqttClient bobsSensor = connect(bob, new LinkedBlockingQueue<>(), bobsId);
        try {
            // alice cannot take bob's client id (which would disconnect his client), nor a bare or foreign one
            for (String stolen : List.of(bobsId, bob.getString("username"), "sensor", alice.getString("username") + "-x",
                    alice.getString("username") + "x/y")) {
                assertThrows(Exception.class, () -> connect(alice, new LinkedBlockingQueue<>(), stolen), stolen);
            }
            assertTrue(bobsSensor.isConnected(), "bob's client stays connected");
            MqttClient own = connect(alice, new LinkedBlockingQueue<>(), alice.getString("clientIdPrefix") + "sensor");
            own.disconnect();
            MqttClient bare = connect(alice, new LinkedBlockingQueue<>(), alice.getString("username"));
            bare.disconnect();
        } finally {
            bobsSensor.disconnect();
        }
    }

    @Test
    void usersTalkUnderTheirOwnTopicsOnly() throws Exception {
        JsonPath alice = mqttOf("alice");
        JsonPath bob = mqttOf("bob");
        assertEquals("dtaas/alice/", alice.getString("topicPrefix"));
        assertEquals("dtaas-alice", alice.getString("username"));

        LinkedBlockingQueue<String> aliceGot = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<String> bobGot = new LinkedBlockingQueue<>();
        MqttClient aliceClient = connect(alice, aliceGot);
        MqttClient bobClient = connect(bob, bobGot);
        try {
            assertEquals(1, grantedQos(aliceClient, "dtaas/alice/#"));
            assertEquals(0x80, grantedQos(bobClient, "dtaas/alice/#"), "bob may subscribe to alice's topics");
            assertEquals(0x80, grantedQos(aliceClient, "#"), "alice may subscribe to everything");

            publish(aliceClient, "dtaas/alice/temperature", "21.5");
            assertEquals("dtaas/alice/temperature=21.5", aliceGot.poll(5, TimeUnit.SECONDS));
            // bob's publish into alice's topics is dropped by the broker
            publish(bobClient, "dtaas/alice/temperature", "-100");
            publish(aliceClient, "dtaas/alice/temperature", "22.0");
            assertEquals("dtaas/alice/temperature=22.0", aliceGot.poll(5, TimeUnit.SECONDS));
            assertTrue(bobGot.isEmpty(), bobGot.toString());
        } finally {
            aliceClient.disconnect();
            bobClient.disconnect();
        }
        // provisioning again keeps the password
        assertEquals(alice.getString("password"), mqttOf("alice").getString("password"));
        given().header("Authorization", TestTokens.bearer("alice")).post("/api/services/alice/provision").then().statusCode(200);
        MqttClient again = connect(alice, new LinkedBlockingQueue<>());
        again.disconnect();

        // a user named "admin" gets dtaas-admin, never the broker's own admin account
        JsonPath admin = given().header("Authorization", TestTokens.adminBearer("admin")).get("/api/services/admin/credentials")
                .then().statusCode(200).extract().jsonPath().setRootPath("mqtt");
        assertEquals("dtaas-admin", admin.getString("username"));
        // and the provisioner can still administer the broker afterwards
        given().header("Authorization", TestTokens.bearer("alice")).post("/api/services/alice/provision").then().statusCode(200);

        given().header("Authorization", TestTokens.adminBearer("root")).delete("/api/services/bob").then().statusCode(204);
        assertThrows(Exception.class, () -> connect(bob, new LinkedBlockingQueue<>()), "bob's account is still there");
    }
}
