package org.dtaas.workspace.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.workspace.config.RunsConfig;
import org.dtaas.workspace.config.WorkspaceConfig;
import org.dtaas.workspace.run.kubernetes.KubernetesRunsTest;
import org.dtaas.workspace.twin.TwinCatalog;
import org.junit.jupiter.api.Test;
import org.dtaas.workspace.testing.MockApiServer;

/**
 * A run is a Job that goes on while the workspace-service restarts (an upgrade, a moved pod): the
 * next start follows it again — its log from where it stopped, its end and exit code — instead of
 * calling it interrupted. Simulated with a second RunService over what a previous one left behind.
 */
@QuarkusTest
@TestProfile(KubernetesRunsTest.JobRunner.class)
@WithKubernetesTestServer
@QuarkusTestResource(TestPlatformHome.class)
class RunsAfterRestartTest {

    static final String NS = "dtaas-workspaces";

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    KubernetesClient client;
    @Inject
    RunRepository runs;
    @Inject
    RunLogs logs;
    @Inject
    TwinCatalog catalog;
    @Inject
    RunsConfig config;
    @Inject
    WorkspaceConfig workspace;
    @Inject
    Instance<PhaseRunner> runners;

    @Inject
    TwinLocks locks;
    @Inject
    org.dtaas.workspace.run.provenance.RunProvenance provenance;

    @Test
    void aJobThatWentOnIsFollowedAgainToItsEnd() throws Exception {
        Run left = leftRunning();
        Job job = client.batch().v1().jobs().inNamespace(NS).resource(new JobBuilder().withNewMetadata()
                .withName("dtaas-run-" + left.id()).endMetadata().withNewSpec().endSpec().build()).create();
        Path log = Path.of(config.logsPath(), left.id() + ".log");
        Files.createDirectories(log.getParent());
        Files.writeString(log, "before the restart\n");
        Instant lastWritten = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
        Files.setLastModifiedTime(log, FileTime.from(lastWritten));
        String pod = "dtaas-run-" + left.id() + "-q8w2z";
        server.expect().get().withPath("/api/v1/namespaces/" + NS + "/pods/" + pod + "/log?pretty=false&sinceTime="
                + lastWritten + "&follow=true").andReturn(200, "after the restart\n").always();

        restart();
        assertEquals(RunStatus.RUNNING, runs.find(left.id()).orElseThrow().status(), "still going");

        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(pod)
                .withLabels(Map.of("job-name", "dtaas-run-" + left.id())).endMetadata()
                .withNewStatus().withPhase("Succeeded").addNewContainerStatus().withName("phase")
                .withNewState().withNewTerminated().withExitCode(0).endTerminated().endState().endContainerStatus()
                .endStatus().build()).create();
        job.setStatus(new JobStatusBuilder().withSucceeded(1).build());
        MockApiServer.asTheCluster(() -> client.batch().v1().jobs().inNamespace(NS).resource(job).updateStatus());

        Run ended = RunAwait.awaitEnd(runs, left.id());
        assertEquals(RunStatus.SUCCEEDED, ended.status());
        assertEquals(0, ended.exitCode());
        String text = Files.readString(log);
        assertTrue(text.startsWith("before the restart\n"), text);
        assertTrue(text.contains("[the workspace-service restarted; following this run again]"), text);
        assertTrue(text.endsWith("after the restart\n"), "only the output since the log was last written: " + text);
    }

    @Test
    void aRunWhoseJobIsGoneIsMarkedInterrupted() throws Exception {
        Run left = leftRunning();
        restart();
        Run ended = runs.find(left.id()).orElseThrow();
        assertEquals(RunStatus.FAILED, ended.status());
        assertTrue(ended.reason().startsWith("interrupted"), ended.reason());
    }

    /** What a service that stopped mid-run leaves: the run recorded as running. */
    private Run leftRunning() {
        Instant started = Instant.now().minusSeconds(60);
        Run run = new Run(UUID.randomUUID().toString(), "alice", "alice", "pod-twin", "alice/digital twins/pod-twin",
                "execute", RunStatus.RUNNING, null, null, started, started, null, null, null);
        runs.insert(run);
        return run;
    }

    private void restart() {
        new RunService(runs, logs, catalog, config, workspace, runners, locks, provenance).resumeOrMarkInterruptedRuns();
    }
}
