package org.dtaas.workspace.workspaces.kubernetes;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.Map;
import org.dtaas.workspace.config.WorkspaceConfig;

/**
 * The Kubernetes objects of one user's workspace, all labelled {@code app.kubernetes.io/name=dtaas-workspace}
 * and {@code dtaas.io/user=<user>} so everything of a user is found (and deleted) together: a Deployment
 * of the workspace image on the user's folder of the shared files claim with a home claim of its own, and a Service in front of it
 * (owned by the Deployment, so it goes with it).
 */
public final class WorkspaceObjects {

    public static final String APP_LABEL = "app.kubernetes.io/name";
    static final String APP = "dtaas-workspace";
    public static final String USER_LABEL = "dtaas.io/user";

    private final WorkspaceConfig.Kubernetes settings;

    public WorkspaceObjects(WorkspaceConfig.Kubernetes settings) {
        this.settings = settings;
    }

    static String name(String user) {
        return "workspace-" + user;
    }

    static String homeClaim(String user) {
        return "dtaas-home-" + user;
    }


    static Map<String, String> labels(String user) {
        return Map.of(APP_LABEL, APP, USER_LABEL, user);
    }

    /** The user's home in the workspace (tool settings, extensions, installed packages): kept when it stops. */
    io.fabric8.kubernetes.api.model.PersistentVolumeClaim home(String user) {
        var claim = new io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(homeClaim(user)).withNamespace(settings.namespace()).withLabels(labels(user))
                .endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce")
                .withNewResources().withRequests(Map.of("storage", new Quantity(settings.homeSize()))).endResources()
                .endSpec();
        settings.storageClass().ifPresent(c -> claim.editSpec().withStorageClassName(c).endSpec());
        return claim.build();
    }

    Deployment deployment(String user) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(name(user)).withNamespace(settings.namespace()).withLabels(labels(user))
                .endMetadata()
                .withNewSpec().withReplicas(1)
                // never two pods of one workspace on the same files
                .withNewStrategy().withType("Recreate").endStrategy()
                .withNewSelector().withMatchLabels(labels(user)).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(labels(user)).endMetadata()
                .withNewSpec()
                .withAutomountServiceAccountToken(false)
                .addNewContainer().withName("workspace").withImage(settings.image())
                .withImagePullPolicy(settings.imagePullPolicy())
                .addNewEnv().withName("WORKSPACE_BASE_URL").withValue(user).endEnv()
                .addNewEnv().withName("DTAAS_USER").withValue(user).endEnv()
                .addNewPort().withName("http").withContainerPort(settings.port()).endPort()
                .withNewResources()
                .withRequests(Map.of("cpu", new Quantity(settings.cpuRequest()), "memory", new Quantity(settings.memoryRequest())))
                .withLimits(Map.of("cpu", new Quantity(settings.cpuLimit()), "memory", new Quantity(settings.memoryLimit())))
                .endResources()
                .withNewReadinessProbe().withNewTcpSocket().withPort(new IntOrString(settings.port())).endTcpSocket()
                .withInitialDelaySeconds(5).withPeriodSeconds(5).endReadinessProbe()
                .withVolumeMounts(filesMounts(user, false))
                .addNewVolumeMount().withName("home").withMountPath(settings.homePath()).endVolumeMount()
                .addNewVolumeMount().withName("shm").withMountPath("/dev/shm").endVolumeMount()
                .endContainer()
                .addToVolumes(filesVolume())
                .addNewVolume().withName("home").withNewPersistentVolumeClaim().withClaimName(homeClaim(user))
                .endPersistentVolumeClaim().endVolume()
                .addNewVolume().withName("shm").withNewEmptyDir().withMedium("Memory")
                .withSizeLimit(new Quantity(settings.shmSize())).endEmptyDir().endVolume()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /** The user's folder of the files claim at /workspace, common/ read-only inside it (runs use them too). */
    public static java.util.List<io.fabric8.kubernetes.api.model.VolumeMount> filesMounts(String user, boolean commonWritable) {
        return java.util.List.of(
                new io.fabric8.kubernetes.api.model.VolumeMountBuilder().withName("files").withMountPath("/workspace")
                        .withSubPath(user).build(),
                new io.fabric8.kubernetes.api.model.VolumeMountBuilder().withName("files").withMountPath("/workspace/common")
                        .withSubPath("common").withReadOnly(!commonWritable).build());
    }

    public io.fabric8.kubernetes.api.model.Volume filesVolume() {
        return new io.fabric8.kubernetes.api.model.VolumeBuilder().withName("files").withNewPersistentVolumeClaim()
                .withClaimName(settings.filesClaim()).endPersistentVolumeClaim().build();
    }

    /** The Service, owned by {@code deployment} so the cluster deletes it with the Deployment. */
    Service service(String user, Deployment deployment) {
        OwnerReference owner = new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
                .withName(deployment.getMetadata().getName()).withUid(deployment.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
        return new ServiceBuilder()
                .withNewMetadata().withName(name(user)).withNamespace(settings.namespace()).withLabels(labels(user))
                .withOwnerReferences(owner).endMetadata()
                .withNewSpec().withSelector(labels(user))
                .addNewPort().withName("http").withPort(settings.port()).withTargetPort(new IntOrString(settings.port())).endPort()
                .endSpec()
                .build();
    }

    /** Where the gateway reaches the workspace: the Service's cluster DNS name, under the user's base URL. */
    String url(String user) {
        return "http://" + name(user) + "." + settings.namespace() + ".svc:" + settings.port() + "/" + user + "/";
    }
}
