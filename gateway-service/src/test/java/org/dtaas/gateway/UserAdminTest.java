package org.dtaas.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /api/users}: admins add, list, reset and remove built-in accounts; nobody else touches them. */
@QuarkusTest
@QuarkusTestResource(GatewayWorld.class)
class UserAdminTest {

    @Test
    void onlyAdminsManageAccounts() {
        given().auth().preemptive().basic("alice", GatewayWorld.ALICE_PASSWORD).get("/api/users").then().statusCode(403);
        given().auth().preemptive().basic("alice", GatewayWorld.ALICE_PASSWORD).contentType("application/json")
                .body(Map.of("name", "eve", "password", "eve-password-1", "admin", true)).post("/api/users").then().statusCode(403);
        given().get("/api/users").then().statusCode(401);
    }

    @Test
    void anAdminAddsResetsAndRemovesAUser() throws Exception {
        given().auth().preemptive().basic("root", GatewayWorld.ROOT_PASSWORD).contentType("application/json")
                .body(Map.of("name", "carol", "password", "carol-password-1")).post("/api/users")
                .then().statusCode(201).body("name", equalTo("carol"));
        given().auth().preemptive().basic("root", GatewayWorld.ROOT_PASSWORD).get("/api/users")
                .then().statusCode(200).body("name", hasItem("carol")).body("find { it.name == 'root' }.admin", equalTo(true));
        awaitSignIn("carol", "carol-password-1", 200);

        given().auth().preemptive().basic("root", GatewayWorld.ROOT_PASSWORD).contentType("application/json")
                .body(Map.of("password", "carol-password-2")).put("/api/users/carol/password").then().statusCode(204);
        awaitSignIn("carol", "carol-password-1", 401);
        awaitSignIn("carol", "carol-password-2", 200);

        given().auth().preemptive().basic("root", GatewayWorld.ROOT_PASSWORD).delete("/api/users/carol").then().statusCode(200);
        awaitSignIn("carol", "carol-password-2", 401);
        given().auth().preemptive().basic("root", GatewayWorld.ROOT_PASSWORD).get("/api/users")
                .then().body("name", not(hasItem("carol")));
    }

    @Test
    void badRequestsAreRefusedWithTheReason() {
        given().auth().preemptive().basic("root", GatewayWorld.ROOT_PASSWORD).contentType("application/json")
                .body(Map.of("name", "api", "password", "long-enough-1")).post("/api/users")
                .then().statusCode(400).body("message", containsString("Refused"));
        given().auth().preemptive().basic("root", GatewayWorld.ROOT_PASSWORD).contentType("application/json")
                .body(Map.of("name", "dave", "password", "short")).post("/api/users")
                .then().statusCode(400).body("message", containsString("8 characters"));
        given().auth().preemptive().basic("root", GatewayWorld.ROOT_PASSWORD).contentType("application/json")
                .body(Map.of("name", "alice", "password", "long-enough-1")).post("/api/users").then().statusCode(409);
        given().auth().preemptive().basic("root", GatewayWorld.ROOT_PASSWORD).delete("/api/users/root")
                .then().statusCode(400).body("message", containsString("yourself"));
        given().auth().preemptive().basic("root", GatewayWorld.ROOT_PASSWORD).delete("/api/users/nobody").then().statusCode(404);
    }

    private static void awaitSignIn(String user, String password, int expected) throws InterruptedException {
        int status = 0;
        for (int i = 0; i < 40 && status != expected; i++) {
            Thread.sleep(100);
            status = given().auth().preemptive().basic(user, password).get("/auth/me").statusCode();
        }
        org.junit.jupiter.api.Assertions.assertEquals(expected, status, user + " signing in");
    }
}
