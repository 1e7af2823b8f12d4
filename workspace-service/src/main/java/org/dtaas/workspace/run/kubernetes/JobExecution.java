package org.dtaas.workspace.run.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.dtaas.workspace.run.PhaseExecution;
import org.dtaas.workspace.run.RunLog;
import org.jboss.logging.Logger;

/**
 * One Job of a run: a watch on the Job ends the run when the Job succeeds or fails (exit code from its
 * pod), and the pod's log is followed into the run's log as it comes.
 */
final class JobExecution implements PhaseExecution {

    private static final Logger LOG = Logger.getLogger(JobExecution.class);
    private static final int CHUNK = 16 * 1024;

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final RunLog log;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final CountDownLatch logDone = new CountDownLatch(1);
    private volatile Integer exitCode;
    private volatile boolean following;
    private volatile boolean detached;
    private final Instant since;
    private volatile Watch watch;
    private volatile Watch podWatch;
    private final ExecutorService workers;

    JobExecution(KubernetesClient client, String namespace, String name, RunLog log, ExecutorService workers) {
        this(client, namespace, name, log, workers, null);
    }

    /** {@code since}: only the pod's output from then on (a run followed again after a restart). */
    JobExecution(KubernetesClient client, String namespace, String name, RunLog log, ExecutorService workers,
            Instant since) {
        this.since = since;
        this.client = client;
        this.namespace = namespace;
        this.name = name;
        this.log = log;
        this.workers = workers;
        this.watch = client.batch().v1().jobs().inNamespace(namespace).withName(name).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Job job) {
                if (action == Action.DELETED) {
                    finish();
                    return;
                }
                var status = job.getStatus();
                if (status != null && ((status.getSucceeded() != null && status.getSucceeded() > 0)
                        || (status.getFailed() != null && status.getFailed() > 0))) {
                    try {
                        Pod pod = podOf();
                        exitCode = exitCodeOf(pod);
                        startFollowing(pod); // a pod that ended before it was seen running still has its log
                    } finally {
                        finish(); // the Job has ended, whatever the API answered about its pod
                    }
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                LOG.warnf("watch of job %s closed: %s", name, cause.getMessage());
                finish();
            }
        });
        this.podWatch = client.pods().inNamespace(namespace).withLabel("job-name", name).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                if (started(pod)) {
                    startFollowing(pod);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                // the job's watch decides when the run ends
            }
        });
        if (ended.isDone()) {
            closeWatches(); // the Job ended while the watches were being set up
        }
    }

    private synchronized void startFollowing(Pod pod) {
        if (pod == null || following) {
            if (pod == null && !following) {
                logDone.countDown(); // no pod at all (never scheduled): no log will come
            }
            return;
        }
        following = true;
        workers.execute(() -> follow(pod.getMetadata().getName()));
    }

    /** The Job's pod (null when it has none); a dropped API connection is tried again, twice. */
    private Pod podOf() {
        for (int attempt = 1; ; attempt++) {
            try {
                return client.pods().inNamespace(namespace).withLabel("job-name", name).list().getItems().stream()
                        .findFirst().orElse(null);
            } catch (KubernetesClientException e) {
                if (attempt == 3) {
                    LOG.warnf("pod of job %s could not be read: %s", name, e.getMessage());
                    return null;
                }
                pause(attempt);
            }
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(200L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean started(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Running".equals(phase) || "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private static Integer exitCodeOf(Pod pod) {
        if (pod == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return null;
        }
        return pod.getStatus().getContainerStatuses().stream()
                .map(c -> c.getState() == null ? null : c.getState().getTerminated())
                .filter(java.util.Objects::nonNull).map(ContainerStateTerminated::getExitCode).findFirst().orElse(null);
    }

    /** The pod's output, followed until the container ends, copied into the run's log as it comes. */
    private void follow(String pod) {
        try {
            boolean[] gotOutput = {false};
            for (int attempt = 1; ; attempt++) {
                try {
                    copyLog(pod, gotOutput);
                    return;
                } catch (Exception e) {
                    // a connection dropped before any output came is tried again; later, output would repeat
                    if (gotOutput[0] || attempt == 3 || detached) {
                        if (!detached) {
                            log.append("[the log of pod " + pod + " could not be read: " + e.getMessage() + "]\n");
                        }
                        return;
                    }
                    pause(attempt);
                }
            }
        } finally {
            logDone.countDown();
        }
    }

    /** Copies the pod's log into the run's log until it ends; {@code gotOutput[0]} turns true with the first bytes. */
    private void copyLog(String pod, boolean[] gotOutput) throws Exception {
        var source = client.pods().inNamespace(namespace).withName(pod);
        try (InputStream stream = (since == null ? source.watchLog()
                : source.sinceTime(DateTimeFormatter.ISO_INSTANT.format(since.truncatedTo(ChronoUnit.SECONDS))).watchLog())
                .getOutput();
             Reader output = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
            char[] buffer = new char[CHUNK];
            for (int n; (n = output.read(buffer)) > 0; ) {
                gotOutput[0] = true;
                log.append(new String(buffer, 0, n));
            }
        }
    }

    private void finish() {
        if (!detached && ended.complete(null)) {
            closeWatches();
        }
    }

    private void closeWatches() {
        if (watch != null) {
            watch.close();
        }
        if (podWatch != null) {
            podWatch.close();
        }
    }

    @Override
    public Long pid() {
        return null;
    }

    @Override
    public Long pidStartedAt() {
        return null;
    }

    @Override
    public CompletableFuture<?> onExit() {
        return ended;
    }

    @Override
    public void awaitOutput(long millis) throws InterruptedException {
        logDone.await(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public Integer exitCode() {
        return exitCode;
    }

    @Override
    public void detach() {
        detached = true;
        closeWatches();
    }

    /** Deletes the Job and its pod; the pod gets {@code grace} between TERM and KILL. */
    @Override
    public void stop(Duration grace) {
        delete(client, namespace, name, grace);
        finish();
    }

    static void delete(KubernetesClient client, String namespace, String name, Duration grace) {
        try {
            client.batch().v1().jobs().inNamespace(namespace).withName(name)
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND).withGracePeriod(grace.toSeconds()).delete();
            // each pod by name: the Role grants delete, not deletecollection (the Job's own deletion takes
            // its pods too, but only once the garbage collector gets there)
            for (Pod pod : client.pods().inNamespace(namespace).withLabel("job-name", name).list().getItems()) {
                client.pods().inNamespace(namespace).withName(pod.getMetadata().getName())
                        .withGracePeriod(grace.toSeconds()).delete();
            }
        } catch (KubernetesClientException e) {
            LOG.warnf("could not delete job %s: %s", name, e.getMessage());
        }
    }
}
