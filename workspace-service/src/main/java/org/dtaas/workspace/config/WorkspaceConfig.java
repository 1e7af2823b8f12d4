package org.dtaas.workspace.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The workspace-service's settings. */
@ConfigMapping(prefix = "dtaas.workspace")
public interface WorkspaceConfig {

    /** The library folder holding {@code <owner>/digital twins/...}; default {@code $DTAAS_HOME/files}. */
    String filesPath();

    /** {@code local} (supervised processes on this machine) or {@code kubernetes}. */
    @WithDefault("local")
    String backend();

    /** A workspace nobody used for this long is stopped; {@code 0} keeps workspaces running. */
    @WithDefault("PT8H")
    Duration idleTimeout();

    /**
     * When each user's service accounts last moved messages or points, as the services-provisioner notes
     * it [DTAAS_SERVICE_ACTIVITY_FILE]: traffic within the idle timeout keeps a workspace.
     */
    String serviceActivityFile();

    Local local();

    Kubernetes kubernetes();

    /** The Kubernetes backend: one Deployment, Service and files claim per user in one namespace. */
    interface Kubernetes {

        @WithDefault("dtaas-workspaces")
        String namespace();

        /** The seed's workspace image: Jupyter (Lab too), VS Code, desktop, terminal behind one nginx on 8080. */
        @WithDefault("mltooling/ml-workspace:0.13.2")
        String image();

        @WithDefault("IfNotPresent")
        String imagePullPolicy();

        @WithDefault("8080")
        int port();

        /** /dev/shm (an in-memory emptyDir): browsers and Python's multiprocessing need more than 64 MiB. */
        @WithDefault("1Gi")
        String shmSize();

        @WithDefault("500m")
        String cpuRequest();

        @WithDefault("2")
        String cpuLimit();

        @WithDefault("1Gi")
        String memoryRequest();

        @WithDefault("4Gi")
        String memoryLimit();

        /**
         * The claim holding every library ({@code <user>/}, {@code common/}): the same volume the library-service
         * and the workspace-service mount as {@code $DTAAS_HOME/files} (ReadWriteMany, or one node's hostpath).
         * A workspace mounts its user's folder at /workspace and common/ read-only inside it.
         */
        @WithDefault("dtaas-files")
        String filesClaim();

        /** Size of each user's home claim ({@code dtaas-home-<user>}: settings, extensions, packages), kept on stop. */
        @WithDefault("5Gi")
        String homeSize();

        java.util.Optional<String> storageClass();

        /** Where the workspace image keeps its user's home (ml-workspace: /root). */
        @WithDefault("/root")
        String homePath();

        /** The VNC password the image uses (ml-workspace's default), put into the desktop's link. */
        @WithDefault("vncpassword")
        String vncPassword();
    }

    /** The local backend: where the tools are and how they are sandboxed. */
    interface Local {

        /** Per-user state: {@code <user>/home} (the tools' HOME), {@code <user>/tmp}, logs. */
        String statePath();

        /** {@code auto}: bubblewrap when installed; {@code off}: plain processes (no isolation). */
        @WithDefault("auto")
        String sandbox();

        @WithDefault("/usr/bin/bwrap")
        String bwrap();

        /**
         * The workspaces' Python environment as scripts/install.sh makes it [DTAAS_PYTHON]: JupyterLab 4,
         * Notebook 7 with terminals, and the libraries twins use.
         */
        String python();

        /** Folder of code-server 4.100.3 as scripts/install-code-server.sh installs it. */
        String codeServer();

        @WithDefault("/usr/bin/node")
        String node();

        @WithDefault("/usr/bin/Xvfb")
        String xvfb();

        @WithDefault("/usr/bin/x11vnc")
        String x11vnc();

        @WithDefault("/usr/bin/websockify")
        String websockify();

        @WithDefault("/usr/share/novnc")
        String novnc();

        /** The desktop session run on the virtual display when installed (xfce4). */
        @WithDefault("/usr/bin/startxfce4")
        String desktopSession();

        /** How long a tool may take from start to answering its health check. */
        @WithDefault("PT60S")
        Duration startTimeout();

        /** Between health checks of a running workspace. */
        @WithDefault("PT5S")
        Duration healthInterval();

        /** Restarts of one crashed process within {@link #restartWindow()} before the tool is given up. */
        @WithDefault("5")
        int maxRestarts();

        @WithDefault("PT5M")
        Duration restartWindow();
    }
}
