package org.dtaas.workspace.workspaces.local;

import java.util.List;
import java.util.Optional;
import org.dtaas.workspace.workspaces.ToolStatus;

/** A kind of browser tool the local backend can run (Jupyter Notebook, VS Code, the desktop). */
interface LocalTool {

    /** Empty when installed; otherwise why not and how to install it. */
    Optional<String> unavailableReason();

    /** What the Workbench shows for this tool when it cannot run (same names as {@link ToolInstance#statuses}). */
    List<ToolStatus> unavailable(String user, String reason);

    /** What the Workbench shows for this installed tool while the workspace is not running. */
    default List<ToolStatus> stopped(String user) {
        return unavailable(user, null).stream()
                .map(s -> new ToolStatus(s.name(), s.title(), s.path(), true, false, null)).toList();
    }

    /** One running copy of the tool for a workspace, with its ports and secrets chosen. */
    ToolInstance prepare(WorkspaceLayout layout, PortAllocator.Lease ports) throws java.io.IOException;
}
