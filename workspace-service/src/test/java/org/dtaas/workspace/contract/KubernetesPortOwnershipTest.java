package org.dtaas.workspace.contract;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.util.Map;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.workspace.workspaces.kubernetes.KubernetesWorkspacesTest;

/** The port contract on Kubernetes (fabric8's mock API server): the server is the user's running pod. */
@QuarkusTest
@TestProfile(KubernetesWorkspacesTest.KubernetesBackend.class)
@WithKubernetesTestServer
@QuarkusTestResource(TestPlatformHome.class)
class KubernetesPortOwnershipTest extends PortOwnershipContract {

    private static final String NS = "dtaas-workspaces";
    private static final String POD = "workspace-" + USER + "-contract";

    @Inject
    KubernetesClient client;

    @Override
    protected void becomeReady(String user) throws Exception {
        KubernetesWorkspaceSpawningTest.reportReady(client, user);
    }

    @Override
    protected void serve() {
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(POD).withNamespace(NS)
                .withLabels(Map.of("app.kubernetes.io/name", "dtaas-workspace", "dtaas.io/user", USER)).endMetadata()
                .withNewStatus().withPhase("Running").withPodIP("10.1.2.4").endStatus().build()).create();
    }

    @Override
    protected void stopServing() {
        client.pods().inNamespace(NS).withName(POD).delete();
    }
}
