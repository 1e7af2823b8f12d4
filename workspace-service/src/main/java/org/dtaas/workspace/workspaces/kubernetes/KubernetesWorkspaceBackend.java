package org.dtaas.workspace.workspaces.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.dtaas.workspace.config.WorkspaceConfig;
import org.dtaas.workspace.workspaces.ToolRoute;
import org.dtaas.workspace.workspaces.ToolStatus;
import org.dtaas.workspace.workspaces.WorkspaceBackend;
import org.dtaas.workspace.workspaces.WorkspaceEvent;
import org.dtaas.workspace.workspaces.WorkspaceState;
import org.dtaas.workspace.workspaces.WorkspaceStatus;
import org.jboss.logging.Logger;

/**
 * Workspaces as Deployments of the workspace image in one namespace. Start and stop write objects;
 * status, the admin list and the gateway's routes read the informers' caches (watch-based: no API call
 * per request), and the informers' events become the workspace's events.
 */
@jakarta.inject.Singleton
@io.quarkus.arc.lookup.LookupIfProperty(name = "dtaas.workspace.backend", stringValue = "kubernetes")
public class KubernetesWorkspaceBackend implements WorkspaceBackend {

    private static final Logger LOG = Logger.getLogger(KubernetesWorkspaceBackend.class);
    private static final int MAX_EVENTS = 50;

    private final KubernetesClient client;
    private final WorkspaceConfig.Kubernetes settings;
    private final WorkspaceObjects objects;
    private final Map<String, Deque<WorkspaceEvent>> events = new ConcurrentHashMap<>();
    private final Map<String, WorkspaceState> lastSeen = new ConcurrentHashMap<>();
    private SharedIndexInformer<Deployment> deployments;
    private SharedIndexInformer<Pod> pods;

    @jakarta.inject.Inject
    public KubernetesWorkspaceBackend(KubernetesClient client, WorkspaceConfig config) {
        this(client, config.kubernetes());
    }

