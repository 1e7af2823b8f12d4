package org.dtaas.workspace.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * DTaaS's manifests against a real API server: every overlay passes the server's validation and
 * admission (a server-side dry run), the microk8s overlay applied for real gets its Deployments
 * scheduled and available and its claims bound, and the workspace-service's ServiceAccount can do what
 * the service does in the workspaces' namespace and nothing more (RBAC enforced by the server).
 */
class ManifestsOnClusterTest {

    private static TestCluster cluster;
    private static KubernetesClient service;

    @BeforeAll
    static void cluster() {
        cluster = TestCluster.get();
        service = cluster.asWorkspaceService();
    }

    @AfterAll
    static void close() {
        service.close();
    }

    @Test
    void everyOverlayPassesTheServersValidationAndAdmission() {
        List<String> overlays = Manifests.overlays();
        assertTrue(overlays.contains("microk8s"), overlays.toString());
        for (String overlay : overlays) {
            String output = cluster.kubectl("apply", "--dry-run=server", "-k", Manifests.withExampleSecrets(overlay).toString());
            assertTrue(output.contains("deployment.apps/workspace") && output.contains("role.rbac.authorization.k8s.io/workspace-service"),
                    overlay + ": " + output);
        }
        String base = cluster.kubectl("apply", "--dry-run=server", "-k", Manifests.K8S.resolve("base").toString());
        assertTrue(base.contains("networkpolicy.networking.k8s.io"), base);
    }

    @Test
    void theAppliedPlatformIsScheduledAvailableAndBound() {
        var deployments = cluster.admin().apps().deployments().inNamespace(TestCluster.PLATFORM).list().getItems();
        assertTrue(deployments.size() >= 4, deployments.toString());
        for (var deployment : deployments) {
            assertEquals(deployment.getSpec().getReplicas(), deployment.getStatus().getAvailableReplicas(),
                    deployment.getMetadata().getName() + " available");
        }
        var pods = cluster.admin().pods().inNamespace(TestCluster.PLATFORM).list().getItems();
        assertTrue(pods.stream().allMatch(p -> "kwok-node".equals(p.getSpec().getNodeName())), "every pod bound to the node: "
                + pods.stream().map(p -> p.getMetadata().getName() + " " + p.getStatus().getPhase() + " on "
                        + p.getSpec().getNodeName() + " " + p.getStatus().getConditions()).toList());
        List<PersistentVolumeClaim> claims = new java.util.ArrayList<>(
                cluster.admin().persistentVolumeClaims().inNamespace(TestCluster.PLATFORM).list().getItems());
        claims.add(cluster.admin().persistentVolumeClaims().inNamespace(TestCluster.WORKSPACES).withName("dtaas-files").get());
        for (PersistentVolumeClaim claim : claims) {
            assertEquals("Bound", claim.getStatus().getPhase(), claim.getMetadata().getName());
        }
    }

    @Test
    void theWorkspaceServiceMayDoWhatTheServiceDoes() {
        String ns = TestCluster.WORKSPACES;
        Map<String, String> labels = Map.of("dtaas.io/user", "rbac-probe");
        var deployment = service.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
                .withNewMetadata().withName("rbac-probe").withLabels(labels).endMetadata()
                .withNewSpec().withNewSelector().withMatchLabels(labels).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        service.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName("rbac-probe").endMetadata()
                .withNewSpec().withSelector(labels).addNewPort().withPort(80).endPort().endSpec().build()).create();
        var job = service.batch().v1().jobs().inNamespace(ns).resource(new JobBuilder()
                .withNewMetadata().withName("rbac-probe").endMetadata().withNewSpec().withNewTemplate().withNewSpec()
                .withRestartPolicy("Never").addNewContainer().withName("c").withImage("busybox").endContainer()
                .endSpec().endTemplate().endSpec().build()).create();
        service.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("rbac-probe").endMetadata()
                .withStringData(Map.of("k", "v")).build()).create();
        service.pods().inNamespace(ns).list();
        assertEquals("v", new String(java.util.Base64.getDecoder().decode(
                service.secrets().inNamespace(ns).withName("rbac-probe").get().getData().get("k"))));
        service.secrets().inNamespace(ns).withName("rbac-probe").delete();
        service.batch().v1().jobs().inNamespace(ns).resource(job).delete();
        service.services().inNamespace(ns).withName("rbac-probe").delete();
        service.apps().deployments().inNamespace(ns).resource(deployment).delete();
    }

    @Test
    void andNothingMore() {
        refused("read the platform's secrets", () -> service.secrets().inNamespace(TestCluster.PLATFORM).list());
        refused("read kube-system's secrets", () -> service.secrets().inNamespace("kube-system").list());
        refused("list secrets cluster-wide", () -> service.secrets().inAnyNamespace().list());
        refused("create a ClusterRole", () -> service.rbac().clusterRoles().resource(new ClusterRoleBuilder()
                .withNewMetadata().withName("dtaas-escalate").endMetadata().addNewRule().withApiGroups("*")
                .withResources("*").withVerbs("*").endRule().build()).create());
        refused("bind itself a role", () -> service.rbac().roleBindings().inNamespace(TestCluster.WORKSPACES)
                .resource(new RoleBindingBuilder().withNewMetadata().withName("dtaas-escalate").endMetadata()
                        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole")
                        .withName("cluster-admin").endRoleRef().addNewSubject().withKind("ServiceAccount")
                        .withName(TestCluster.SERVICE_ACCOUNT).withNamespace(TestCluster.PLATFORM).endSubject().build()).create());
        refused("make a Deployment in the platform's namespace", () -> service.apps().deployments()
                .inNamespace(TestCluster.PLATFORM).resource(new DeploymentBuilder().withMetadata(new ObjectMetaBuilder()
                        .withName("dtaas-escalate").build()).withNewSpec().withNewSelector().addToMatchLabels("a", "b")
                        .endSelector().withNewTemplate().withNewMetadata().addToLabels("a", "b").endMetadata().withNewSpec()
                        .addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().endTemplate()
                        .endSpec().build()).create());
        refused("read nodes", () -> service.nodes().list());
        refused("read namespaces", () -> service.namespaces().list());
        // kubectl's view of the same, as the API server decides it
        String as = "--as=system:serviceaccount:" + TestCluster.PLATFORM + ":" + TestCluster.SERVICE_ACCOUNT;
        assertEquals("yes", cluster.kubectl("auth", "can-i", as, "create", "jobs", "-n", TestCluster.WORKSPACES).strip());
        assertEquals(1, cluster.tryKubectl("auth", "can-i", as, "get", "secrets", "-n", TestCluster.PLATFORM).status());
        assertEquals(1, cluster.tryKubectl("auth", "can-i", as, "create", "pods/exec", "-n", TestCluster.WORKSPACES).status());
    }

    private static void refused(String what, Executable action) {
        try {
            action.execute();
        } catch (KubernetesClientException e) {
            assertEquals(403, e.getCode(), what + ": " + e.getMessage());
            return;
        } catch (Throwable e) {
            if (e.getCause() instanceof KubernetesClientException k && k.getCode() == 403) {
                return;
            }
            throw new AssertionError(what + ": " + e, e);
        }
        throw new AssertionError("the workspace-service's account could " + what);
    }
}
