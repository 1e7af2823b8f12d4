package org.dtaas.workspace.workspaces.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs a workspace's programs inside bubblewrap so they see only the system (read-only), their own
 * files as {@code /workspace}, {@code common/} read-only, their own HOME and /tmp, and nothing of other
 * users or of DTaaS's state (keys, htpasswd, other users' credentials). Without bubblewrap the
 * programs run as they are and the status says {@code sandboxed: false}.
 */
final class Sandbox {

    private static final Logger LOG = Logger.getLogger(Sandbox.class);
    /** The uid the tools see; bubblewrap maps it to the service's own user outside. */
    static final String SANDBOX_UID = "1000";

    private static final java.util.Map<Path, Boolean> PROBED = new java.util.concurrent.ConcurrentHashMap<>();

    private final Path bwrap;
    private final boolean enabled;
    private final WorkspacePython python;

    private Sandbox(Path bwrap, boolean enabled, WorkspacePython python) {
        this.bwrap = bwrap;
        this.enabled = enabled;
        this.python = python;
    }

    static Sandbox of(String mode, String bwrapPath, WorkspacePython python) {
        Path bwrap = Path.of(bwrapPath);
        if ("off".equals(mode)) {
            return new Sandbox(bwrap, false, python);
        }
        // the workspaces and the runs each ask: try bubblewrap once per path, not once per asker
        boolean works = Files.isExecutable(bwrap) && PROBED.computeIfAbsent(bwrap, Sandbox::probe);
        if (!works) {
            LOG.warnf("bubblewrap (%s) is %s: workspaces run WITHOUT a sandbox, so a user's tools can read other"
                    + " users' files. Install it: apt-get install bubblewrap", bwrap,
                    Files.isExecutable(bwrap) ? "not usable here (user namespaces off?)" : "not installed");
        }
        return new Sandbox(bwrap, works, python);
    }

    boolean enabled() {
        return enabled;
    }

    /** PATH for the programs run here (the workspaces' Python first, when installed). */
    String searchPath() {
        return python.searchPath();
    }

    /** How one program sees the sandbox beyond the common layout. */
    record Options(String workingDirectory, boolean privateTmp, boolean commonWritable) {
        static final Options WORKSPACE_TOOL = new Options(WorkspaceLayout.SANDBOX_WORKSPACE, false, false);
    }

    /** {@code command} as run for {@code layout}'s user, with {@code readOnly} host folders visible at the same path. */
    List<String> wrap(WorkspaceLayout layout, List<String> command, List<Path> readOnly) {
        return wrap(layout, command, readOnly, Options.WORKSPACE_TOOL);
    }

    List<String> wrap(WorkspaceLayout layout, List<String> command, List<Path> readOnly, Options options) {
        if (!enabled) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of(bwrap.toString(),
                "--unshare-user", "--uid", SANDBOX_UID, "--gid", SANDBOX_UID,
                "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--hostname", layout.user() + "-workspace",
                "--die-with-parent",
                "--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc",
                "--ro-bind", layout.etc().resolve("passwd").toString(), "/etc/passwd",
                "--ro-bind", layout.etc().resolve("group").toString(), "/etc/group",
                "--symlink", "usr/bin", "/bin", "--symlink", "usr/sbin", "/sbin",
                "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
                "--proc", "/proc", "--dev", "/dev"));
        if (options.privateTmp()) {
            wrapped.addAll(List.of("--tmpfs", "/tmp"));
        } else {
            wrapped.addAll(List.of("--bind", layout.tmp().toString(), "/tmp"));
        }
        wrapped.addAll(List.of(
                "--bind", layout.home().toString(), layout.homeDir(),
                "--bind", layout.files().toString(), WorkspaceLayout.SANDBOX_WORKSPACE));
        if (Files.isDirectory(layout.common())) {
            // admins run common twins, which write into common/
            wrapped.addAll(List.of(options.commonWritable() ? "--bind" : "--ro-bind", layout.common().toString(),
                    WorkspaceLayout.SANDBOX_WORKSPACE + "/common"));
        }
        if (python.installed()) {
            wrapped.addAll(List.of("--ro-bind", python.folder().toString(), python.folder().toString()));
        }
        for (Path path : readOnly) {
            wrapped.addAll(List.of("--ro-bind", path.toString(), path.toString()));
        }
        wrapped.addAll(List.of("--setenv", "PATH", python.searchPath()));
        wrapped.addAll(List.of("--chdir", options.workingDirectory(), "--"));
        wrapped.addAll(command);
        return wrapped;
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
