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

    /** One running copy of the tool for a workspace, with its ports and secrets chosen. */
    ToolInstance prepare(WorkspaceLayout layout, PortAllocator.Lease ports) throws java.io.IOException;
}
