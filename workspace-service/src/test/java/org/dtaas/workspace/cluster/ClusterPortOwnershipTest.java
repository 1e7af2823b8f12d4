package org.dtaas.workspace.cluster;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.identity.testing.TestTokens;
import org.dtaas.workspace.contract.PortOwnershipContract;
import org.dtaas.workspace.workspaces.kubernetes.KubernetesWorkspacesTest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The port contract on a real API server: the user's workload is their workspace's pod, which kwok's
 * node runs with an address of the pod network; it ends when the workspace stops (its pod deleted).
 * Every port of a user's own pod is theirs there, so the other user, whose workspace runs too, may
 * publish the same number: of their own pod, never of {@link #USER}'s.
 */
@QuarkusTest
@TestProfile(KubernetesWorkspacesTest.KubernetesBackend.class)
@QuarkusTestResource(value = OnTestCluster.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(TestPlatformHome.class)
class ClusterPortOwnershipTest extends PortOwnershipContract {

    @Override
    protected void serve() throws Exception {
        ClusterWorkspaceSpawningTest.awaitTrue(USER + "'s pod running with an address", () ->
                ClusterWorkspaceSpawningTest.podsOf(USER).stream().anyMatch(p -> "Running".equals(p.getStatus().getPhase())
                        && p.getStatus().getPodIP() != null));
    }

    @Override
    @Test
    @Order(2)
    protected void nobodyElseCanPublishIt() {
        given().header("Authorization", TestTokens.bearer(OTHER)).contentType("application/json")
                .body(Map.of("name", OTHER + "-x", "port", PORT, "access", "public"))
                .post("/api/workspaces/" + USER + "/published").then().statusCode(403);
        given().header("Authorization", TestTokens.bearer(OTHER)).contentType("application/json")
                .body(Map.of("name", OTHER + "-board", "port", PORT, "access", "public"))
                .post("/api/workspaces/" + OTHER + "/published").then().statusCode(201);
        Map<String, Map<String, Object>> shared = given().header("Authorization", TestTokens.adminBearer("_gateway"))
                .get("/internal/shared").then().statusCode(200).extract().jsonPath().getMap("");
        assertEquals("http://" + podIp(OTHER) + ":" + PORT + "/", shared.get(OTHER + "-board").get("url"), shared.toString());
        assertEquals("http://" + podIp(USER) + ":" + PORT + "/", shared.get(USER + "-board").get("url"), shared.toString());
        given().header("Authorization", TestTokens.bearer(OTHER)).delete("/api/workspaces/" + OTHER + "/published/" + OTHER + "-board")
                .then().statusCode(204);
    }

    private static String podIp(String user) {
        return ClusterWorkspaceSpawningTest.podsOf(user).stream().filter(p -> "Running".equals(p.getStatus().getPhase()))
                .findFirst().orElseThrow().getStatus().getPodIP();
    }

    @Override
    protected void stopServing() throws Exception {
        given().header("Authorization", TestTokens.bearer(USER)).post("/api/workspaces/" + USER + "/stop").then().statusCode(200);
        ClusterWorkspaceSpawningTest.awaitTrue(USER + "'s pod gone", () -> ClusterWorkspaceSpawningTest.podsOf(USER).isEmpty());
    }
}
