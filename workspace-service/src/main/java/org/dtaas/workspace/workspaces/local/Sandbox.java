package org.dtaas.workspace.workspaces.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dtaas.files.SharedDisk;
import org.dtaas.files.UnixAccounts;
import org.dtaas.files.UserDisks;
import org.dtaas.workspace.workspaces.WorkspaceStatus;
import org.dtaas.workspace.workspaces.local.limits.ResourceLimits;
import org.dtaas.workspace.workspaces.local.limits.ResourceLimitsFactory;
import org.dtaas.workspace.workspaces.local.network.UserNetwork;
import org.dtaas.workspace.workspaces.local.network.UserNetworks;
import org.jboss.logging.Logger;

/**
 * Runs a workspace's programs inside bubblewrap so they see only the system (read-only), their own
 * files as {@code /workspace}, {@code common/} read-only, their own HOME and /tmp, and nothing of other
 * users or of DTaaS's state (keys, htpasswd, other users' credentials). Without bubblewrap the
 * programs run as they are and the status says {@code sandboxed: false}.
 */
final class Sandbox {

    private static final Logger LOG = Logger.getLogger(Sandbox.class);
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    private static final java.util.Map<Path, Boolean> PROBED = new java.util.concurrent.ConcurrentHashMap<>();

    private final Path bwrap;
    private final boolean enabled;
    private final WorkspacePython python;
    private final UnixAccounts accounts;

    private final ResourceLimits limits;
    private final UserNetwork network;
    private final UserDisks disks;

    private Sandbox(Path bwrap, boolean enabled, WorkspacePython python, UnixAccounts accounts, ResourceLimits limits,
            UserNetwork network, UserDisks disks) {
        this.bwrap = bwrap;
        this.enabled = enabled;
        this.python = python;
        this.accounts = enabled && Files.isExecutable(SETPRIV) ? accounts : UnixAccounts.none();
        this.limits = limits;
        this.network = network;
        this.disks = disks;
    }

    static Sandbox of(String mode, String bwrapPath, WorkspacePython python, UnixAccounts accounts) {
        org.eclipse.microprofile.config.Config config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        UserDisks disks = UserDisks.of(Path.of(config.getValue("dtaas.home", String.class)),
                config.getOptionalValue("dtaas.user-disk.command", String.class), config.getValue("dtaas.user-disk.size", String.class));
        return of(mode, bwrapPath, python, accounts, ResourceLimitsFactory.fromConfig(accounts), UserNetworks.fromConfig(), disks);
    }

    static Sandbox of(String mode, String bwrapPath, WorkspacePython python, UnixAccounts accounts, ResourceLimits limits,
            UserNetwork network) {
        return of(mode, bwrapPath, python, accounts, limits, network, new SharedDisk());
    }

    static Sandbox of(String mode, String bwrapPath, WorkspacePython python, UnixAccounts accounts, ResourceLimits limits,
            UserNetwork network, UserDisks disks) {
        Path bwrap = Path.of(bwrapPath);
        if ("off".equals(mode)) {
            return new Sandbox(bwrap, false, python, accounts, limits, network, disks);
        }
        // the workspaces and the runs each ask: try bubblewrap once per path, not once per asker
        boolean works = Files.isExecutable(bwrap) && PROBED.computeIfAbsent(bwrap, Sandbox::probe);
        if (!works) {
            LOG.warnf("bubblewrap (%s) is %s: workspaces run WITHOUT a sandbox, so a user's tools can read other"
                    + " users' files. Install it: apt-get install bubblewrap", bwrap,
                    Files.isExecutable(bwrap) ? "not usable here (user namespaces off?)" : "not installed");
        }
        return new Sandbox(bwrap, works, python, accounts, limits, network, disks);
    }

    /** The Unix account {@code owner}'s programs run as here; -1 when they run as the service's (no sandbox, no root). */
    int uidOf(String owner) {
        return accounts.uidOf(owner).orElse(-1);
    }

    /** What every user's programs together may use here, as enforced. */
    WorkspaceStatus.Limits limits() {
        return limits.status();
    }

    /**
     * {@code user}'s library on their own disk (made and mounted when it is not) before their programs
     * see it: a tree bound into a sandbox before its disk was mounted would stay beside the disk.
     */
    void ensureDisk(String user) throws IOException {
        disks.ensure(user);
    }

