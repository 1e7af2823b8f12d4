package org.dtaas.workspace.workspaces;

import java.time.Instant;
import java.util.List;

/**
 * What {@code GET /api/workspaces/{user}} answers (CONTRACT.md), plus events and sandboxing. {@code network}:
 * where the user's programs are on the network — "namespace" (their own: the platform services users may
 * use and, when allowed, the outside world through a proxy; nothing else of the host), "host" (the host's,
 * shared with every user) or "kubernetes" (the pod's, under the installation's NetworkPolicies). {@code disk}:
 * how much the user's library may hold and holds.
 */
public record WorkspaceStatus(String user, WorkspaceState state, String backend, List<ToolStatus> tools,
        String reason, boolean sandboxed, Instant startedAt, List<WorkspaceEvent> events, Limits limits, String network,
        Disk disk) {

    /**
     * What the user's programs together may use, as enforced ({@code mechanism}: "cgroup v2", "cgroup v1",
     * "rlimits", "kubernetes", "none"); a null value is not enforced here.
     */
    public record Limits(String mechanism, Long memoryBytes, Integer processes, Integer cpuWeight) {
    }

    /**
     * The user's library disk ({@code mechanism}: "own file system", the kernel refuses writes past
     * {@code sizeBytes}; "none", one disk for everyone): sizes in bytes, null when not known or not enforced.
     */
    public record Disk(String mechanism, Long sizeBytes, Long usedBytes) {
    }
}
