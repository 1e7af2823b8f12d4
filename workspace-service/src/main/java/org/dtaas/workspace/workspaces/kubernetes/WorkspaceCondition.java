package org.dtaas.workspace.workspaces.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Set;
import org.dtaas.workspace.workspaces.WorkspaceState;

/** A workspace's state read from its Deployment and pods, as the informers last saw them. */
record WorkspaceCondition(WorkspaceState state, String reason) {

    /** Waiting reasons that do not go away by waiting: the user (or an admin) must act. */
    private static final Set<String> FAILING = Set.of("CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull",
            "InvalidImageName", "CreateContainerConfigError", "CreateContainerError");

    static WorkspaceCondition of(Deployment deployment, List<Pod> pods) {
        if (deployment == null) {
            return new WorkspaceCondition(pods.isEmpty() ? WorkspaceState.STOPPED : WorkspaceState.STOPPING, null);
        }
        if (deployment.getMetadata().getDeletionTimestamp() != null) {
            return new WorkspaceCondition(WorkspaceState.STOPPING, null);
        }
        for (Pod pod : pods) {
            List<ContainerStatus> containers = pod.getStatus() == null ? List.of() : pod.getStatus().getContainerStatuses();
            for (ContainerStatus container : containers == null ? List.<ContainerStatus>of() : containers) {
                var waiting = container.getState() == null ? null : container.getState().getWaiting();
                if (waiting != null && FAILING.contains(waiting.getReason())) {
                    return new WorkspaceCondition(WorkspaceState.FAILED, waiting.getReason()
                            + (waiting.getMessage() == null ? "" : ": " + waiting.getMessage()));
                }
            }
            if (pod.getStatus() != null && "Unschedulable".equals(unschedulable(pod))) {
                return new WorkspaceCondition(WorkspaceState.STARTING, "waiting for a node with enough CPU/memory");
            }
        }
        Integer ready = deployment.getStatus() == null ? null : deployment.getStatus().getReadyReplicas();
        return new WorkspaceCondition(ready != null && ready >= 1 ? WorkspaceState.RUNNING : WorkspaceState.STARTING, null);
    }

    private static String unschedulable(Pod pod) {
        return pod.getStatus().getConditions() == null ? null : pod.getStatus().getConditions().stream()
                .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))
                .map(c -> c.getReason()).findFirst().orElse(null);
    }
}
