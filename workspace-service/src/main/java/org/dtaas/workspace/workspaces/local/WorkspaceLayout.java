package org.dtaas.workspace.workspaces.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.dtaas.files.TrustedTree;
import org.dtaas.files.UnixAccounts;

/**
 * Where one user's workspace lives on this machine, and where its tools see it. In the sandbox the
 * user's files are {@code /workspace} (with {@code common/} read-only inside), HOME is
 * {@code /home/<user>}; without it the tools see the host paths.
 */
record WorkspaceLayout(String user, Path files, Path common, Path home, Path tmp, Path logs, Path etc, boolean sandboxed,
        int uid) {

    static final String SANDBOX_WORKSPACE = "/workspace";
    /** The uid the sandbox's programs have when the user has no Unix account of their own. */
    static final int SHARED_UID = 1000;

    static WorkspaceLayout of(String user, Path filesRoot, Path stateRoot, boolean sandboxed) {
        return of(user, filesRoot, stateRoot, sandboxed, -1);
    }

    /** {@code uid}: the user's own Unix account, which owns their files and runs their programs (-1: none). */
    static WorkspaceLayout of(String user, Path filesRoot, Path stateRoot, boolean sandboxed, int uid) {
        Path state = stateRoot.resolve(user);
        return new WorkspaceLayout(user, filesRoot.resolve(user), filesRoot.resolve("common"), state.resolve("home"),
                state.resolve("tmp"), state.resolve("logs"), state.resolve("etc"), sandboxed, uid);
    }

    /** The uid the programs have inside the sandbox (and, with an account, outside it too). */
    int sandboxUid() {
        return uid >= 0 ? uid : SHARED_UID;
    }

    /** Creates the per-user folders (the files folder exists already: users are made with it). */
    void prepare() throws IOException {
        if (Files.isDirectory(tmp, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            // a fresh /tmp each start (a killed X server leaves its lock and socket behind); the user's
            // programs wrote it, so nothing in it is followed
            try (TrustedTree old = TrustedTree.open(tmp)) {
                old.deleteContents();
            }
        }
        prepareShared();
        if (uid >= 0) {
            // what root put into the user's files or HOME since (an admin's copy, a script) becomes theirs
            giveTrees();
        }
    }

    /**
     * What a lifecycle run needs too: HOME and the sandbox's accounts (a run has a /tmp of its own).
     * HOME and /tmp are the user's to fill: what the platform makes in them is made without following
     * anything the user's programs left there ({@link TrustedTree}).
     */
    void prepareShared() throws IOException {
        Files.createDirectories(home);
        Files.createDirectories(tmp);
        // X servers put their sockets here and, not being root, cannot create it themselves
        try (TrustedTree tmpTree = TrustedTree.open(tmp);
                TrustedTree x11 = tmpTree.ensureFolder(".X11-unix", PosixFilePermissions.fromString("rwxrwxrwx"))) {
            // made (or repaired) as a real folder of tmp
        }
        Files.createDirectories(logs);
        if (uid >= 0) {
            giveToTheUser();
        }
        if (sandboxed && !accountsWritten()) {
            writeAccounts(); // once per user and uid: every run and tool start would otherwise rewrite them
        }
    }

    /**
     * The user's files, HOME and /tmp belong to their Unix account. The whole trees the first time (what
     * an earlier version, or the platform as root, made there), recorded in {@code owner}, and again at
     * every workspace start; the folders themselves at every run too. Only these trusted roots are given
     * (paths the user cannot change); links inside are never followed ({@link UnixAccounts#giveRootOwnedTree}).
     */
    private void giveToTheUser() throws IOException {
        Path marker = home.resolveSibling("owner");
        String recorded = Files.exists(marker) ? Files.readString(marker).strip() : "";
        if (!recorded.equals(Integer.toString(uid))) {
            giveTrees();
            Files.writeString(marker, uid + "\n");
        }
        for (Path folder : java.util.List.of(home, tmp)) {
            UnixAccounts.setOwner(folder, uid);
        }
        if (Files.isDirectory(files, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            UnixAccounts.setOwner(files, uid);
        }
    }

    private void giveTrees() throws IOException {
        for (Path tree : java.util.List.of(files, home, tmp)) {
            if (Files.isDirectory(tree, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                UnixAccounts.giveRootOwnedTree(tree, uid);
            }
        }
    }

    private boolean accountsWritten() throws IOException {
        Path passwd = etc.resolve("passwd");
        return Files.exists(etc.resolve("group")) && Files.readAllLines(passwd).contains(accountLine());
    }

    private String accountLine() {
        return user + ":x:" + sandboxUid() + ":" + sandboxUid() + ":" + user + ":" + homeDir() + ":/bin/bash";
    }

    /**
     * The sandbox's /etc/passwd and /etc/group: the system's, with the sandbox uid named after the
     * user, so prompts and tools say "alice" rather than whoever has uid 1000 on the host.
     */
    private void writeAccounts() throws IOException {
        Files.createDirectories(etc);
        String uid = Integer.toString(sandboxUid());
        java.util.List<String> passwd = new java.util.ArrayList<>(Files.readAllLines(Path.of("/etc/passwd")).stream()
                .filter(line -> !line.split(":", -1)[2].equals(uid) && !line.startsWith(user + ":")).toList());
        passwd.add(accountLine());
        java.util.List<String> group = new java.util.ArrayList<>(Files.readAllLines(Path.of("/etc/group")).stream()
                .filter(line -> !line.split(":", -1)[2].equals(uid) && !line.startsWith(user + ":")).toList());
        group.add(user + ":x:" + uid + ":");
        Files.write(etc.resolve("passwd"), passwd);
        Files.write(etc.resolve("group"), group);
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
