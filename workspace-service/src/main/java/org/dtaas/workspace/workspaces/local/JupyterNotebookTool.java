package org.dtaas.workspace.workspaces.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
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
 * Jupyter Notebook (Debian's 6.4) serving {@code /<user>/tree} and, through its terminado terminals,
 * the seed's {@code /<user>/terminals/main}. It listens on loopback with a random token; the gateway
 * adds the token to every request it forwards, so only requests the gateway let through get in.
 * JupyterLab is listed as unavailable: Debian does not package it and PyPI is not reachable.
 */
final class JupyterNotebookTool implements LocalTool {

    static final String LAB_UNAVAILABLE = "JupyterLab is not packaged in Debian and cannot be installed without PyPI;"
            + " use Jupyter Notebook here, or the Kubernetes backend, whose workspace image has JupyterLab.";
    private static final Pattern LAST_ACTIVITY = Pattern.compile("\"last_activity\":\\s*\"([^\"]+)\"");

    static final String TERMINAL_UNFIXED = "Debian's Jupyter terminal page is broken (its xterm bundle stops with"
            + " 'exports is not defined'): run ./dtaas install-tools, which installs the fixed page.";

    private final Path program;
    private final Path terminalFix;

    JupyterNotebookTool(String program, String terminalFix) {
        this.program = Path.of(program);
        this.terminalFix = Path.of(terminalFix);
    }

    /** scripts/install-jupyter-terminal.sh's folder, searched by Jupyter before its own static files. */
    private boolean terminalFixed() {
        return Files.isRegularFile(terminalFix.resolve("terminal/js/main.min.js"));
    }

    @Override
    public Optional<String> unavailableReason() {
        return Files.isExecutable(program) ? Optional.empty()
                : Optional.of("Jupyter Notebook is not installed (" + program + "): run ./dtaas install-tools"
                        + " (Debian packages jupyter-notebook python3-terminado).");
    }

    @Override
    public List<ToolStatus> unavailable(String user, String reason) {
        return List.of(lab(user), new ToolStatus("notebook", "Jupyter Notebook", "/" + user + "/tree", false, false, reason),
                new ToolStatus("terminal", "Terminal", "/" + user + "/terminals/main", false, false, reason));
    }

    @Override
    public List<ToolStatus> stopped(String user) {
        return List.of(lab(user), new ToolStatus("notebook", "Jupyter Notebook", "/" + user + "/tree", true, false, null),
                terminalFixed() ? new ToolStatus("terminal", "Terminal", "/" + user + "/terminals/main", true, false, null)
                        : new ToolStatus("terminal", "Terminal", "/" + user + "/terminals/main", false, false, TERMINAL_UNFIXED));
    }

    private static ToolStatus lab(String user) {
        return new ToolStatus("lab", "Jupyter Lab", "/" + user + "/lab", false, false, LAB_UNAVAILABLE);
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
            return List.of(new ProcessSpec("jupyter-notebook", List.of(program.toString(),
                    "--no-browser", "--allow-root", "--ip=127.0.0.1", "--port=" + port, "--port-retries=0",
                    "--NotebookApp.base_url=" + base, "--notebook-dir=" + layout.workspaceDir(),
                    // the gateway checks who may come in and forwards the browser's own Host
                    "--NotebookApp.allow_remote_access=True",
                    "--NotebookApp.terminado_settings={'shell_command': ['/bin/bash', '-l']}",
                    "--NotebookApp.extra_static_paths=['" + terminalFix + "']"), env));
        }

        @Override
        public List<Path> readOnlyBinds() {
            return terminalFixed() ? List.of(terminalFix) : List.of();
        }

        /** Answers, and has the terminal "main" the seed's route opens (it ends when its shell exits). */
        @Override
        public boolean healthy(HttpClient http) {
            return Probes.answers(http, url() + "api/status", "Authorization", "token " + token) && ensureMainTerminal(http);
        }

        /** Notebook 6.4 answers 404 to a WebSocket for a terminal that does not exist yet: make it. */
        private boolean ensureMainTerminal(HttpClient http) {
            try {
                // no_track_activity: the probe itself must not count as use (idle stop)
                HttpRequest list = HttpRequest.newBuilder(URI.create(url() + "api/terminals?no_track_activity=1"))
                        .timeout(Duration.ofSeconds(2)).header("Authorization", "token " + token).build();
                if (http.send(list, HttpResponse.BodyHandlers.ofString()).body().contains("\"main\"")) {
                    return true;
                }
                // the API names terminals itself; notebook's /terminals/new/<name> page makes a named one
                HttpRequest create = HttpRequest.newBuilder(URI.create(url() + "terminals/new/main"))
                        .timeout(Duration.ofSeconds(5)).header("Authorization", "token " + token).build();
                return http.send(create, HttpResponse.BodyHandlers.discarding()).statusCode() == 302;
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
            return List.of(lab(layout.user()),
                    new ToolStatus("notebook", "Jupyter Notebook", base + "tree", true, ready, reason),
                    terminalFixed() ? new ToolStatus("terminal", "Terminal", base + "terminals/main", true, ready, reason)
                            : new ToolStatus("terminal", "Terminal", base + "terminals/main", false, false, TERMINAL_UNFIXED));
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
