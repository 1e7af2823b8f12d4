package org.dtaas.workspace.workspaces.local.limits;

import java.util.List;
import org.dtaas.workspace.workspaces.WorkspaceStatus;

/** Nothing is limited (DTAAS_USER_LIMITS=off, or the machine offers no way): the status says so. */
final class NoLimits implements ResourceLimits {

    @Override
    public List<String> wrap(String user, List<String> command) {
        return command;
    }

    @Override
    public WorkspaceStatus.Limits status() {
        return new WorkspaceStatus.Limits("none", null, null, null);
    }
}
