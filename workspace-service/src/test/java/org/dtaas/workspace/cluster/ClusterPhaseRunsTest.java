package org.dtaas.workspace.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.workspace.contract.PhaseRunsContract;
import org.dtaas.workspace.run.kubernetes.KubernetesRunsTest;

/**
 * The runner contract with runs as Jobs on a real API server, the service as its own ServiceAccount: the
 * Job controller makes the pod, the scheduler binds it to kwok's node, which runs it. The test plays only
 * the container: what the program prints (the node's log) and how it exits (an annotation kwok's stages
 * turn into the pod's terminated state, k8s/test-cluster/kwok.yaml); the Job's end comes from its controller.
 */
@QuarkusTest
@TestProfile(KubernetesRunsTest.JobRunner.class)
@QuarkusTestResource(value = OnTestCluster.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(TestPlatformHome.class)
class ClusterPhaseRunsTest extends PhaseRunsContract {

    @Override
    protected void drive(String id, String phase) throws Exception {
        boolean succeeds = "execute".equals(phase);
        TestCluster cluster = TestCluster.get();
        String job = "dtaas-run-" + id;
        Pod[] pod = new Pod[1];
        ClusterWorkspaceSpawningTest.awaitTrue("the pod of job " + job + " running", () -> {
            List<Pod> pods = cluster.admin().pods().inNamespace(TestCluster.WORKSPACES).withLabel("job-name", job).list().getItems();
            pod[0] = pods.stream().filter(p -> "Running".equals(p.getStatus().getPhase())).findFirst().orElse(null);
            return pod[0] != null;
        });
        cluster.podOutput(succeeds ? OUTPUT + "\n" : "failing\n");
        cluster.kubectl("annotate", "-n", TestCluster.WORKSPACES, "pod", pod[0].getMetadata().getName(),
                "dtaas.test/exit-code=" + (succeeds ? 0 : 3));
    }
}
