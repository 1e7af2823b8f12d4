package org.dtaas.workspace.workspaces.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dtaas.workspace.workspaces.ToolRoute;
import org.dtaas.workspace.workspaces.ToolStatus;

/**
 * JupyterLab 4 and Notebook 7 (from PyPI, in the workspaces' Python) on one Jupyter Server: the seed's
 * {@code /<user>/lab}, {@code /<user>/tree} and, through jupyter-server-terminals, the terminal
 * {@code /<user>/terminals/main}. It listens on loopback with a random token; the gateway adds the
 * token to every request it forwards, so only requests the gateway let through get in.
 */
final class JupyterTool implements LocalTool {

    private static final Pattern LAST_ACTIVITY = Pattern.compile("\"last_activity\":\\s*\"([^\"]+)\"");

    private final WorkspacePython python;

    JupyterTool(WorkspacePython python) {
        this.python = python;
    }

    private Path program() {
        return python.program("jupyter-lab");
    }

    @Override
    public Optional<String> unavailableReason() {
        return java.nio.file.Files.isExecutable(program()) ? Optional.empty()
                : Optional.of("JupyterLab is not installed (" + program() + "): ./dtaas up installs it"
                        + " (scripts/install.sh, from PyPI into the workspaces' Python).");
    }

    @Override
    public List<ToolStatus> unavailable(String user, String reason) {
        return statuses("/" + user + "/", false, false, reason);
    }

    private static List<ToolStatus> statuses(String base, boolean available, boolean ready, String reason) {
        return List.of(new ToolStatus("lab", "JupyterLab", base + "lab", available, ready, reason),
                new ToolStatus("notebook", "Jupyter Notebook", base + "tree", available, ready, reason),
                new ToolStatus("terminal", "Terminal", base + "terminals/main", available, ready, reason));
    }

    @Override
    public ToolInstance prepare(WorkspaceLayout layout, PortAllocator.Lease ports) {
        return new Instance(layout, ports.port(), Probes.secret());
    }

    private final class Instance implements ToolInstance {
        private final WorkspaceLayout layout;
        private final int port;
        private final String token;
        private final String base;

        Instance(WorkspaceLayout layout, int port, String token) {
            this.layout = layout;
            this.port = port;
            this.token = token;
            this.base = "/" + layout.user() + "/";
        }

        @Override
        public List<ProcessSpec> processes() {
            Map<String, String> env = Probes.baseEnvironment(layout);
            env.put("JUPYTER_TOKEN", token); // not on the command line, where `ps` would show it
            env.put("PATH", python.searchPath());
            return List.of(new ProcessSpec("jupyter", List.of(program().toString(),
                    "--no-browser", "--allow-root", "--ip=127.0.0.1", "--port=" + port, "--port-retries=0",
                    "--ServerApp.base_url=" + base, "--ServerApp.root_dir=" + layout.workspaceDir(),
                    // the gateway checks who may come in and forwards the browser's own Host
                    "--ServerApp.allow_remote_access=True",
                    // an interactive, not a login, shell: a login shell's /etc/profile would reset PATH and hide the
                    // workspaces' Python
                    "--ServerApp.terminado_settings={'shell_command': ['/bin/bash', '-i']}",
                    // no calls out of the machine: no update check, no news feed
                    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                    "--LabApp.news_url=None"), env));
        }

        /** Answers, and has the terminal "main" the seed's route opens (it ends when its shell exits). */
        @Override
        public boolean healthy(HttpClient http) {
            return Probes.answers(http, url() + "api/status", "Authorization", "token " + token) && ensureMainTerminal(http);
        }

        private boolean ensureMainTerminal(HttpClient http) {
            try {
                // no_track_activity: the probe itself must not count as use (idle stop)
                HttpRequest list = HttpRequest.newBuilder(URI.create(url() + "api/terminals?no_track_activity=1"))
                        .timeout(Duration.ofSeconds(2)).header("Authorization", "token " + token).build();
                if (http.send(list, HttpResponse.BodyHandlers.ofString()).body().contains("\"main\"")) {
                    return true;
                }
                HttpRequest create = HttpRequest.newBuilder(URI.create(url() + "api/terminals"))
                        .timeout(Duration.ofSeconds(5)).header("Authorization", "token " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"main\"}")).build();
                return http.send(create, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (java.io.IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        @Override
        public List<ToolRoute> routes() {
            return List.of(new ToolRoute(base, url(), Map.of("Authorization", "token " + token)));
        }

        @Override
        public List<ToolStatus> statuses(boolean ready, String reason) {
            return JupyterTool.statuses(base, true, ready, reason);
        }

        /** Jupyter counts kernel, terminal and API activity in {@code /api/status}. */
        @Override
        public Optional<Instant> lastActivity(HttpClient http) {
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "api/status"))
                        .timeout(Duration.ofSeconds(2)).header("Authorization", "token " + token).build();
                String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
                Matcher m = LAST_ACTIVITY.matcher(body);
                return m.find() ? Optional.of(Instant.parse(m.group(1))) : Optional.empty();
            } catch (Exception e) {
                return Optional.empty();
            }
        }

        private String url() {
            return "http://127.0.0.1:" + port + base;
        }
    }
}
