package org.dtaas.workspace.workspaces.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dtaas.files.UnixAccounts;
import org.dtaas.identity.UserNames;
import org.dtaas.workspace.config.WorkspaceConfig;
import org.dtaas.workspace.process.WorkspacePaths;

/**
 * Lifecycle runs in the same sandbox as the user's workspace tools: the same view of the files
 * ({@code /workspace}, {@code common/} read-only; writable for an admin's run of a common twin), the same
 * HOME and user name, a /tmp of the run's own. Without bubblewrap a run sees the host paths.
 */
public final class RunSandbox {

    /**
     * The command to start, where the run finds its files ({@code WORKSPACE}, {@code DTAAS_COMMON}) and
     * where its output is written while it runs (on the user's disk; empty: beside the run's log).
     */
    public record Prepared(List<String> command, Map<String, String> paths, java.util.Optional<Path> outputFolder) {
    }

    private final Sandbox sandbox;
    private final Path filesRoot;
    private final Path stateRoot;

    public RunSandbox(WorkspaceConfig config) {
        this.sandbox = Sandbox.of(config.local().sandbox(), config.local().bwrap(), new WorkspacePython(Path.of(config.local().python())),
                SandboxAccounts.fromConfig());
        this.filesRoot = Path.of(config.filesPath()).toAbsolutePath().normalize();
        this.stateRoot = Path.of(config.local().statePath()).toAbsolutePath().normalize();
    }

    public boolean enabled() {
        return sandbox.enabled();
    }

    /** common's uid, its tree given to it once (what root wrote there before); -1 without accounts. */
    private int commonAccount() throws IOException {
        int uid = sandbox.uidOf(UserNames.COMMON);
        if (uid >= 0) {
            Path common = filesRoot.resolve(UserNames.COMMON);
            Path marker = stateRoot.resolve(".common-owner");
            if (!Files.exists(marker) || !Files.readString(marker).strip().equals(Integer.toString(uid))) {
                UnixAccounts.giveRootOwnedTree(common, uid);
                Files.createDirectories(stateRoot);
                Files.writeString(marker, uid + "\n");
            }
            UnixAccounts.setOwner(common, uid);
        }
        return uid;
    }

    /** Where the output of {@code user}'s runs is written while they go, when that is on their own disk. */
    public java.util.Optional<Path> outputFolder(String user) {
        try {
            return sandbox.runOutputFolder(user);
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    /** {@code program} (inside {@code twinFolder}, both host paths) to run as {@code user}. */
    public Prepared prepare(String user, Path program, Path twinFolder) throws IOException {
        Path twin = twinFolder.toAbsolutePath().normalize();
        Path common = filesRoot.resolve("common");
        sandbox.ensureDisk(user);
        java.util.Optional<Path> output = sandbox.runOutputFolder(user);
        if (!sandbox.enabled()) {
            return new Prepared(List.of(program.toString()), Map.of("WORKSPACE", filesRoot.resolve(user).toString(),
                    "DTAAS_COMMON", common.toString(), "PATH", sandbox.searchPath()), output);
        }
        WorkspaceLayout layout = WorkspaceLayout.of(user, filesRoot, stateRoot, true, sandbox.uidOf(user));
        layout.prepareShared();
        String inside = WorkspacePaths.inside(filesRoot, user, twin);
        String programInside = WorkspacePaths.inside(filesRoot, user, program.toAbsolutePath().normalize());
        boolean commonTwin = WorkspacePaths.inCommon(filesRoot, twin);
        // a common twin writes into common/: it runs as common's account, which owns that tree
        int runAs = commonTwin ? commonAccount() : -1;
        // no chown of the twin's folder here: its path runs through the user's tree, where a folder can be
        // swapped for a link between the catalogue's look and chown's start (chown -R -P follows links on
        // the way to its argument). Only trusted roots are given (WorkspaceLayout, commonAccount).
        List<String> command = sandbox.wrap(layout, List.of(programInside), List.of(),
                new Sandbox.Options(inside, true, commonTwin, runAs));
        return new Prepared(command, Map.of("WORKSPACE", WorkspacePaths.ROOT, "DTAAS_COMMON", WorkspacePaths.COMMON,
                "HOME", layout.homeDir(), "TMPDIR", "/tmp", "PATH", sandbox.searchPath()), output);
    }
}
