package org.dtaas.workspace.workspaces.kubernetes;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
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
import org.dtaas.workspace.testing.MockApiServer;

/**
 * The Kubernetes backend against fabric8's mock API server (CRUD mode; no cluster can run here):
 * the exact objects a start creates, state transitions from Deployment and pod changes as a cluster
 * would report them, the gateway's route, and what a stop deletes and keeps.
 */
@QuarkusTest
@TestProfile(KubernetesWorkspacesTest.KubernetesBackend.class)
@WithKubernetesTestServer
@QuarkusTestResource(TestPlatformHome.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class KubernetesWorkspacesTest {

    static final String NS = "dtaas-workspaces";

    public static class KubernetesBackend implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dtaas.workspace.backend", "kubernetes", "dtaas.workspace.kubernetes.storage-class", "microk8s-hostpath");
        }
    }

    @Inject
    KubernetesClient client;

    @BeforeAll
    static void users() throws Exception {
        Files.createDirectories(TestPlatformHome.files().resolve("alice"));
    }

    @Test
    @Order(1)
    void startCreatesADeploymentOnTheUsersFilesAndAServiceWithOneLabelSet() {
        given().header("Authorization", TestTokens.bearer("alice")).post("/api/workspaces/alice/start")
                .then().statusCode(200).body("state", equalTo("starting")).body("backend", equalTo("kubernetes"));

        PersistentVolumeClaim home = client.persistentVolumeClaims().inNamespace(NS).withName("dtaas-home-alice").get();
        assertEquals(new Quantity("5Gi"), home.getSpec().getResources().getRequests().get("storage"));
        assertEquals("microk8s-hostpath", home.getSpec().getStorageClassName());
        assertEquals("alice", home.getMetadata().getLabels().get("dtaas.io/user"));

        Deployment deployment = client.apps().deployments().inNamespace(NS).withName("workspace-alice").get();
        assertEquals(Map.of("app.kubernetes.io/name", "dtaas-workspace", "dtaas.io/user", "alice"), deployment.getMetadata().getLabels());
        assertEquals("Recreate", deployment.getSpec().getStrategy().getType());
        var pod = deployment.getSpec().getTemplate().getSpec();
        assertEquals(false, pod.getAutomountServiceAccountToken(), "a workspace gets no Kubernetes API token");
        var container = pod.getContainers().get(0);
        assertEquals("mltooling/ml-workspace:0.13.2", container.getImage());
        assertEquals("alice", container.getEnv().stream().filter(e -> e.getName().equals("WORKSPACE_BASE_URL")).findFirst()
                .orElseThrow().getValue());
        assertEquals(new Quantity("2"), container.getResources().getLimits().get("cpu"));
        assertEquals(new Quantity("4Gi"), container.getResources().getLimits().get("memory"));
        assertEquals(new Quantity("500m"), container.getResources().getRequests().get("cpu"));
        assertEquals(List.of("/workspace", "/workspace/common", "/root", "/dev/shm"),
                container.getVolumeMounts().stream().map(m -> m.getMountPath()).toList());
        assertEquals(List.of("alice", "common", "", ""), container.getVolumeMounts().stream()
                .map(m -> m.getSubPath() == null ? "" : m.getSubPath()).toList(), "the user's folder and common/ of one claim");
        assertEquals(true, container.getVolumeMounts().get(1).getReadOnly(), "common/ is read-only");
        assertEquals("dtaas-files", pod.getVolumes().get(0).getPersistentVolumeClaim().getClaimName());
        assertEquals("dtaas-home-alice", pod.getVolumes().get(1).getPersistentVolumeClaim().getClaimName());
        assertEquals("Memory", pod.getVolumes().get(2).getEmptyDir().getMedium());
        assertEquals(new Quantity("1Gi"), pod.getVolumes().get(2).getEmptyDir().getSizeLimit());

        Service service = client.services().inNamespace(NS).withName("workspace-alice").get();
        assertEquals(Map.of("app.kubernetes.io/name", "dtaas-workspace", "dtaas.io/user", "alice"), service.getSpec().getSelector());
        assertEquals("Deployment", service.getMetadata().getOwnerReferences().get(0).getKind());
        assertEquals(deployment.getMetadata().getUid(), service.getMetadata().getOwnerReferences().get(0).getUid());
        assertEquals(8080, service.getSpec().getPorts().get(0).getPort());
    }

    @Test
    @Order(2)
    void aReadyDeploymentIsRunningAndGetsItsRoute() throws Exception {
        given().header("Authorization", TestTokens.adminBearer("_gateway")).get("/internal/routes")
                .then().statusCode(200).body("alice", org.hamcrest.Matchers.nullValue());
        Deployment deployment = client.apps().deployments().inNamespace(NS).withName("workspace-alice").get();
        deployment.setStatus(new DeploymentStatusBuilder().withReplicas(1).withReadyReplicas(1).build());
        MockApiServer.asTheCluster(() -> client.apps().deployments().inNamespace(NS).resource(deployment).updateStatus());

        JsonPath status = awaitState("running");
        assertEquals(List.of("lab", "notebook", "vscode", "desktop", "terminal"), status.getList("tools.name"));
        assertEquals(true, status.get("tools.find { it.name == 'lab' }.ready"), "the image has JupyterLab");
        assertTrue(status.getList("events.message", String.class).contains("running"), status.prettify());
        given().header("Authorization", TestTokens.adminBearer("_gateway")).get("/internal/routes").then().statusCode(200)
                .body("alice[0].prefix", equalTo("/alice/"))
                .body("alice[0].url", equalTo("http://workspace-alice.dtaas-workspaces.svc:8080/alice/"));
    }

    @Test
    @Order(3)
    void aPortOfTheUsersPodIsPublishedAtThePodsAddress() throws Exception {
        Pod running = new PodBuilder().withNewMetadata().withName("workspace-alice-run").withNamespace(NS)
                .withLabels(WorkspaceObjects.labels("alice")).endMetadata()
                .withNewStatus().withPhase("Running").withPodIP("10.1.2.3").endStatus().build();
        client.pods().inNamespace(NS).resource(running).create();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int status = 0;
        while (status != 201 && System.nanoTime() < deadline) {
            status = given().header("Authorization", TestTokens.bearer("alice")).contentType("application/json")
                    .body(Map.of("name", "alice-dash", "port", 8050, "access", "public")).post("/api/workspaces/alice/published")
                    .statusCode();
            Thread.sleep(100);
        }
        assertEquals(201, status);
        given().header("Authorization", TestTokens.adminBearer("_gateway")).get("/internal/shared").then().statusCode(200)
                .body("'alice-dash'.url", equalTo("http://10.1.2.3:8050/"))
                .body("'alice-dash'.tokenHash", org.hamcrest.Matchers.nullValue());
        client.pods().inNamespace(NS).withName("workspace-alice-run").delete();
    }

    @Test
    @Order(4)
    void aCrashLoopingPodFailsTheWorkspaceWithTheReason() throws Exception {
        Pod crashing = new PodBuilder().withNewMetadata().withName("workspace-alice-abc").withNamespace(NS)
                .withLabels(WorkspaceObjects.labels("alice")).endMetadata()
                .withNewStatus().addNewContainerStatus().withName("workspace").withRestartCount(3)
                .withNewState().withNewWaiting().withReason("CrashLoopBackOff").withMessage("back-off 40s restarting")
                .endWaiting().endState().endContainerStatus().endStatus().build();
        client.pods().inNamespace(NS).resource(crashing).create();
        try {
            JsonPath status = awaitState("failed");
            assertEquals("CrashLoopBackOff: back-off 40s restarting", status.getString("reason"));
            // the informer's cache (the status) is updated before its handler records the events
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!restartSeen(status) && System.nanoTime() < deadline) {
                Thread.sleep(100);
                status = given().header("Authorization", TestTokens.bearer("alice")).get("/api/workspaces/alice").jsonPath();
            }
            assertTrue(restartSeen(status), status.prettify());
        } finally {
            client.pods().inNamespace(NS).withName("workspace-alice-abc").delete();
        }
    }

    private static boolean restartSeen(JsonPath status) {
        return status.getList("events.message", String.class).stream().anyMatch(m -> m.contains("restarted (3 times)"));
    }

    @Test
    @Order(5)
    void stopDeletesTheDeploymentAndServiceButKeepsTheHome() throws Exception {
        given().header("Authorization", TestTokens.bearer("bob")).post("/api/workspaces/alice/stop").then().statusCode(403);
        given().header("Authorization", TestTokens.bearer("alice")).post("/api/workspaces/alice/stop").then().statusCode(200);
        awaitState("stopped");
        assertNull(client.apps().deployments().inNamespace(NS).withName("workspace-alice").get());
        assertNull(client.services().inNamespace(NS).withName("workspace-alice").get());
        assertNotNull(client.persistentVolumeClaims().inNamespace(NS).withName("dtaas-home-alice").get(), "the home stays");
        given().header("Authorization", TestTokens.adminBearer("_gateway")).get("/internal/routes")
                .then().body("alice", org.hamcrest.Matchers.nullValue());
        given().header("Authorization", TestTokens.adminBearer("_gateway")).get("/internal/shared")
                .then().body("'alice-dash'", org.hamcrest.Matchers.nullValue()); // a stopped workspace publishes nothing
    }

    private static JsonPath awaitState(String state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonPath status;
        do {
            status = given().header("Authorization", TestTokens.bearer("alice")).get("/api/workspaces/alice").jsonPath();
            if (state.equals(status.getString("state"))) {
                return status;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("workspace not " + state + ": " + status.prettify());
    }
}
