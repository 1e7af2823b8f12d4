package org.dtaas.workspace.cluster;

import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real control plane of {@code scripts/test-cluster.sh} (etcd, kube-apiserver, controllers,
 * scheduler, kwok's node), one per test JVM: started by the first test that asks, with the microk8s
 * overlay of {@code k8s/} applied for real, and stopped when the JVM ends. Tests act on it as its
 * admin ({@link #admin()}) only to play what a real cluster's node and storage would do; the
 * workspace-service under test uses {@link #serviceAccountToken()}, the token of its own ServiceAccount
 * from k8s/base.
 */
public final class TestCluster {

    public static final String PLATFORM = "dtaas";
    public static final String WORKSPACES = "dtaas-workspaces";
    public static final String SERVICE_ACCOUNT = "workspace-service";
    /** The storage class the tests give users' home claims; {@link #provideHome} plays its provisioner. */
    public static final String STORAGE_CLASS = "dtaas-test";

    static final Path ROOT = findRoot();
    private static TestCluster running;

    private final Path state;
    private final Path kubeconfig;
    private final KubernetesClient admin;
    private String token;

    private TestCluster(Path state, Path kubeconfig) {
        this.state = state;
        this.kubeconfig = kubeconfig;
        this.admin = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(read(kubeconfig))).build();
    }

    /** The cluster, started (and given DTaaS's manifests) on first use. */
    public static synchronized TestCluster get() {
        if (running == null) {
            Path state;
            try {
                state = Files.createTempDirectory("dtaas-test-cluster");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String up = script("up", state.toString());
            String[] lines = up.strip().split("\n");
            TestCluster cluster = new TestCluster(state, Path.of(lines[lines.length - 1]));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> script("down", state.toString())));
            cluster.applyManifests();
            running = cluster;
        }
        return running;
    }

    /** The overlay applied as an admin would; each test's own objects come and go on top of it. */
    private void applyManifests() {
        Path overlay = Manifests.withExampleSecrets("microk8s");
        // PostgreSQL's claim asks for the cluster's default storage class (microk8s: its hostpath-storage
        // add-on); here the test is that provisioner
        provideVolume(PLATFORM, "data-postgres-0", "", "ReadWriteOnce", "10Gi");
        kubectl("apply", "-k", overlay.toString());
        kubectl("wait", "--for=condition=Available", "--timeout=90s", "-n", PLATFORM, "deployment", "--all");
        kubectl("rollout", "status", "--timeout=90s", "-n", PLATFORM, "statefulset/postgres");
    }

    public KubernetesClient admin() {
        return admin;
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    public String apiServerUrl() {
        return admin.getConfiguration().getMasterUrl();
    }

    public Path certificateAuthority() {
        return state.resolve("pki").resolve("ca.crt");
    }

    /** A token of the workspace-service's ServiceAccount (what the pod would get mounted), valid for two hours. */
    public synchronized String serviceAccountToken() {
        if (token == null) {
            token = kubectl("create", "token", SERVICE_ACCOUNT, "-n", PLATFORM, "--duration=2h").strip();
        }
        return token;
    }

    /** A client that is the workspace-service, as its ServiceAccount. */
    public KubernetesClient asWorkspaceService() {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(apiServerUrl())
                .withCaCertFile(certificateAuthority().toString()).withOauthToken(serviceAccountToken())
                .withNamespace(WORKSPACES).build()).build();
    }

    /** The settings that make a Quarkus service under test talk to this cluster as the workspace-service. */
    public Map<String, String> serviceSettings() {
        return Map.of("quarkus.kubernetes-client.api-server-url", apiServerUrl(),
                "quarkus.kubernetes-client.ca-cert-file", certificateAuthority().toString(),
                "quarkus.kubernetes-client.token", serviceAccountToken(),
                "quarkus.kubernetes-client.namespace", WORKSPACES,
                "quarkus.kubernetes-client.trust-certs", "false",
                "dtaas.workspace.kubernetes.storage-class", STORAGE_CLASS);
    }

    /**
     * What a dynamic provisioner would do for {@code user}'s home claim: a volume bound to it in advance
     * (the test cluster has no storage provisioner; without a bound claim the scheduler holds the pod).
     */
    public void provideHome(String user) {
        provideVolume(WORKSPACES, "dtaas-home-" + user, STORAGE_CLASS, "ReadWriteOnce", "5Gi");
    }

    /** A volume made for claim {@code namespace/claim} before it exists (class "": the claim names none). */
    void provideVolume(String namespace, String claim, String storageClass, String accessMode, String size) {
        admin.persistentVolumes().resource(new PersistentVolumeBuilder().withNewMetadata().withName(namespace + "-" + claim)
                .endMetadata().withNewSpec().withCapacity(Map.of("storage", new Quantity(size)))
                .withAccessModes(accessMode).withStorageClassName(storageClass)
                .withPersistentVolumeReclaimPolicy("Retain")
                .withNewHostPath().withPath("/nonexistent/" + namespace + "/" + claim).endHostPath()
                .withNewClaimRef().withNamespace(namespace).withName(claim).endClaimRef()
                .endSpec().build()).createOr(existing -> existing.unlock().update());
    }

    /**
     * What the node's container runtime would have written: the output every pod's log shows from now on
     * (kwok serves one log file, in the CRI format the kubelet reads).
     */
    public void podOutput(String text) {
        StringBuilder log = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (!line.isEmpty()) {
                log.append(Instant.now()).append(" stdout F ").append(line).append('\n');
            }
        }
        try {
            Files.writeString(state.resolve("pod.log"), log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** kubectl as the cluster's admin; its output, or an exception with it when it fails. */
    public String kubectl(String... arguments) {
        Result result = tryKubectl(arguments);
        if (result.status != 0) {
            throw new IllegalStateException("kubectl " + String.join(" ", arguments) + " failed: " + result.output);
        }
        return result.output;
    }

    /** kubectl's exit status and output, for commands expected to fail. */
    public Result tryKubectl(String... arguments) {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("scripts/test-cluster.sh").toString(), "kubectl",
                state.toString()));
        command.addAll(List.of(arguments));
        return run(command);
    }

    public record Result(int status, String output) {
    }

    private static String script(String... arguments) {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("scripts/test-cluster.sh").toString()));
        command.addAll(List.of(arguments));
        Result result = run(command);
        if (result.status != 0) {
            throw new IllegalStateException("scripts/test-cluster.sh " + String.join(" ", arguments) + " failed ("
                    + "scripts/install.sh test ~/.cache/dtaas builds the cluster; ./dtaas test does): " + result.output);
        }
        return result.output;
    }

    private static Result run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path findRoot() {
        Path here = Path.of("").toAbsolutePath();
        while (here != null && !Files.exists(here.resolve("scripts/test-cluster.sh"))) {
            here = here.getParent();
        }
        if (here == null) {
            throw new IllegalStateException("scripts/test-cluster.sh not found above " + Path.of("").toAbsolutePath());
        }
        return here;
    }
}
