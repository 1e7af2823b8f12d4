package org.dtaas.workspace.contract;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.identity.testing.TestTokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What every workspace backend does (JupyterHub's spawner contract: start, poll, stop, state), checked
 * through the API against each implementation: a subclass per backend says only how its world makes a
 * started workspace ready. The user {@link #USER} has a library folder.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class WorkspaceSpawningContract {

    public static final String USER = "carol";

    @BeforeAll
    static void library() throws Exception {
        Files.createDirectories(TestPlatformHome.files().resolve(USER).resolve("data"));
    }

    /** The backend's name in the status ({@code local}, {@code kubernetes}). */
    protected abstract String backend();

    /** Whatever must happen outside the service for a started workspace to be ready (a cluster's report). */
    protected void becomeReady() throws Exception {
    }

    @Test
    @Order(1)
    void aNeverStartedWorkspaceIsStoppedAndShowsWhereItsToolsWillBe() {
        JsonPath status = statusOf(USER);
        assertEquals("stopped", status.getString("state"), status.prettify());
        assertEquals(backend(), status.getString("backend"));
        assertNull(status.get("startedAt"));
        List<String> paths = status.getList("tools.path", String.class);
        assertFalse(paths.isEmpty(), status.prettify());
        assertTrue(paths.stream().allMatch(p -> p.startsWith("/" + USER + "/")), paths.toString());
        assertNotNull(status.getString("limits.mechanism"), status.prettify());
        assertNotNull(status.getString("disk.mechanism"), status.prettify());
        assertNotNull(status.getString("network"), status.prettify());
    }

    @Test
    @Order(2)
    void onlyTheOwnerAndAdminsSeeStartOrStopIt() {
        given().header("Authorization", TestTokens.bearer("mallory")).get("/api/workspaces/" + USER).then().statusCode(403);
        given().header("Authorization", TestTokens.bearer("mallory")).post("/api/workspaces/" + USER + "/start").then().statusCode(403);
        given().header("Authorization", TestTokens.bearer("mallory")).post("/api/workspaces/" + USER + "/stop").then().statusCode(403);
        given().post("/api/workspaces/" + USER + "/start").then().statusCode(401);
        given().header("Authorization", TestTokens.adminBearer("root")).get("/api/workspaces/" + USER).then().statusCode(200);
    }

    @Test
    @Order(3)
    void aStartedWorkspaceBecomesRunningWithItsRoutes() throws Exception {
        String state = given().header("Authorization", TestTokens.bearer(USER)).post("/api/workspaces/" + USER + "/start")
                .then().statusCode(200).extract().path("state");
        assertTrue(List.of("starting", "running").contains(state), state);
        becomeReady();
        JsonPath running = awaitState("running");
        assertNotNull(running.getString("startedAt"));
        assertTrue(running.getList("events.message", String.class).stream().anyMatch(m -> m.contains("running")), running.prettify());
        awaitRoutes(true);
        List<String> active = given().header("Authorization", TestTokens.adminBearer("root")).get("/api/workspaces")
                .then().statusCode(200).extract().jsonPath().getList("user", String.class);
        assertTrue(active.contains(USER), active.toString());
    }

    @Test
    @Order(4)
    void startingARunningWorkspaceKeepsIt() {
        String since = statusOf(USER).getString("startedAt");
        JsonPath again = given().header("Authorization", TestTokens.bearer(USER)).post("/api/workspaces/" + USER + "/start")
                .then().statusCode(200).extract().jsonPath();
        assertEquals("running", again.getString("state"));
        assertEquals(since, again.getString("startedAt"), "the same workspace, not a second one");
    }

    @Test
    @Order(5)
    void aStoppedWorkspaceLosesItsRoutesAndLeavesTheList() throws Exception {
        String state = given().header("Authorization", TestTokens.bearer(USER)).post("/api/workspaces/" + USER + "/stop")
                .then().statusCode(200).extract().path("state");
        assertTrue(List.of("stopping", "stopped").contains(state), state);
        awaitState("stopped");
        awaitRoutes(false);
        List<String> active = given().header("Authorization", TestTokens.adminBearer("root")).get("/api/workspaces")
                .then().statusCode(200).extract().jsonPath().getList("user", String.class);
        assertFalse(active.contains(USER), active.toString());
    }

    protected static JsonPath statusOf(String user) {
        return given().header("Authorization", TestTokens.bearer(user)).get("/api/workspaces/" + user)
                .then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath awaitState(String state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonPath status;
        do {
            status = statusOf(USER);
            if (state.equals(status.getString("state"))) {
                return status;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("workspace not " + state + ": " + status.prettify());
    }

    /** The gateway's routes for {@link #USER}: present (under /<user>/) or gone. */
    private static void awaitRoutes(boolean present) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Map<String, Object> routes;
        do {
            routes = given().header("Authorization", TestTokens.adminBearer("_gateway")).get("/internal/routes")
                    .then().statusCode(200).extract().jsonPath().getMap("");
            List<?> mine = (List<?>) routes.get(USER);
            boolean there = mine != null && !mine.isEmpty()
                    && mine.stream().allMatch(r -> String.valueOf(((Map<?, ?>) r).get("prefix")).startsWith("/" + USER + "/"));
            if (there == present) {
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError((present ? "no routes for " : "routes left for ") + USER + ": " + routes);
    }
}
