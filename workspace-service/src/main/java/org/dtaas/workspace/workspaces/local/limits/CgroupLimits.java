package org.dtaas.workspace.workspaces.local.limits;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dtaas.identity.UserNames;
import org.dtaas.workspace.workspaces.WorkspaceStatus;

/**
 * Limits as control groups: one group per user below the installation's own ({@code dtaas-<id>}), so all
 * of a user's workspace tools and runs share one memory limit, one task limit and one CPU weight, and a
 * fork bomb or a memory hog stops at that user. Works with the unified hierarchy (cgroup v2:
 * {@code memory.max}, {@code pids.max}, {@code cpu.weight}) and with the v1 controllers mounted one per
 * folder ({@code memory.limit_in_bytes}, {@code pids.max}, {@code cpu.shares}).
 */
final class CgroupLimits implements ResourceLimits {

    /** Writes the shell's own pid into each cgroup.procs given before "--", then becomes the command. */
    static final String JOIN = "while [ \"$1\" != -- ]; do echo $$ >\"$1\" || exit 125; shift; done; shift; exec \"$@\"";

    /** One controller: where its groups are, and the file and value of the limit it enforces. */
    record Controller(Path hierarchy, String file, String value) {
    }

    private final String mechanism;
    private final String installationGroup;
    private final List<Controller> controllers;
    private final WorkspaceStatus.Limits status;

    private CgroupLimits(String mechanism, String installationGroup, List<Controller> controllers, WorkspaceStatus.Limits status) {
        this.mechanism = mechanism;
        this.installationGroup = installationGroup;
        this.controllers = controllers;
        this.status = status;
    }

    /** cgroup v2 at {@code root} when it offers the memory and pids controllers (cpu when it can). */
    static Optional<ResourceLimits> v2(Path root, String installationGroup, UserLimits limits) {
        try {
            Path controllersFile = root.resolve("cgroup.controllers");
            if (!Files.isRegularFile(controllersFile) || !Files.isWritable(root.resolve("cgroup.subtree_control"))) {
                return Optional.empty();
            }
            List<String> available = List.of(Files.readString(controllersFile).strip().split("\\s+"));
            if (!available.contains("memory") || !available.contains("pids")) {
                return Optional.empty();
            }
            boolean cpu = available.contains("cpu");
            String enable = "+memory +pids" + (cpu ? " +cpu" : "");
            // the controllers must be handed down to the installation's group, and from it to each user's
            Files.writeString(root.resolve("cgroup.subtree_control"), enable);
            Path group = root.resolve(installationGroup);
            Files.createDirectories(group);
            Files.writeString(group.resolve("cgroup.subtree_control"), enable);
            List<Controller> controllers = new ArrayList<>(List.of(
                    new Controller(root, "memory.max", Long.toString(limits.memoryBytes())),
                    new Controller(root, "pids.max", Integer.toString(limits.processes()))));
            if (cpu) {
                controllers.add(new Controller(root, "cpu.weight", Integer.toString(limits.cpuWeight())));
            }
            return Optional.of(new CgroupLimits("cgroup v2", installationGroup, controllers,
                    new WorkspaceStatus.Limits("cgroup v2", limits.memoryBytes(), limits.processes(),
                            cpu ? limits.cpuWeight() : null)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // not delegated to us: try the next mechanism
        }
    }

    /** cgroup v1 controllers mounted at {@code root}/memory, /pids and /cpu, as many as are writable. */
    static Optional<ResourceLimits> v1(Path root, String installationGroup, UserLimits limits) {
        List<Controller> controllers = new ArrayList<>();
        Long memory = null;
        Integer processes = null;
        Integer cpu = null;
        if (usable(root.resolve("memory"), installationGroup)) {
            controllers.add(new Controller(root.resolve("memory"), "memory.limit_in_bytes", Long.toString(limits.memoryBytes())));
            if (Files.exists(root.resolve("memory/memory.memsw.limit_in_bytes"))) {
                // with swap accounting, memory + swap: otherwise a hog would swap instead of stopping
                controllers.add(new Controller(root.resolve("memory"), "memory.memsw.limit_in_bytes",
                        Long.toString(limits.memoryBytes())));
            }
            memory = limits.memoryBytes();
        }
        if (usable(root.resolve("pids"), installationGroup)) {
            controllers.add(new Controller(root.resolve("pids"), "pids.max", Integer.toString(limits.processes())));
            processes = limits.processes();
        }
        if (usable(root.resolve("cpu"), installationGroup)) {
            // v1 shares: 1024 is the default weight of a group
            controllers.add(new Controller(root.resolve("cpu"), "cpu.shares", Integer.toString(limits.cpuWeight() * 1024 / 100)));
            cpu = limits.cpuWeight();
        }
        if (controllers.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CgroupLimits("cgroup v1", installationGroup, controllers,
                new WorkspaceStatus.Limits("cgroup v1", memory, processes, cpu)));
    }

    private static boolean usable(Path hierarchy, String installationGroup) {
        if (!Files.isDirectory(hierarchy) || !Files.isRegularFile(hierarchy.resolve("cgroup.procs"))) {
            return false;
        }
        try {
            Files.createDirectories(hierarchy.resolve(installationGroup));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public List<String> wrap(String user, List<String> command) {
        if (!UserNames.isValidOwner(user)) {
            throw new IllegalArgumentException("not a user: " + user);
        }
        Map<Path, Path> groups = new LinkedHashMap<>();
        try {
            for (Controller controller : controllers) {
                Path group = controller.hierarchy().resolve(installationGroup).resolve(user);
                Files.createDirectories(group);
                Files.writeString(group.resolve(controller.file()), controller.value());
                groups.put(group, group.resolve("cgroup.procs"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the limits of " + user + " cannot be set (" + mechanism + "): " + e.getMessage(), e);
        }
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", JOIN, "dtaas-limits"));
        groups.values().forEach(procs -> wrapped.add(procs.toString()));
        wrapped.add("--");
        wrapped.addAll(command);
        return wrapped;
    }

    @Override
    public WorkspaceStatus.Limits status() {
        return status;
    }
}
