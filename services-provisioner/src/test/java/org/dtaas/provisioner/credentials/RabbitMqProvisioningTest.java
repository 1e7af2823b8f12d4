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
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.identity.testing.TestTokens;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Against the machine's real RabbitMQ (AMQP 5672, management API 15672): users get their own vhost
 * and account, can use it, and cannot reach each other's.
 */
@QuarkusTest
@QuarkusTestResource(TestPlatformHome.class)
class RabbitMqProvisioningTest {

    // the broker outlives test runs: fresh names every run
    static final String ALICE = "a" + UUID.randomUUID().toString().substring(0, 8);
    static final String BOB = "b" + UUID.randomUUID().toString().substring(0, 8);

    @Inject
    CredentialStore store;

    @BeforeAll
    static void brokerIsThere() throws Exception {
        Assumptions.assumeTrue(managementAnswers(), "RabbitMQ's management API is not on 127.0.0.1:15672"
                + " (scripts/install-test-deps.sh enables it)");
    }

    static boolean managementAnswers() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:15672/api/overview").toURL().openConnection();
            c.setRequestProperty("Authorization", "Basic Z3Vlc3Q6Z3Vlc3Q=");
            c.setConnectTimeout(1000);
            return c.getResponseCode() == 200;
        } catch (Exception e) {
            return false;
        }
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
        assertEquals("dtaas-" + ALICE, alice.getString("rabbitmq.vhost"));
        assertEquals("amqp://127.0.0.1:5672/dtaas-" + ALICE, alice.getString("rabbitmq.url"));
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
        assertThrows(Exception.class, () -> connect(bob, "dtaas-" + ALICE).close(), "bob reached alice's vhost");
        assertThrows(Exception.class, () -> connect(bob, "/").close(), "bob reached the default vhost");
    }

    @Test
    void credentialsReachTheWorkspaceAsFilesOnlyTheUserReads() throws Exception {
        String password = credentialsOf(ALICE).getString("rabbitmq.password");
        Path folder = TestPlatformHome.files().resolve(ALICE).resolve(".dtaas");
        String env = Files.readString(folder.resolve("services.env"));
        assertTrue(env.contains("RABBITMQ_PASSWORD='" + password + "'"), env);
        assertTrue(env.contains("RABBITMQ_VHOST='dtaas-" + ALICE + "'"), env);
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(folder.resolve("services.env")));
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(folder.resolve("services.json")));
        // at rest the password is encrypted
        String sealed = store.sealed(ALICE, "rabbitmq").orElseThrow();
        assertFalse(sealed.contains(password));
    }

    @Test
    void credentialsGoToTheirOwnerOnlyAndAdminsRemoveAccounts() throws Exception {
        String carol = "c" + UUID.randomUUID().toString().substring(0, 8);
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
        assertThrows(Exception.class, () -> connect(issued, "dtaas-" + carol).close(), "the account is still there");
        assertTrue(store.find(carol, "rabbitmq").isEmpty());
        given().header("Authorization", TestTokens.adminBearer("root")).delete("/api/services/" + carol).then().statusCode(204);
    }
}
