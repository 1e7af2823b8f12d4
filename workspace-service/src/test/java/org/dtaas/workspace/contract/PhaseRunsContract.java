package org.dtaas.workspace.contract;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dtaas.identity.testing.TestTokens;
import org.dtaas.workspace.run.TwinFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What every phase runner does (start, follow, end, cancel; one run per twin), checked through the API
 * against each implementation. The twin's programs are the same everywhere: {@code execute} prints
 * {@link #OUTPUT} and succeeds, {@code analyze} fails with exit code 3, {@code clean} runs until
 * cancelled; a subclass says how its world gets a run to its end ({@link #drive}).
 */
public abstract class PhaseRunsContract {

    public static final String USER = "carol";
    public static final String TWIN = "contract-twin";
    public static final String OUTPUT = "the contract's output";

    @BeforeAll
    static void twin() throws Exception {
        TwinFixture.phase(USER, TWIN, "execute", "#!/bin/sh\necho \"" + OUTPUT + "\"\n");
        TwinFixture.phase(USER, TWIN, "analyze", "#!/bin/sh\necho failing\nexit 3\n");
        TwinFixture.phase(USER, TWIN, "clean", "#!/bin/sh\nsleep 600\n");
    }

    /**
     * Whatever must happen outside the service for run {@code id} of {@code phase} to go as its program
     * says (a cluster's pod ending with the exit code and output); locally the program does it itself.
     */
    protected void drive(String id, String phase) throws Exception {
    }

    @Test
    void aSucceedingPhaseEndsSucceededWithItsWholeOutput() throws Exception {
        String id = start("execute", 201);
        drive(id, "execute");
        JsonPath ended = awaitEnd(id);
        assertEquals("succeeded", ended.getString("status"), ended.prettify());
        assertEquals(0, ended.getInt("exitCode"));
        assertTrue(log(id).contains(OUTPUT), log(id));
    }

    @Test
    void aFailingPhaseEndsFailedWithItsExitCode() throws Exception {
        String id = start("analyze", 201);
        drive(id, "analyze");
        JsonPath ended = awaitEnd(id);
        assertEquals("failed", ended.getString("status"), ended.prettify());
        assertEquals(3, ended.getInt("exitCode"));
    }

    @Test
    void oneRunPerTwinAtATimeAndCancelEndsIt() throws Exception {
        String id = start("clean", 201);
        start("execute", 409);
        given().header("Authorization", TestTokens.bearer("mallory")).post("/api/runs/" + id + "/cancel").then().statusCode(403);
        given().header("Authorization", TestTokens.bearer("mallory")).get("/api/runs/" + id + "/log").then().statusCode(403);
        given().header("Authorization", TestTokens.bearer(USER)).post("/api/runs/" + id + "/cancel").then().statusCode(202);
        JsonPath ended = awaitEnd(id);
        assertEquals("cancelled", ended.getString("status"), ended.prettify());
        // the twin is free again
        String next = start("execute", 201);
        drive(next, "execute");
        assertEquals("succeeded", awaitEnd(next).getString("status"));
    }

    @Test
    void anotherUserCannotRunSomeonesTwin() {
        given().header("Authorization", TestTokens.bearer("mallory")).contentType("application/json")
                .body(Map.of("phase", "execute")).post("/api/twins/" + USER + "/" + TWIN + "/runs").then().statusCode(403);
    }

    private static String start(String phase, int expected) {
        var response = given().header("Authorization", TestTokens.bearer(USER)).contentType("application/json")
                .body(Map.of("phase", phase)).post("/api/twins/" + USER + "/" + TWIN + "/runs").then().statusCode(expected);
        return expected == 201 ? response.extract().path("id") : null;
    }

    private static String log(String id) {
        return given().header("Authorization", TestTokens.bearer(USER)).get("/api/runs/" + id + "/log")
                .then().statusCode(200).extract().asString();
    }

    private static JsonPath awaitEnd(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonPath run;
        do {
            run = given().header("Authorization", TestTokens.bearer(USER)).get("/api/runs/" + id).jsonPath();
            if (!List.of("queued", "running").contains(run.getString("status"))) {
                return run;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("run did not end: " + run.prettify());
    }
}
