package org.dtaas.workspace.workspaces.local.limits;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.dtaas.files.UnixAccounts;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Picks how users' limits are enforced: {@code DTAAS_USER_LIMITS} = {@code auto} (cgroup v2, else the
 * cgroup v1 controllers, else rlimits when users have Unix accounts of their own, else none),
 * {@code cgroup-v2}, {@code cgroup-v1}, {@code rlimits} or {@code off}. The values:
 * {@code DTAAS_USER_MEMORY} (4G), {@code DTAAS_USER_PROCESSES} (tasks, 1024), {@code DTAAS_USER_CPU_WEIGHT} (100).
 */
public final class ResourceLimitsFactory {

    private static final Logger LOG = Logger.getLogger(ResourceLimitsFactory.class);
    private static final Path CGROUPS = Path.of("/sys/fs/cgroup");

    private ResourceLimitsFactory() {
    }

    public static ResourceLimits fromConfig(UnixAccounts accounts) {
        Config config = ConfigProvider.getConfig();
        Path home = Path.of(config.getValue("dtaas.home", String.class));
        UserLimits limits = new UserLimits(UserLimits.bytes(config.getValue("dtaas.user-memory", String.class)),
                config.getValue("dtaas.user-processes", Integer.class), config.getValue("dtaas.user-cpu-weight", Integer.class));
        return of(config.getValue("dtaas.user-limits", String.class), CGROUPS, installationGroup(home), limits, accounts);
    }

    static ResourceLimits of(String mode, Path cgroups, String group, UserLimits limits, UnixAccounts accounts) {
        boolean root = UnixAccounts.runsAsRoot();
        Optional<ResourceLimits> chosen = switch (mode) {
            case "off" -> Optional.of(new NoLimits());
            case "cgroup-v2" -> CgroupLimits.v2(cgroups, group, limits);
            case "cgroup-v1" -> CgroupLimits.v1(cgroups, group, limits);
            case "rlimits" -> Optional.of(new RlimitLimits(limits));
            case "auto" -> root ? CgroupLimits.v2(cgroups, group, limits).or(() -> CgroupLimits.v1(cgroups, group, limits))
                    .or(() -> accounts.enabled() ? Optional.of(new RlimitLimits(limits)) : Optional.empty())
                    : Optional.empty();
            default -> throw new IllegalArgumentException("DTAAS_USER_LIMITS is '" + mode
                    + "'; use auto, cgroup-v2, cgroup-v1, rlimits or off");
        };
        if (chosen.isEmpty() && !"auto".equals(mode)) {
            throw new IllegalStateException("DTAAS_USER_LIMITS=" + mode + " is not available on this machine"
                    + " (the services must run as root, with that cgroup hierarchy writable); use auto");
        }
        ResourceLimits result = chosen.orElseGet(NoLimits::new);
        if (result instanceof NoLimits && !"off".equals(mode)) {
            LOG.warn("users' programs run WITHOUT limits (no writable cgroups and no Unix accounts of their own):"
                    + " one user can use up the machine's memory and processes; run the services as root");
        }
        return result;
    }

    /** The installation's own group name, so that two installations on one machine never share limits. */
    public static String installationGroup(Path home) {
        try {
            String id = Files.readString(home.resolve("config/installation-id")).strip();
            if (id.matches("[0-9a-z-]{1,40}")) {
                return "dtaas-" + id;
            }
        } catch (IOException e) {
            // no id yet: one from where the installation lives
        }
        return "dtaas-" + Integer.toHexString(home.toAbsolutePath().normalize().toString().hashCode());
    }
}
