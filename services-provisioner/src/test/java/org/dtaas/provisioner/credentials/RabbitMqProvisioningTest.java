package org.dtaas.provisioner.credentials;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.identity.testing.TestTokens;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Against a real RabbitMQ of DTaaS's own (scripts/rabbitmq.sh on free ports): users get their own
 * vhost and account, can use it, and cannot reach each other's; guest does not exist; accounts carry
 * the installation id, so another installation's on the same broker are never touched.
 */
@QuarkusTest
@QuarkusTestResource(TestPlatformHome.class)
@TestProfile(RabbitMqProvisioningTest.WithBroker.class)
class RabbitMqProvisioningTest {

    public static class WithBroker implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(DtaasRabbitMq.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dtaas.provisioner.installation-id", INSTALLATION);
        }
    }

    static final String INSTALLATION = "inst1";
    static final String ALICE = "alice";
    static final String BOB = "bob";

    @Inject
    CredentialStore store;

    @ConfigProperty(name = "dtaas.test.rabbitmq.management-port")
    int managementPort;

    @ConfigProperty(name = "dtaas.provisioner.rabbitmq.admin-password-file")
    String adminPasswordFile;

    String management(String path) {
        return "http://127.0.0.1:" + managementPort + "/api" + path;
    }

    String adminPassword() throws Exception {
        return Files.readString(Path.of(adminPasswordFile)).strip();
    }

    static JsonPath credentialsOf(String user) {
        return given().header("Authorization", TestTokens.bearer(user)).get("/api/services/" + user + "/credentials")
                .then().statusCode(200).extract().jsonPath();
    }

    static Connection connect(JsonPath credentials, String vhost) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(credentials.getString("rabbitmq.url"));
        factory.setUsername(credentials.getString("rabbitmq.username"));
        factory.setPassword(credentials.getString("rabbitmq.password"));
        factory.setVirtualHost(vhost);
        factory.setConnectionTimeout(3000);
        return factory.newConnection();
    }

    @Test
    void aUserGetsAVhostOfTheirOwnThatWorksAndStaysTheirs() throws Exception {
        JsonPath alice = credentialsOf(ALICE);
        String vhost = "dtaas-" + INSTALLATION + "-" + ALICE;
        assertEquals(vhost, alice.getString("rabbitmq.vhost"));
        assertTrue(alice.getString("rabbitmq.url").matches("amqp://127\\.0\\.0\\.1:\\d+/" + vhost), alice.getString("rabbitmq.url"));
        try (Connection connection = connect(alice, alice.getString("rabbitmq.vhost")); Channel channel = connection.createChannel()) {
            channel.queueDeclare("measurements", false, false, true, null);
            channel.basicPublish("", "measurements", null, "21.5".getBytes(StandardCharsets.UTF_8));
            GetResponse got = null;
            for (int i = 0; i < 50 && got == null; i++) {
                got = channel.basicGet("measurements", true);
                Thread.sleep(20);
            }
            assertArrayEquals("21.5".getBytes(StandardCharsets.UTF_8), got.getBody());
        }
        // asking again changes nothing
        assertEquals(alice.getString("rabbitmq.password"), credentialsOf(ALICE).getString("rabbitmq.password"));

        JsonPath bob = credentialsOf(BOB);
        assertFalse(bob.getString("rabbitmq.password").equals(alice.getString("rabbitmq.password")));
        assertThrows(Exception.class, () -> connect(bob, vhost).close(), "bob reached alice's vhost");
        assertThrows(Exception.class, () -> connect(bob, "/").close(), "bob reached the default vhost");
    }

    @Test
    void credentialsReachTheWorkspaceAsFilesOnlyTheUserReads() throws Exception {
        String password = credentialsOf(ALICE).getString("rabbitmq.password");
        Path folder = TestPlatformHome.files().resolve(ALICE).resolve(".dtaas");
        String env = Files.readString(folder.resolve("services.env"));
        assertTrue(env.contains("RABBITMQ_PASSWORD='" + password + "'"), env);
        assertTrue(env.contains("RABBITMQ_VHOST='dtaas-" + INSTALLATION + "-" + ALICE + "'"), env);
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(folder.resolve("services.env")));
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(folder.resolve("services.json")));
        // at rest the password is encrypted
        String sealed = store.sealed(ALICE, "rabbitmq").orElseThrow();
        assertFalse(sealed.contains(password));
    }

    @Test
    void credentialsGoToTheirOwnerOnlyAndAdminsRemoveAccounts() throws Exception {
        String carol = "carol";
        JsonPath issued = credentialsOf(carol);
        given().header("Authorization", TestTokens.bearer(ALICE)).get("/api/services/" + carol + "/credentials")
                .then().statusCode(403);
        given().header("Authorization", TestTokens.adminBearer("root")).get("/api/services/" + carol + "/credentials")
                .then().statusCode(403);
        given().header("Authorization", TestTokens.adminBearer("root")).post("/api/services/" + carol + "/provision")
                .then().statusCode(200).body("services", org.hamcrest.Matchers.hasItem("rabbitmq"))
                .body("credentials", equalTo(null));
        given().header("Authorization", TestTokens.bearer(carol)).delete("/api/services/" + carol).then().statusCode(403);
        given().header("Authorization", TestTokens.adminBearer("root")).delete("/api/services/" + carol).then().statusCode(204);
        assertThrows(Exception.class, () -> connect(issued, "dtaas-" + INSTALLATION + "-" + carol).close(), "the account is still there");
        assertTrue(store.find(carol, "rabbitmq").isEmpty());
        given().header("Authorization", TestTokens.adminBearer("root")).delete("/api/services/" + carol).then().statusCode(204);
    }

    @Test
    void guestDoesNotExistOnTheBrokerAndTheAdminIsTheGeneratedOne() throws Exception {
        given().auth().preemptive().basic("guest", "guest").get(management("/overview")).then().statusCode(401);
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(credentialsOf(ALICE).getString("rabbitmq.url").replaceFirst("/[^/]*$", "/"));
        factory.setUsername("guest");
        factory.setPassword("guest");
        assertThrows(Exception.class, () -> factory.newConnection().close(), "guest/guest logged in over AMQP");
        given().auth().preemptive().basic("dtaas-admin", adminPassword()).get(management("/users")).then().statusCode(200)
                .body("name", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("guest")));
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(Path.of(adminPasswordFile)));
    }

    @Test
    void anotherInstallationsAccountsOnTheSameBrokerAreNeverTouched() throws Exception {
        // what another DTaaS (installation "inst2", or one from before ids) made for its own dave
        String dave = "dave";
        for (String other : List.of("dtaas-inst2-" + dave, "dtaas-" + dave)) {
            given().auth().preemptive().basic("dtaas-admin", adminPassword()).contentType("application/json")
                    .body("{\"password\":\"theirs\",\"tags\":\"\"}").put(management("/users/" + other)).then().statusCode(201);
        }
        credentialsOf(dave);
        given().header("Authorization", TestTokens.adminBearer("root")).delete("/api/services/" + dave).then().statusCode(204);
        given().auth().preemptive().basic("dtaas-admin", adminPassword()).get(management("/users/dtaas-inst1-" + dave))
                .then().statusCode(404);
        for (String other : List.of("dtaas-inst2-" + dave, "dtaas-" + dave)) {
            given().auth().preemptive().basic("dtaas-admin", adminPassword()).get(management("/users/" + other))
                    .then().statusCode(200);
        }
    }
}
