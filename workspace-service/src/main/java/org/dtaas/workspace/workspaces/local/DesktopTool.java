package org.dtaas.workspace.workspaces.local;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.dtaas.files.TrustedTree;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dtaas.workspace.published.ListeningPorts;
import org.dtaas.workspace.workspaces.ToolRoute;
import org.dtaas.workspace.workspaces.ToolStatus;

/**
 * A Linux desktop in the browser: Xvfb (a virtual display, no TCP and no abstract socket, so other
 * workspaces cannot attach to it), x11vnc with a per-workspace password on loopback, websockify serving
 * noVNC at {@code /<user>/tools/vnc/}, and the xfce4 session when installed.
 */
final class DesktopTool implements LocalTool {

    private final Path xvfb;
    private final Path x11vnc;
    private final Path websockify;
    private final Path novnc;
    private final Path session;
    private static final Path DBUS_LAUNCH = Path.of("/usr/bin/dbus-launch");

    DesktopTool(String xvfb, String x11vnc, String websockify, String novnc, String session) {
        this.xvfb = Path.of(xvfb);
        this.x11vnc = Path.of(x11vnc);
        this.websockify = Path.of(websockify);
        this.novnc = Path.of(novnc);
        this.session = Path.of(session);
    }

    @Override
    public Optional<String> unavailableReason() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(xvfb)) {
            missing.add("xvfb");
        }
        if (!Files.isExecutable(x11vnc)) {
            missing.add("x11vnc");
        }
        if (!Files.isExecutable(websockify)) {
            missing.add("websockify");
        }
        if (!Files.isRegularFile(novnc.resolve("vnc.html"))) {
            missing.add("novnc");
        }
        if (Files.isExecutable(session) && !Files.isExecutable(DBUS_LAUNCH)) {
            missing.add("dbus-x11"); // without a session bus xfce opens with "Unable to contact settings server"
        }
        return missing.isEmpty() ? Optional.empty()
                : Optional.of("The desktop needs Debian's " + String.join(", ", missing) + ": run ./dtaas up (it installs the workspace tools).");
    }

    @Override
    public List<ToolStatus> unavailable(String user, String reason) {
        return List.of(new ToolStatus("desktop", "Desktop", prefix(user), false, false, reason));
    }

    private static String prefix(String user) {
        return "/" + user + "/tools/vnc/";
    }

    @Override
    public ToolInstance prepare(WorkspaceLayout layout, PortAllocator.Lease ports) throws IOException {
        String password = Probes.secret().substring(0, 8); // VNC passwords are at most 8 characters
        // HOME is the user's: .vnc and the password file are made without following what is there
        try (TrustedTree home = TrustedTree.open(layout.home());
                TrustedTree vnc = home.ensureFolder(".vnc", PosixFilePermissions.fromString("rwx------"))) {
            if (layout.uid() >= 0) {
                vnc.setOwner(layout.uid()); // x11vnc runs as the user's account and reads it
            }
            vnc.writeAtomically("dtaas-passwd", password + "\n", PosixFilePermissions.fromString("rw-------"), layout.uid());
        }
        return new Instance(layout, ports.display(), ports.port(), ports.port(), password);
    }

    private final class Instance implements ToolInstance {
        private final WorkspaceLayout layout;
        private final int display;
        private final int vncPort;
        private final int webPort;
        private final String password;
        private volatile boolean vncConfirmed;

        Instance(WorkspaceLayout layout, int display, int vncPort, int webPort, String password) {
            this.layout = layout;
            this.display = display;
            this.vncPort = vncPort;
            this.webPort = webPort;
            this.password = password;
        }

        @Override
        public List<ProcessSpec> processes() {
            Map<String, String> env = Probes.baseEnvironment(layout);
            env.put("DISPLAY", ":" + display);
            String socket = layout.tmpDir() + "/.X11-unix/X" + display;
            // x11vnc and the session need the display: wait for its socket rather than crash and be restarted
            String waitForDisplay = "for i in $(seq 100); do [ -S " + socket + " ] && break; sleep 0.1; done; exec ";
            List<ProcessSpec> processes = new ArrayList<>(List.of(
                    // a killed X server leaves its lock and socket, and a new one would refuse the display
                    // ("server already active"): they go before every (re)start
                    new ProcessSpec("xvfb", List.of("/bin/sh", "-c", "rm -f " + layout.tmpDir() + "/.X" + display + "-lock "
                            + socket + "; exec " + xvfb + " :" + display + " -screen 0 1600x900x24 -nolisten tcp -nolisten local"),
                            env),
                    new ProcessSpec("x11vnc", List.of("/bin/sh", "-c", waitForDisplay + x11vnc + " -display :" + display
                            + " -rfbport " + vncPort + " -localhost -passwdfile " + layout.homeDir() + "/.vnc/dtaas-passwd"
                            + " -forever -shared -quiet -noxdamage -noshm" /* each program has its own IPC namespace */), env),
                    new ProcessSpec("websockify", List.of(websockify.toString(), "--web", novnc.toString(),
                            "127.0.0.1:" + webPort, "127.0.0.1:" + vncPort), env)));
            if (Files.isExecutable(session)) {
                processes.add(new ProcessSpec("desktop-session", List.of("/bin/sh", "-c", waitForDisplay + session), env));
            }
            return processes;
        }

        /**
         * Ready when a VNC server answers through websockify (checked until it did, and again after
         * websockify came back): the page alone answers while x11vnc or the display are still missing.
         * Once confirmed, only the page is asked, since a probe through websockify looks like an open
         * viewer, which is use.
         */
        @Override
        public boolean healthy(HttpClient http) {
            if (!Probes.answers(http, "http://127.0.0.1:" + webPort + "/vnc.html", null, null)) {
                vncConfirmed = false;
                return false;
            }
            if (!vncConfirmed) {
                vncConfirmed = Probes.vncAnswersBehind(http, "ws://127.0.0.1:" + webPort + "/websockify");
            }
            return vncConfirmed;
        }

        /** The desktop has no activity log: an open viewer (its WebSocket through the gateway) is use. */
        @Override
        public Optional<Instant> lastActivity(HttpClient http) {
            return ListeningPorts.connectedFromElsewhere(webPort) ? Optional.of(Instant.now()) : Optional.empty();
        }

        @Override
        public List<ToolRoute> routes() {
            return List.of(new ToolRoute(prefix(layout.user()), "http://127.0.0.1:" + webPort + "/", Map.of()));
        }

        /** noVNC opens its WebSocket at {@code path}, relative to the host: point it under the user's prefix. */
        @Override
        public List<ToolStatus> statuses(boolean ready, String reason) {
            String user = layout.user();
            String path = prefix(user) + "vnc.html?path=" + user + "/tools/vnc/websockify&password=" + password
                    + "&autoconnect=true&resize=remote";
            return List.of(new ToolStatus("desktop", "Desktop", path, true, ready, reason));
        }
    }
}
