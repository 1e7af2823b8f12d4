package org.dtaas.workspace.workspaces.local.limits;

import java.util.ArrayList;
import java.util.List;
import org.dtaas.workspace.workspaces.WorkspaceStatus;

/**
 * Without control groups: the kernel's per-account process limit (RLIMIT_NPROC, set with util-linux's
 * prlimit), which holds only when each user runs as their own Unix account (root is exempt). Memory and
 * CPU are not limited this way: a per-process address-space limit would break tools that reserve large
 * virtual ranges (Node, JVMs) without protecting anyone.
 */
final class RlimitLimits implements ResourceLimits {

    private final UserLimits limits;

    RlimitLimits(UserLimits limits) {
        this.limits = limits;
    }

    @Override
    public List<String> wrap(String user, List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("/usr/bin/prlimit",
                "--nproc=" + limits.processes() + ":" + limits.processes(), "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    @Override
    public WorkspaceStatus.Limits status() {
        return new WorkspaceStatus.Limits("rlimits", null, limits.processes(), null);
    }
}
