package org.dtaas.workspace.workspaces.local;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The workspaces' Python (a virtual environment of Debian's python3 that scripts/install.sh fills from
 * PyPI): JupyterLab, Notebook and the libraries twins use. Every sandboxed program sees it read-only
 * at its own path, first on PATH, so a terminal, a notebook and a lifecycle run find the same
 * {@code python3} with numpy, pandas, pika and the rest.
 */
record WorkspacePython(Path folder) {

    static final String SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin";

    WorkspacePython {
        folder = folder.toAbsolutePath().normalize();
    }

    boolean installed() {
        return Files.isExecutable(folder.resolve("bin").resolve("python3"));
    }

    Path program(String name) {
        return folder.resolve("bin").resolve(name);
    }

    /** PATH for a workspace program: this Python's programs before the system's. */
    String searchPath() {
        return installed() ? folder.resolve("bin") + ":" + SYSTEM_PATH : SYSTEM_PATH;
    }
}
