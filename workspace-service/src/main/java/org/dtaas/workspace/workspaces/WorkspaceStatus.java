package org.dtaas.workspace.workspaces;

import java.time.Instant;
import java.util.List;

/** What {@code GET /api/workspaces/{user}} answers (CONTRACT.md), plus events and sandboxing. */
public record WorkspaceStatus(String user, WorkspaceState state, String backend, List<ToolStatus> tools,
        String reason, boolean sandboxed, Instant startedAt, List<WorkspaceEvent> events) {
}
