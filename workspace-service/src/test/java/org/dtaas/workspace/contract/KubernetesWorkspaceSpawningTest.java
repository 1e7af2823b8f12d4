package org.dtaas.workspace.contract;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.workspace.workspaces.kubernetes.KubernetesWorkspacesTest;
import org.dtaas.workspace.testing.MockApiServer;

/**
 * The spawner contract against the Kubernetes backend on fabric8's mock API server, where the cluster's
 * part (the Deployment reported ready) is played by the test.
 */
@QuarkusTest
@TestProfile(KubernetesWorkspacesTest.KubernetesBackend.class)
@WithKubernetesTestServer
@QuarkusTestResource(TestPlatformHome.class)
class KubernetesWorkspaceSpawningTest extends WorkspaceSpawningContract {

    private static final String NS = "dtaas-workspaces";

    @Inject
    KubernetesClient client;

    @Override
    protected String backend() {
        return "kubernetes";
    }

    @Override
    protected void becomeReady() throws Exception {
        reportReady(client, USER);
    }

    /** What the cluster would report once {@code user}'s workspace pod is ready. */
    static void reportReady(KubernetesClient client, String user) throws InterruptedException {
        Deployment deployment = null;
        for (int i = 0; i < 100 && deployment == null; i++) {
            deployment = client.apps().deployments().inNamespace(NS).withName("workspace-" + user).get();
            Thread.sleep(deployment == null ? 100 : 0);
        }
        deployment.setStatus(new DeploymentStatusBuilder().withReplicas(1).withReadyReplicas(1).build());
        Deployment ready = deployment;
        MockApiServer.asTheCluster(() -> client.apps().deployments().inNamespace(NS).resource(ready).updateStatus());
    }
}
