package org.dtaas.workspace.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.workspace.contract.WorkspaceSpawningContract;
import org.dtaas.workspace.workspaces.kubernetes.KubernetesWorkspacesTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The spawner contract against the Kubernetes backend on a real API server ({@link TestCluster}), the
 * service authenticated as its own ServiceAccount: the Deployment's controllers, the scheduler and kwok's
 * node make the workspace ready; nothing is played by the test but the home volume's provisioner.
 */
@QuarkusTest
@TestProfile(KubernetesWorkspacesTest.KubernetesBackend.class)
@QuarkusTestResource(value = OnTestCluster.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(TestPlatformHome.class)
class ClusterWorkspaceSpawningTest extends WorkspaceSpawningContract {

    @Override
    protected String backend() {
        return "kubernetes";
    }

    @Test
    @Order(6)
    void theClusterHasNothingOfTheStoppedWorkspaceButItsHome() throws Exception {
        KubernetesClient admin = TestCluster.get().admin();
        String ns = TestCluster.WORKSPACES;
        awaitTrue("the workspace's pod and Service deleted", () ->
                admin.pods().inNamespace(ns).withLabel("dtaas.io/user", USER).list().getItems().isEmpty()
                        && admin.services().inNamespace(ns).withLabel("dtaas.io/user", USER).list().getItems().isEmpty());
        assertEquals(null, admin.apps().deployments().inNamespace(ns).withName("workspace-" + USER).get());
        var home = admin.persistentVolumeClaims().inNamespace(ns).withName("dtaas-home-" + USER).get();
        assertNotNull(home, "the home claim is kept");
        assertEquals("Bound", home.getStatus().getPhase());
    }

    /** What ran while it was up: one pod, scheduled on the node, with the user's files mounted. */
    static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what + " within 60 s");
            Thread.sleep(200);
        }
    }

    static List<Pod> podsOf(String user) {
        return TestCluster.get().admin().pods().inNamespace(TestCluster.WORKSPACES).withLabel("dtaas.io/user", user).list().getItems();
    }
}
