package org.dtaas.workspace.workspaces.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where one user's workspace lives on this machine, and where its tools see it. In the sandbox the
 * user's files are {@code /workspace} (with {@code common/} read-only inside), HOME is
 * {@code /home/<user>}; without it the tools see the host paths.
 */
record WorkspaceLayout(String user, Path files, Path common, Path home, Path tmp, Path logs, boolean sandboxed) {

    static final String SANDBOX_WORKSPACE = "/workspace";

    static WorkspaceLayout of(String user, Path filesRoot, Path stateRoot, boolean sandboxed) {
        Path state = stateRoot.resolve(user);
        return new WorkspaceLayout(user, filesRoot.resolve(user), filesRoot.resolve("common"), state.resolve("home"),
                state.resolve("tmp"), state.resolve("logs"), sandboxed);
    }

    /** Creates the per-user folders (the files folder exists already: users are made with it). */
    void prepare() throws IOException {
        Files.createDirectories(home);
        Files.createDirectories(tmp);
        // X servers put their sockets here and, not being root, cannot create it themselves
        Path x11 = Files.createDirectories(tmp.resolve(".X11-unix"));
        Files.setPosixFilePermissions(x11, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.createDirectories(logs);
    }

    /** The user's files as the tools see them. */
    String workspaceDir() {
        return sandboxed ? SANDBOX_WORKSPACE : files.toString();
    }

    String homeDir() {
        return sandboxed ? "/home/" + user : home.toString();
    }

    String tmpDir() {
        return sandboxed ? "/tmp" : tmp.toString();
    }
}
