package org.dtaas.workspace.run.kubernetes;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.dtaas.workspace.config.WorkspaceConfig;
import org.dtaas.workspace.process.WorkspacePaths;
import org.dtaas.workspace.run.PhaseExecution;
import org.dtaas.workspace.run.PhaseRunner;
import org.dtaas.workspace.run.Run;
import org.dtaas.workspace.run.RunLog;
import org.dtaas.workspace.workspaces.kubernetes.WorkspaceObjects;

/**
 * Phase programs as Kubernetes Jobs in the workspaces' namespace, with the user's workspace context:
 * the workspace image, the user's folder of the files claim at /workspace and common/ read-only inside
 * (writable for an admin's run of a common twin), the run's variables (service credentials too) from a
 * Secret owned by the Job, no API token, the run timeout as the Job's deadline, no retries.
 */
@jakarta.inject.Singleton
@io.quarkus.arc.lookup.LookupIfProperty(name = "dtaas.runs.backend", stringValue = "kubernetes")
public class KubernetesJobRunner implements PhaseRunner {

    static final String RUN_LABEL = "dtaas.io/run";

    private final KubernetesClient client;
    private final WorkspaceConfig.Kubernetes settings;
    private final WorkspaceObjects objects;
    private final Path filesRoot;
    private final Duration timeout;
    private final ExecutorService workers;

    @jakarta.inject.Inject
    public KubernetesJobRunner(KubernetesClient client, WorkspaceConfig workspace, org.dtaas.workspace.config.RunsConfig runs) {
        this(client, workspace.kubernetes(), Path.of(workspace.filesPath()), runs.timeout(),
                java.util.concurrent.Executors.newCachedThreadPool(runnable -> {
                    Thread thread = new Thread(runnable, "dtaas-job-log");
                    thread.setDaemon(true);
                    return thread;
                }));
    }

    public KubernetesJobRunner(KubernetesClient client, WorkspaceConfig.Kubernetes settings, Path filesRoot,
            Duration timeout, ExecutorService workers) {
        this.client = client;
        this.settings = settings;
        this.objects = new WorkspaceObjects(settings);
        this.filesRoot = filesRoot.toAbsolutePath().normalize();
        this.timeout = timeout;
        this.workers = workers;
    }

    static String jobName(String runId) {
        return "dtaas-run-" + runId;
    }

    @Override
    public PhaseExecution start(Run run, Path program, Path twinFolder, Map<String, String> environment, RunLog log) {
        Path twin = twinFolder.toAbsolutePath().normalize();
        boolean commonTwin = WorkspacePaths.inCommon(filesRoot, twin);
        String inside = WorkspacePaths.inside(filesRoot, run.user(), twin);
        String programInside = WorkspacePaths.inside(filesRoot, run.user(), program.toAbsolutePath().normalize());
        String name = jobName(run.id());
        Map<String, String> labels = Map.of(WorkspaceObjects.APP_LABEL, "dtaas-run", WorkspaceObjects.USER_LABEL, run.user(),
                RUN_LABEL, run.id());

        Job job = client.batch().v1().jobs().inNamespace(settings.namespace()).resource(new JobBuilder()
                .withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withBackoffLimit(0).withActiveDeadlineSeconds(timeout.toSeconds())
                .withTtlSecondsAfterFinished(600) // the log and status are kept by DTaaS; the Job can go
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().withRestartPolicy("Never").withAutomountServiceAccountToken(false)
                .addNewContainer().withName("phase").withImage(settings.image()).withImagePullPolicy(settings.imagePullPolicy())
                .withCommand(programInside).withWorkingDir(inside)
                .addNewEnvFrom().withNewSecretRef().withName(name).endSecretRef().endEnvFrom()
                .withVolumeMounts(WorkspaceObjects.filesMounts(run.user(), commonTwin))
                .withNewResources()
                .withRequests(Map.of("cpu", new Quantity(settings.cpuRequest()), "memory", new Quantity(settings.memoryRequest())))
                .withLimits(Map.of("cpu", new Quantity(settings.cpuLimit()), "memory", new Quantity(settings.memoryLimit())))
                .endResources()
                .endContainer()
                .addToVolumes(objects.filesVolume())
                .endSpec().endTemplate().endSpec().build()).create();

        // the Secret is owned by the Job: deleting the Job (or its TTL) deletes the credentials too
        client.secrets().inNamespace(settings.namespace()).resource(secret(name, labels, job, environment)).create();
        return new JobExecution(client, settings.namespace(), name, log, workers);
    }

    private static Secret secret(String name, Map<String, String> labels, Job job, Map<String, String> environment) {
        Map<String, String> variables = new HashMap<>();
        environment.forEach((key, value) -> {
            variables.put(key, value);
        });
        variables.put("WORKSPACE", WorkspacePaths.ROOT);
        variables.put("DTAAS_COMMON", WorkspacePaths.COMMON);
        return new SecretBuilder().withNewMetadata().withName(name).withLabels(labels)
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
                        .withName(name).withUid(job.getMetadata().getUid()).withBlockOwnerDeletion(true).build())
                .endMetadata().withStringData(variables).build();
    }

    /** The Job of a run that was going when the service stopped, if it still exists (its TTL is 600 s after it ends). */
    @Override
    public Optional<PhaseExecution> reattach(Run run, RunLog log, Instant since) {
        String name = jobName(run.id());
        if (client.batch().v1().jobs().inNamespace(settings.namespace()).withName(name).get() == null) {
            return Optional.empty();
        }
        return Optional.of(new JobExecution(client, settings.namespace(), name, log, workers, since));
    }


    @Override
    public void stopLeftover(Run run) {
        JobExecution.delete(client, settings.namespace(), jobName(run.id()), Duration.ZERO);
    }
}