    /**
     * Where the output of {@code user}'s runs goes while they run: a folder only the platform can change
     * on the user's own disk (made here), so that their output counts against their size; empty on the
     * shared disk.
     */
    Optional<Path> runOutputFolder(String user) throws IOException {
        Optional<UserDisks.Place> place = disks.placeOf(user);
        if (place.isEmpty()) {
            return Optional.empty();
        }
        Path folder = place.get().runOutput();
        if (!Files.isDirectory(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(folder, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        }
        return Optional.of(folder);
    }

    /** How full {@code user}'s library disk is, as enforced. */
    WorkspaceStatus.Disk disk(String user) {
        UserDisks.Use use = disks.use(user);
        return new WorkspaceStatus.Disk(use.mechanism(), use.sizeBytes(), use.usedBytes());
    }

    boolean enabled() {
        return enabled;
    }

    /** Where users' programs are on the network (their own namespace, or the host's). */
    UserNetwork network() {
        return network;
    }

    /** PATH for the programs run here (the workspaces' Python first, when installed). */
    String searchPath() {
        return python.searchPath();
    }

    /**
     * How one program sees the sandbox beyond the common layout. {@code runAs}: the uid it runs as when
     * it is not the layout's user's (a run of a common twin runs as common's account), -1 otherwise.
     */
    record Options(String workingDirectory, boolean privateTmp, boolean commonWritable, int runAs) {
        static final Options WORKSPACE_TOOL = new Options(WorkspaceLayout.SANDBOX_WORKSPACE, false, false, -1);
    }

    /** {@code command} as run for {@code layout}'s user, with {@code readOnly} host folders visible at the same path. */
    List<String> wrap(WorkspaceLayout layout, List<String> command, List<Path> readOnly) throws IOException {
        return wrap(layout, command, readOnly, Options.WORKSPACE_TOOL);
    }

    List<String> wrap(WorkspaceLayout layout, List<String> command, List<Path> readOnly, Options options) throws IOException {
        if (!enabled) {
            return limits.wrap(layout.user(), network.enter(layout.user(), command));
        }
        int uid = options.runAs() >= 0 ? options.runAs() : layout.uid();
        boolean ownAccount = uid >= 0;
        List<String> wrapped = new ArrayList<>(List.of(bwrap.toString()));
        if (ownAccount) {
            // bubblewrap as root, without a user namespace: the program's uid is the account's on the host
            // too. Only setpriv (below) may change uid; it drops every capability as it does.
            wrapped.addAll(List.of("--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"));
        } else {
            String shared = Integer.toString(WorkspaceLayout.SHARED_UID);
            wrapped.addAll(List.of("--unshare-user", "--uid", shared, "--gid", shared));
        }
        wrapped.addAll(List.of(
                "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--hostname", layout.user() + "-workspace",
                "--die-with-parent",
                "--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc",
                "--ro-bind", layout.etc().resolve("passwd").toString(), "/etc/passwd",
                "--ro-bind", layout.etc().resolve("group").toString(), "/etc/group",
                "--symlink", "usr/bin", "/bin", "--symlink", "usr/sbin", "/sbin",
                "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
                "--proc", "/proc", "--dev", "/dev"));
        MountPoints points = new MountPoints(wrapped);
        if (options.privateTmp()) {
            wrapped.addAll(List.of("--perms", "1777", "--tmpfs", "/tmp"));
        } else {
            wrapped.addAll(List.of("--bind", layout.tmp().toString(), "/tmp"));
        }
        points.parentsOf(layout.homeDir());
        if (options.runAs() >= 0) {
            wrapped.addAll(List.of("--perms", "1777", "--tmpfs", layout.homeDir())); // a HOME of the run's own
        } else {
            wrapped.addAll(List.of("--bind", layout.home().toString(), layout.homeDir()));
        }
        wrapped.addAll(List.of("--bind", layout.files().toString(), WorkspaceLayout.SANDBOX_WORKSPACE));
        if (Files.isDirectory(layout.common())) {
            // admins run common twins, which write into common/
            wrapped.addAll(List.of(options.commonWritable() ? "--bind" : "--ro-bind", layout.common().toString(),
                    WorkspaceLayout.SANDBOX_WORKSPACE + "/common"));
        }
        if (python.installed()) {
            points.parentsOf(python.folder().toString());
            wrapped.addAll(List.of("--ro-bind", python.folder().toString(), python.folder().toString()));
        }
        for (Path path : readOnly) {
            points.parentsOf(path.toString());
            wrapped.addAll(List.of("--ro-bind", path.toString(), path.toString()));
        }
        wrapped.addAll(List.of("--setenv", "PATH", python.searchPath()));
        wrapped.addAll(List.of("--chdir", options.workingDirectory(), "--"));
        if (ownAccount) {
            wrapped.addAll(List.of(SETPRIV.toString(), "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
                    "--inh-caps=-all", "--bounding-set=-all", "--"));
        }
        wrapped.addAll(command);
        // the user's tools and runs share one group (one user's fork bomb or memory hog stops at them) and
        // one network namespace (where they reach each other and the platform services, nothing else)
        return limits.wrap(layout.user(), network.enter(layout.user(), wrapped));
    }

    /**
     * The folders on the way to a mount point, made readable for everyone: without a user namespace
     * bubblewrap makes them root's and closed, and the user's account could not reach what is mounted.
     */
    private static final class MountPoints {
        private final List<String> arguments;
        private final java.util.Set<String> made = new java.util.HashSet<>(List.of("/", "/usr", "/etc", "/proc", "/dev", "/tmp"));

        MountPoints(List<String> arguments) {
            this.arguments = arguments;
        }

        void parentsOf(String path) {
            Path parent = Path.of(path).getParent();
            List<String> missing = new ArrayList<>();
            for (Path p = parent; p != null && !made.contains(p.toString()); p = p.getParent()) {
                if (p.startsWith("/usr") || p.startsWith("/etc")) {
                    return; // inside a read-only system folder: it exists
                }
                missing.add(0, p.toString());
            }
            for (String folder : missing) {
                arguments.addAll(List.of("--perms", "0755", "--dir", folder));
                made.add(folder);
            }
        }
    }

    private static boolean probe(Path bwrap) {
        try {
            Process p = new ProcessBuilder(bwrap.toString(), "--unshare-user", "--ro-bind", "/", "/", "/bin/true")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
