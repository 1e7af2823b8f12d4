package org.dtaas.workspace.contract;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.util.Map;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.workspace.run.kubernetes.KubernetesRunsTest;
import org.dtaas.workspace.testing.MockApiServer;

/**
 * The runner contract against runs as Kubernetes Jobs on fabric8's mock API server: the cluster's part
 * (the Job's pod ending with the program's exit code and output) is played by the test.
 */
@QuarkusTest
@TestProfile(KubernetesRunsTest.JobRunner.class)
@WithKubernetesTestServer
@QuarkusTestResource(TestPlatformHome.class)
class KubernetesPhaseRunsTest extends PhaseRunsContract {

    private static final String NS = "dtaas-workspaces";

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    KubernetesClient client;

    @Override
    protected void drive(String id, String phase) throws Exception {
        String name = "dtaas-run-" + id;
        Job job = null;
        for (int i = 0; i < 100 && job == null; i++) {
            job = client.batch().v1().jobs().inNamespace(NS).withName(name).get();
            Thread.sleep(job == null ? 100 : 0);
        }
        boolean succeeds = "execute".equals(phase);
        String pod = name + "-c0ntr";
        server.expect().get().withPath("/api/v1/namespaces/" + NS + "/pods/" + pod + "/log?pretty=false&follow=true")
                .andReturn(200, succeeds ? OUTPUT + "\n" : "failing\n").always();
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(pod)
                .withLabels(Map.of("job-name", name)).endMetadata()
                .withNewStatus().withPhase(succeeds ? "Succeeded" : "Failed").addNewContainerStatus().withName("phase")
                .withNewState().withNewTerminated().withExitCode(succeeds ? 0 : 3).endTerminated().endState()
                .endContainerStatus().endStatus().build()).create();
        job.setStatus(succeeds ? new JobStatusBuilder().withSucceeded(1).build() : new JobStatusBuilder().withFailed(1).build());
        Job ended = job;
        MockApiServer.asTheCluster(() -> client.batch().v1().jobs().inNamespace(NS).resource(ended).updateStatus());
    }
}
