package org.dtaas.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * k8s/ read into fabric8's model classes (no cluster runs here; kubectl is not installed): the base's
 * objects are the ones the code needs — each service on its port with health probes and limits, two
 * stateless gateway replicas behind a TLS ingress with sticky sessions, the workspace-service allowed
 * exactly what its Kubernetes backend does, network policies letting only the gateway in — and the
 * microk8s overlay refers only to what the base has.
 */
class KubernetesManifestsTest {

    private static final Path K8S = Launcher.ROOT.resolve("k8s");
    private static final Map<String, String> MODULES = Map.of("gateway", "gateway-service", "library", "library-service",
            "workspace", "workspace-service", "provisioner", "services-provisioner");
    private static final Map<String, Integer> PORTS = Map.of("gateway", 8080, "library", 4001, "workspace", 4002,
            "provisioner", 4003);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static List<HasMetadata> base;

    @BeforeAll
    static void read() throws IOException {
        base = new ArrayList<>();
        for (JsonNode resource : YAML.readTree(K8S.resolve("base/kustomization.yaml").toFile()).path("resources")) {
            Path file = K8S.resolve("base").resolve(resource.asText());
            assertTrue(Files.isRegularFile(file), "kustomization names " + file);
            base.addAll(load(file));
        }
    }

    @Test
    void everyServiceRunsOnItsPortWithProbesLimitsAndTheSharedState() throws IOException {
        for (var entry : MODULES.entrySet()) {
            Deployment deployment = find(Deployment.class, entry.getKey());
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertEquals("dtaas/" + entry.getValue() + ":0.1.0", container.getImage());
            assertTrue(Files.isDirectory(Launcher.ROOT.resolve(entry.getValue())), entry.getValue() + " exists");
            int port = PORTS.get(entry.getKey());
            assertEquals(port, container.getPorts().get(0).getContainerPort());
            assertEquals("/q/health/ready", container.getReadinessProbe().getHttpGet().getPath());
            assertEquals("/q/health/live", container.getLivenessProbe().getHttpGet().getPath());
            assertNotNull(container.getResources().getLimits().get("memory"), entry.getKey() + " has limits");
            assertNotNull(container.getResources().getRequests().get("cpu"), entry.getKey() + " has requests");
            assertTrue(container.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/dtaas")));
            Set<String> reads = ServiceSettings.readBy(entry.getValue());
            container.getEnv().forEach(e -> assertTrue(reads.contains(e.getName()), entry.getValue() + " reads " + e.getName()));
            Service service = find(Service.class, entry.getKey());
            assertEquals(port, service.getSpec().getPorts().get(0).getPort());
            assertEquals(deployment.getSpec().getSelector().getMatchLabels(), service.getSpec().getSelector());
        }
        ConfigMap config = find(ConfigMap.class, "dtaas-config");
        for (String key : config.getData().keySet()) {
            assertTrue(MODULES.values().stream().anyMatch(m -> readsQuietly(m).contains(key)), "some service reads " + key);
        }
        assertEquals("http://library:4001", config.getData().get("DTAAS_GATEWAY_LIBRARY_URL"));
        assertEquals("http://workspace:4002", config.getData().get("DTAAS_GATEWAY_WORKSPACE_URL"));
        assertEquals("http://provisioner:4003", config.getData().get("DTAAS_GATEWAY_PROVISIONER_URL"));
        assertEquals("kubernetes", config.getData().get("DTAAS_WORKSPACE_BACKEND"));
    }

    @Test
    void twoInterchangeableGatewaysBehindATlsIngress() {
        assertEquals(2, find(Deployment.class, "gateway").getSpec().getReplicas());
        Ingress ingress = find(Ingress.class, "dtaas");
        assertFalse(ingress.getSpec().getTls().isEmpty(), "TLS");
        var backend = ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService();
        assertEquals("gateway", backend.getName());
        assertEquals(8080, backend.getPort().getNumber());
        assertFalse(ingress.getMetadata().getAnnotations().containsKey("nginx.ingress.kubernetes.io/affinity"),
                "sessions are cookies every replica reads: no stickiness needed");
        var gatewayEnv = find(Deployment.class, "gateway").getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        assertTrue(gatewayEnv.stream().anyMatch(e -> e.getName().equals("QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED")
                && e.getValue().equals("true")), "behind the ingress the gateway knows its public https address");
    }

    @Test
    void theWorkspaceServiceMayDoWhatItsBackendDoesInTheWorkspacesNamespaceOnly() {
        Deployment workspace = find(Deployment.class, "workspace");
        assertEquals("workspace-service", workspace.getSpec().getTemplate().getSpec().getServiceAccountName());
        for (String other : List.of("gateway", "library", "provisioner")) {
            assertEquals(false, find(Deployment.class, other).getSpec().getTemplate().getSpec().getAutomountServiceAccountToken(),
                    other + " gets no API token");
        }
        Role role = find(Role.class, "workspace-service");
        assertEquals("dtaas-workspaces", role.getMetadata().getNamespace());
        Map<String, Set<String>> granted = role.getRules().stream().flatMap(r -> r.getResources().stream()
                .map(res -> Map.entry(res, Set.copyOf(r.getVerbs())))).collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertEquals(Set.of("deployments", "services", "persistentvolumeclaims", "secrets", "pods", "pods/log", "jobs"),
                granted.keySet(), "what the Kubernetes workspace backend and job runner use");
        assertTrue(granted.get("deployments").containsAll(Set.of("create", "watch", "delete")));
        assertTrue(granted.get("jobs").containsAll(Set.of("create", "watch", "delete")));
        assertFalse(granted.get("pods").contains("create"), "pods are made by Deployments and Jobs, not directly");
        RoleBinding binding = find(RoleBinding.class, "workspace-service");
        assertEquals("workspace-service", binding.getSubjects().get(0).getName());
        assertEquals("dtaas", binding.getSubjects().get(0).getNamespace());
    }

    @Test
    void onlyTheGatewayReachesTheServicesAndTheWorkspaces() {
        NetworkPolicy deny = find(NetworkPolicy.class, "default-deny-ingress");
        assertTrue(deny.getSpec().getPodSelector().getMatchLabels() == null || deny.getSpec().getPodSelector().getMatchLabels().isEmpty());
        assertTrue(deny.getSpec().getIngress() == null || deny.getSpec().getIngress().isEmpty(), "nothing allowed by default");
        NetworkPolicy services = find(NetworkPolicy.class, "services-from-gateway");
        assertEquals(Set.of("library", "workspace", "provisioner"),
                Set.copyOf(services.getSpec().getPodSelector().getMatchExpressions().get(0).getValues()));
        assertEquals(Map.of("app.kubernetes.io/name", "gateway"),
                services.getSpec().getIngress().get(0).getFrom().get(0).getPodSelector().getMatchLabels());
        NetworkPolicy workspaces = find(NetworkPolicy.class, "workspaces-from-gateway");
        assertEquals("dtaas-workspaces", workspaces.getMetadata().getNamespace());
        assertEquals(Map.of("app.kubernetes.io/name", "gateway"),
                workspaces.getSpec().getIngress().get(0).getFrom().get(0).getPodSelector().getMatchLabels());
    }

    @Test
    void theMicrok8sOverlayRefersOnlyToWhatTheBaseHas() throws IOException {
        Path overlay = K8S.resolve("overlays/microk8s");
        JsonNode kustomization = YAML.readTree(overlay.resolve("kustomization.yaml").toFile());
        for (JsonNode resource : kustomization.path("resources")) {
            assertTrue(Files.exists(overlay.resolve(resource.asText())), resource.asText());
        }
        Set<String> baseImages = base.stream().filter(Deployment.class::isInstance).map(d -> ((Deployment) d).getSpec()
                .getTemplate().getSpec().getContainers().get(0).getImage().split(":")[0]).collect(Collectors.toSet());
        for (JsonNode image : kustomization.path("images")) {
            assertTrue(baseImages.contains(image.path("name").asText()), "image " + image.path("name").asText() + " is in the base");
        }
        for (JsonNode patch : kustomization.path("patches")) {
            for (HasMetadata patched : load(overlay.resolve(patch.path("path").asText()))) {
                find(patched.getClass(), patched.getMetadata().getName());
            }
        }
        Set<String> secretKeys = Files.readAllLines(overlay.resolve("secrets.env.example")).stream()
                .filter(l -> l.contains("=") && !l.startsWith("#")).map(l -> l.substring(0, l.indexOf('='))).collect(Collectors.toSet());
        assertTrue(secretKeys.contains("DTAAS_DB_PASSWORD"), "PostgreSQL's password comes from the secret");
        assertTrue(Files.readString(Launcher.ROOT.resolve(".gitignore")).contains("secrets.env"), "secrets.env is never committed");
    }

    @SuppressWarnings("unchecked")
    private static <T extends HasMetadata> T find(Class<T> kind, String name) {
        return (T) base.stream().filter(kind::isInstance).filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " " + name + " in k8s/base"));
    }

    private static Set<String> readsQuietly(String module) {
        try {
            return ServiceSettings.readBy(module);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<HasMetadata> load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            Object parsed = Serialization.unmarshal(in);
            if (parsed instanceof KubernetesList list) {
                return list.getItems();
            }
            if (parsed instanceof List<?> list) {
                return list.stream().map(HasMetadata.class::cast).toList();
            }
            return List.of((HasMetadata) parsed);
        }
    }
}
