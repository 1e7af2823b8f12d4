package org.dtaas.workspace.run.kubernetes;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.identity.testing.TestTokens;
import org.dtaas.workspace.run.TwinFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.dtaas.workspace.testing.MockApiServer;

/**
 * Runs as Kubernetes Jobs, against fabric8's mock API server: the Job and Secret a run creates, the
 * pod's log followed into the run's log, success and exit code from the Job and pod, cancel deleting the Job.
 */
@QuarkusTest
@TestProfile(KubernetesRunsTest.JobRunner.class)
@WithKubernetesTestServer
@QuarkusTestResource(TestPlatformHome.class)
public class KubernetesRunsTest {

    static final String NS = "dtaas-workspaces";

    public static class JobRunner implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dtaas.runs.backend", "kubernetes");
        }
    }

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    KubernetesClient client;

    @BeforeAll
    static void twins() throws Exception {
        TwinFixture.phase("alice", "pod-twin", "execute", "#!/bin/sh\necho hello\n");
        TwinFixture.phase("alice", "pod-twin", "clean", "#!/bin/sh\nsleep 600\n");
    }

    @Test
    void aRunIsAJobInTheUsersContextAndEndsWithItsPod() throws Exception {
        String id = start("execute");
        String name = "dtaas-run-" + id;
        Job job = client.batch().v1().jobs().inNamespace(NS).withName(name).get();
        assertEquals(Map.of("app.kubernetes.io/name", "dtaas-run", "dtaas.io/user", "alice", "dtaas.io/run", id),
                job.getMetadata().getLabels());
        assertEquals(0, job.getSpec().getBackoffLimit(), "a failed phase is not retried");
        assertEquals(3600L, job.getSpec().getActiveDeadlineSeconds(), "the run timeout");
        var pod = job.getSpec().getTemplate().getSpec();
        assertEquals("Never", pod.getRestartPolicy());
        assertEquals(false, pod.getAutomountServiceAccountToken());
        var container = pod.getContainers().get(0);
        assertEquals(List.of("/workspace/digital twins/pod-twin/lifecycle/execute"), container.getCommand());
        assertEquals("/workspace/digital twins/pod-twin", container.getWorkingDir());
        assertEquals(List.of("alice", "common"), container.getVolumeMounts().stream().map(m -> m.getSubPath()).toList());
        assertEquals(true, container.getVolumeMounts().get(1).getReadOnly());
        assertEquals(name, container.getEnvFrom().get(0).getSecretRef().getName());

        Secret secret = client.secrets().inNamespace(NS).withName(name).get();
        Map<String, String> variables = secret.getStringData() != null ? secret.getStringData() : decoded(secret.getData());
        assertEquals("/workspace", variables.get("WORKSPACE"));
        assertEquals("alice", variables.get("DTAAS_USER"));
        assertEquals("execute", variables.get("DTAAS_PHASE"));
        assertFalse(variables.containsKey("PATH"), "the host's PATH means nothing in the image");
        assertEquals(job.getMetadata().getUid(), secret.getMetadata().getOwnerReferences().get(0).getUid(),
                "the credentials go with the Job");

        String podName = name + "-x7k2p";
        server.expect().get().withPath("/api/v1/namespaces/" + NS + "/pods/" + podName + "/log?pretty=false&follow=true")
                .andReturn(200, "hello from the pod\n").always();
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(podName)
                .withLabels(Map.of("job-name", name)).endMetadata()
                .withNewStatus().withPhase("Succeeded").addNewContainerStatus().withName("phase")
                .withNewState().withNewTerminated().withExitCode(0).endTerminated().endState().endContainerStatus()
                .endStatus().build()).create();
        job.setStatus(new JobStatusBuilder().withSucceeded(1).build());
        MockApiServer.asTheCluster(() -> client.batch().v1().jobs().inNamespace(NS).resource(job).updateStatus());

        JsonPath ended = awaitEnd(id);
        assertEquals("succeeded", ended.getString("status"), ended.prettify());
        assertEquals(0, ended.getInt("exitCode"));
        String log = given().header("Authorization", TestTokens.bearer("alice")).get("/api/runs/" + id + "/log")
                .then().statusCode(200).extract().asString();
        assertTrue(log.contains("hello from the pod"), log);
    }

    @Test
    void cancelDeletesTheJob() throws Exception {
        String id = start("clean");
        given().header("Authorization", TestTokens.bearer("alice")).post("/api/runs/" + id + "/cancel").then().statusCode(202);
        JsonPath ended = awaitEnd(id);
        assertEquals("cancelled", ended.getString("status"));
        assertNull(client.batch().v1().jobs().inNamespace(NS).withName("dtaas-run-" + id).get());
    }

    private static String start(String phase) {
        return given().header("Authorization", TestTokens.bearer("alice")).contentType("application/json")
                .body(Map.of("phase", phase)).post("/api/twins/alice/pod-twin/runs")
                .then().statusCode(201).body("status", equalTo("running")).extract().path("id");
    }

    private static JsonPath awaitEnd(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonPath run;
        do {
            run = given().header("Authorization", TestTokens.bearer("alice")).get("/api/runs/" + id).jsonPath();
            if (!List.of("queued", "running").contains(run.getString("status"))) {
                return run;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("run did not end: " + run.prettify());
    }

    private static Map<String, String> decoded(Map<String, String> data) {
        Map<String, String> plain = new java.util.HashMap<>();
        data.forEach((k, v) -> plain.put(k, new String(java.util.Base64.getDecoder().decode(v))));
        return plain;
    }
}
