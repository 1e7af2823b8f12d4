package org.dtaas.workspace.run;

import org.dtaas.workspace.process.ProcessGroups;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.identity.testing.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * What a start does with runs that were going when the service stopped: the database says
 * "running", the process group is still alive, nobody reads its output any more.
 */
@QuarkusTest
@QuarkusTestResource(TestPlatformHome.class)
class RestartRecoveryTest {

    @Inject
    RunService service;

    @Inject
    RunRepository repository;

    @Inject
    RunLogs logs;

    @Test
    void runsLeftRunningAreMarkedInterruptedAndTheirProcessesStopped() throws Exception {
        java.util.List<String> sleep = new java.util.ArrayList<>(ProcessGroups.command(java.nio.file.Path.of("/bin/sleep")));
        sleep.add("300");
        Process orphan = new ProcessBuilder(sleep).start();
        ProcessHandle handle = orphan.toHandle();
        String id = UUID.randomUUID().toString();
        Run running = new Run(id, "alice", "alice", "ghost", "alice/digital twins/ghost", "execute", RunStatus.RUNNING,
                null, null, Instant.now(), Instant.now(), null, handle.pid(), ProcessGroups.startMillis(handle));
        repository.insert(running);
        logs.open(id).append("output before the restart\n");
        logs.close(id);

        service.resumeOrMarkInterruptedRuns();

        Run after = repository.find(id).orElseThrow();
        assertEquals(RunStatus.FAILED, after.status());
        assertTrue(after.reason().startsWith("interrupted"), after.reason());
        assertTrue(orphan.waitFor(10, TimeUnit.SECONDS), "the leftover process was not stopped");
        assertFalse(handle.isAlive());
        String log = given().header("Authorization", TestTokens.bearer("alice")).get("/api/runs/" + id + "/log")
                .then().statusCode(200).extract().asString();
        assertTrue(log.startsWith("output before the restart\n"), log);
        assertTrue(log.contains("[interrupted"), log);
    }
}
