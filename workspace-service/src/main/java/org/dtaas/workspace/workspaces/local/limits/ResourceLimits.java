package org.dtaas.workspace.workspaces.local.limits;

import java.util.List;
import org.dtaas.workspace.workspaces.WorkspaceStatus;

/**
 * What one user's programs together may use on this machine — memory, tasks (processes and threads),
 * a CPU weight — and how it is enforced. One implementation per kernel mechanism (cgroup v2, cgroup v1,
 * rlimits, none), picked by {@link ResourceLimitsFactory} from what the machine offers and
 * {@code DTAAS_USER_LIMITS}.
 */
public interface ResourceLimits {

    /**
     * The command that runs {@code command} inside {@code user}'s limits: their group made (or kept) with
     * the configured values, the process put into it before anything of the user's runs.
     */
    List<String> wrap(String user, List<String> command);

    /** What is enforced, for the workspace status and the admin page (null fields: not enforced). */
    WorkspaceStatus.Limits status();
}
