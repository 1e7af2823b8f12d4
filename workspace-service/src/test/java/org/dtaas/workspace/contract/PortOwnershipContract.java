package org.dtaas.workspace.contract;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.identity.testing.TestTokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What every backend says about ports (publishing a twin's server): a port counts as the user's only
 * while their own workload serves it, for them and nobody else, and a publication whose server is gone
 * leaves the gateway's routes. Publishing needs a running workspace: both users' are started first. A
 * subclass says how a workspace becomes ready there and how a workload of {@link #USER} serves a port.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class PortOwnershipContract {

    public static final String USER = "dora";
    public static final String OTHER = "mallory";
    public static final int PORT = 8050;

    @BeforeAll
    static void libraries() throws Exception {
        Files.createDirectories(TestPlatformHome.files().resolve(USER));
        Files.createDirectories(TestPlatformHome.files().resolve(OTHER));
    }

    /** Whatever must happen outside the service for {@code user}'s started workspace to be ready. */
    protected void becomeReady(String user) throws Exception {
    }

    /** Something of {@link #USER}'s serves {@link #PORT} (a run's server, a pod). */
    protected abstract void serve() throws Exception;

    /** It ends. */
    protected abstract void stopServing() throws Exception;

    @Test
    @Order(0)
    void bothWorkspacesRun() throws Exception {
        for (String user : new String[] {USER, OTHER}) {
            given().header("Authorization", TestTokens.bearer(user)).post("/api/workspaces/" + user + "/start").then().statusCode(200);
            becomeReady(user);
        }
        for (String user : new String[] {USER, OTHER}) {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            String state;
            do {
                state = WorkspaceSpawningContract.statusOf(user).getString("state");
                Thread.sleep("running".equals(state) ? 0 : 100);
            } while (!"running".equals(state) && System.nanoTime() < deadline);
            assertEquals("running", state, user + "'s workspace");
        }
    }

    @Test
    @Order(1)
    void aPortTheUsersWorkloadServesIsTheirsToPublish() throws Exception {
        serve();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        int status;
        do {
            status = publish(USER, USER + "-board");
            Thread.sleep(status == 201 ? 0 : 100);
        } while (status != 201 && System.nanoTime() < deadline);
        assertEquals(201, status, "the user's own server");
        awaitShared(true);
    }

    @Test
    @Order(2)
    protected void nobodyElseCanPublishIt() {
        assertEquals(400, publish(OTHER, OTHER + "-board"), "a port only " + USER + "'s workload serves");
        given().header("Authorization", TestTokens.bearer(OTHER)).contentType("application/json")
                .body(Map.of("name", OTHER + "-x", "port", PORT, "access", "public"))
                .post("/api/workspaces/" + USER + "/published").then().statusCode(403);
    }

    @Test
    @Order(3)
    void whenTheServerEndsItsPublicationLeavesTheRoutes() throws Exception {
        stopServing();
        awaitShared(false);
        // kept until its owner deletes it, or dropped with the pod that served it: either way it is gone then
        int deleted = given().header("Authorization", TestTokens.bearer(USER))
                .delete("/api/workspaces/" + USER + "/published/" + USER + "-board").statusCode();
        assertTrue(deleted == 204 || deleted == 404, "delete: " + deleted);
        for (String user : new String[] {USER, OTHER}) {
            given().header("Authorization", TestTokens.bearer(user)).post("/api/workspaces/" + user + "/stop").then().statusCode(200);
        }
    }

    private static int publish(String user, String name) {
        return given().header("Authorization", TestTokens.bearer(user)).contentType("application/json")
                .body(Map.of("name", name, "port", PORT, "access", "public"))
                .post("/api/workspaces/" + user + "/published").statusCode();
    }

    /** The gateway's published routes: {@link #USER}'s board there (reachable) or not. */
    private static void awaitShared(boolean present) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        Object board;
        do {
            board = given().header("Authorization", TestTokens.adminBearer("_gateway")).get("/internal/shared")
                    .then().statusCode(200).extract().jsonPath().get("'" + USER + "-board'");
            if ((board != null) == present) {
                return;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        assertTrue(false, USER + "-board " + (present ? "never became" : "stayed") + " a route: " + board);
    }
}
