package org.dtaas.workspace.run;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.identity.testing.TestTokens;
import org.dtaas.workspace.cluster.OnTestCluster;
import org.dtaas.workspace.cluster.TestCluster;
import org.dtaas.workspace.config.RunsConfig;
import org.dtaas.workspace.config.WorkspaceConfig;
import org.dtaas.workspace.run.kubernetes.KubernetesJobRunner;
import org.dtaas.workspace.run.kubernetes.KubernetesRunsTest;
import org.junit.jupiter.api.Test;

/**
 * A run's Job outlives the workspace-service: started by the instance before a restart (its own runner,
 * as its ServiceAccount, on the real API server), it is followed again by the next one and ends there
 * with its exit code and the output its pod printed meanwhile.
 */
@QuarkusTest
@TestProfile(KubernetesRunsTest.JobRunner.class)
@QuarkusTestResource(value = OnTestCluster.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(TestPlatformHome.class)
class ClusterRunRestartTest {

    private static final String USER = "carol";
    private static final String TWIN = "restart-twin";

    @Inject
    RunService service;

    @Inject
    RunRepository repository;

    @Inject
    RunLogs logs;

    @Inject
    WorkspaceConfig workspace;

    @Inject
    RunsConfig runs;

    @Test
    void aJobStartedBeforeARestartIsFollowedToItsEndByTheNextInstance() throws Exception {
        Path program = TwinFixture.phase(USER, TWIN, "execute", "#!/bin/sh\necho done\n");
        String id = UUID.randomUUID().toString();
        Run run = new Run(id, USER, USER, TWIN, USER + "/digital twins/" + TWIN, "execute", RunStatus.RUNNING,
                null, null, Instant.now(), Instant.now(), null, null, null);
        TestCluster cluster = TestCluster.get();
        try (KubernetesClient before = cluster.asWorkspaceService()) {
            PhaseExecution execution = new KubernetesJobRunner(before, workspace, runs)
                    .start(run, program, TwinFixture.twinFolder(USER, TWIN), Map.of(), logs.open(id));
            repository.insert(run);
            awaitRunningPod(cluster, id);
            execution.detach(); // the service stops; the Job goes on
            logs.close(id);
        }

        service.resumeOrMarkInterruptedRuns();
        cluster.podOutput("done after the restart\n");
        cluster.kubectl("annotate", "-n", TestCluster.WORKSPACES, "pod", awaitRunningPod(cluster, id).getMetadata().getName(),
                "dtaas.test/exit-code=0");

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonPath ended;
        do {
            ended = given().header("Authorization", TestTokens.bearer(USER)).get("/api/runs/" + id).jsonPath();
            Thread.sleep(100);
        } while ("running".equals(ended.getString("status")) && System.nanoTime() < deadline);
        assertEquals("succeeded", ended.getString("status"), ended.prettify());
        assertEquals(0, ended.getInt("exitCode"));
        String log = given().header("Authorization", TestTokens.bearer(USER)).get("/api/runs/" + id + "/log").then()
                .statusCode(200).extract().asString();
        assertTrue(log.contains("[the workspace-service restarted; following this run again]"), log);
        assertTrue(log.contains("done after the restart"), log);
    }

    private static Pod awaitRunningPod(TestCluster cluster, String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Pod pod = cluster.admin().pods().inNamespace(TestCluster.WORKSPACES).withLabel("job-name", "dtaas-run-" + id)
                    .list().getItems().stream().filter(p -> "Running".equals(p.getStatus().getPhase())).findFirst().orElse(null);
            if (pod != null) {
                return pod;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the pod of run " + id + " never ran");
    }
}