    public KubernetesWorkspaceBackend(KubernetesClient client, WorkspaceConfig.Kubernetes settings) {
        this.client = client;
        this.settings = settings;
        this.objects = new WorkspaceObjects(settings);
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    /** Starts the informers (and waits for their first listing, so the first status is right). */
    @Override
    public void begin() {
        watch();
    }

    @Override
    public void end() {
        close();
    }

    public void watch() {
        ResourceEventHandler<Object> onChange = new ResourceEventHandler<>() {
            @Override
            public void onAdd(Object obj) {
                changed(obj);
            }

            @Override
            public void onUpdate(Object oldObj, Object newObj) {
                changed(newObj);
            }

            @Override
            public void onDelete(Object obj, boolean deletedFinalStateUnknown) {
                changed(obj);
            }
        };
        deployments = client.apps().deployments().inNamespace(settings.namespace())
                .withLabel(WorkspaceObjects.APP_LABEL, WorkspaceObjects.APP).inform(cast(onChange));
        pods = client.pods().inNamespace(settings.namespace())
                .withLabel(WorkspaceObjects.APP_LABEL, WorkspaceObjects.APP).inform(cast(onChange));
    }

    public void close() {
        if (deployments != null) {
            deployments.close();
        }
        if (pods != null) {
            pods.close();
        }
    }

    @Override
    public WorkspaceStatus status(String user) {
        Deployment deployment = deployments.getStore().getByKey(settings.namespace() + "/" + WorkspaceObjects.name(user));
        return status(user, deployment);
    }

    @Override
    public WorkspaceStatus start(String user) {
        String ns = settings.namespace();
        Deployment existing = client.apps().deployments().inNamespace(ns).withName(WorkspaceObjects.name(user)).get();
        if (existing != null) {
            // as the local backend: a workspace that is there is kept (applying the Deployment again could roll it)
            return status(user, existing);
        }
        if (client.persistentVolumeClaims().inNamespace(ns).withName(WorkspaceObjects.homeClaim(user)).get() == null) {
            client.persistentVolumeClaims().inNamespace(ns).resource(objects.home(user)).create();
            event(user, "created the home claim " + WorkspaceObjects.homeClaim(user) + " (" + settings.homeSize() + ")");
        }
        Deployment deployment = client.apps().deployments().inNamespace(ns)
                .resource(objects.deployment(user)).createOr(NonDeletingOperation::update);
        client.services().inNamespace(ns).resource(objects.service(user, deployment)).createOr(NonDeletingOperation::update);
        event(user, "start requested: deployment " + deployment.getMetadata().getName() + " (" + settings.image() + ")");
        return status(user, deployment);
    }

    @Override
    public WorkspaceStatus stop(String user) {
        String ns = settings.namespace();
        // the Service goes with its owner in a cluster; deleted here too so nothing depends on the garbage
        // collector. By name: the service's Role grants delete, not deletecollection (a real API server
        // refused the label-selector delete this used to be, ClusterWorkspaceSpawningTest)
        client.services().inNamespace(ns).withName(WorkspaceObjects.name(user)).delete();
        client.apps().deployments().inNamespace(ns).withName(WorkspaceObjects.name(user)).delete();
        event(user, "stop requested (the home claim " + WorkspaceObjects.homeClaim(user) + " is kept)");
        return status(user, null);
    }

    @Override
    public List<WorkspaceStatus> all() {
        return deployments.getStore().list().stream()
                .map(d -> status(d.getMetadata().getLabels().get(WorkspaceObjects.USER_LABEL), d))
                .filter(s -> s.state() != WorkspaceState.STOPPED).toList();
    }

    @Override
    public Map<String, List<ToolRoute>> routes() {
        Map<String, List<ToolRoute>> routes = new LinkedHashMap<>();
        for (Deployment deployment : deployments.getStore().list()) {
            String user = deployment.getMetadata().getLabels().get(WorkspaceObjects.USER_LABEL);
            if (user != null && status(user, deployment).state() == WorkspaceState.RUNNING) {
                routes.put(user, List.of(new ToolRoute("/" + user + "/", objects.url(user), Map.of())));
            }
        }
        return routes;
    }

    /** Every port of the user's own pod is theirs (the pod runs nothing else). */
    @Override
    public boolean ownsPort(String user, int port, List<ProcessHandle> runProcesses) {
        return runningPodIp(user).isPresent();
    }

    /** The pod's own address: the Service exposes only the workspace port. */
    @Override
    public java.util.Optional<String> portUrl(String user, int port) {
        return runningPodIp(user).map(ip -> "http://" + ip + ":" + port + "/");
    }

    private java.util.Optional<String> runningPodIp(String user) {
        if (status(user).state() != WorkspaceState.RUNNING) {
            return java.util.Optional.empty();
        }
        return podsOf(user).stream().filter(p -> p.getStatus() != null && p.getStatus().getPodIP() != null
                && "Running".equals(p.getStatus().getPhase())).map(p -> p.getStatus().getPodIP()).findFirst();
    }

    private WorkspaceStatus status(String user, Deployment deployment) {
        WorkspaceCondition condition = WorkspaceCondition.of(deployment, podsOf(user));
        boolean running = condition.state() == WorkspaceState.RUNNING;
        Instant started = deployment == null || deployment.getMetadata().getCreationTimestamp() == null ? null
                : Instant.parse(deployment.getMetadata().getCreationTimestamp());
        return new WorkspaceStatus(user, condition.state(), name(), tools(user, running), condition.reason(), true,
                condition.state().active() ? started : null, eventsOf(user), new WorkspaceStatus.Limits("kubernetes",
                        io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(
                                new io.fabric8.kubernetes.api.model.Quantity(settings.memoryLimit())).longValue(), null, null), "kubernetes",
                // the libraries share the installation's volume (subPath per user): its size is the cluster's business
                new WorkspaceStatus.Disk("none", null, null));
    }

    /** The image serves every tool behind its own nginx under {@code /<user>/}, JupyterLab included. */
    private List<ToolStatus> tools(String user, boolean ready) {
        String base = "/" + user + "/";
        return List.of(new ToolStatus("lab", "Jupyter Lab", base + "lab", true, ready, null),
                new ToolStatus("notebook", "Jupyter Notebook", base + "tree", true, ready, null),
                new ToolStatus("vscode", "VS Code", base + "tools/vscode/", true, ready, null),
                new ToolStatus("desktop", "Desktop", base + "tools/vnc/?password=" + settings.vncPassword(), true, ready, null),
                new ToolStatus("terminal", "Terminal", base + "terminals/main", true, ready, null));
    }

    private List<Pod> podsOf(String user) {
        return pods.getStore().list().stream()
                .filter(p -> user.equals(p.getMetadata().getLabels().get(WorkspaceObjects.USER_LABEL))).toList();
    }

    /** An informer saw a change: record the state transition of that user's workspace as an event. */
    private void changed(Object object) {
        var metadata = object instanceof Deployment d ? d.getMetadata() : object instanceof Pod p ? p.getMetadata() : null;
        String user = metadata == null || metadata.getLabels() == null ? null : metadata.getLabels().get(WorkspaceObjects.USER_LABEL);
        if (user == null || deployments == null || pods == null) {
            return;
        }
        WorkspaceStatus now = status(user);
        WorkspaceState before = lastSeen.put(user, now.state());
        if (before != now.state()) {
            event(user, now.state().json() + (now.reason() == null ? "" : ": " + now.reason()));
        }
        if (object instanceof Pod pod && pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
            pod.getStatus().getContainerStatuses().stream().filter(c -> c.getRestartCount() != null && c.getRestartCount() > 0)
                    .forEach(c -> restarted(user, pod, c.getRestartCount()));
        }
    }

    private final Map<String, Integer> restartsSeen = new ConcurrentHashMap<>();

    private void restarted(String user, Pod pod, int count) {
        Integer before = restartsSeen.put(pod.getMetadata().getName(), count);
        if (!Objects.equals(before, count)) {
            event(user, "the workspace container restarted (" + count + " time" + (count == 1 ? "" : "s") + ")");
        }
    }

    private void event(String user, String message) {
        Deque<WorkspaceEvent> list = events.computeIfAbsent(user, u -> new ArrayDeque<>());
        synchronized (list) {
            list.addLast(new WorkspaceEvent(Instant.now(), message));
            while (list.size() > MAX_EVENTS) {
                list.removeFirst();
            }
        }
        LOG.infof("workspace %s: %s", user, message);
    }

    private List<WorkspaceEvent> eventsOf(String user) {
        Deque<WorkspaceEvent> list = events.get(user);
        if (list == null) {
            return List.of();
        }
        synchronized (list) {
            return List.copyOf(list);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> ResourceEventHandler<T> cast(ResourceEventHandler<Object> handler) {
        return (ResourceEventHandler<T>) (ResourceEventHandler<?>) handler;
    }
}
